/**
 * Background side of custom tracker origins: keeps the runtime-registered content scripts in
 * step with the settings (and the backend's trackers) and the host permissions granted right now.
 *
 * Built-in trackers use the manifest's static content script. Every other origin gets a dynamic
 * script `sf-…` once its permission is granted; it persists across browser restarts, and is
 * reconciled again on install/update and startup in case the browser dropped it or the
 * permission was lost in between (a known pain after browser updates).
 */
import { browser } from 'wxt/browser';
import { handleContextMenuClick, registerContextMenu } from './context-menu';
import { accessByOrigin, isBuiltInOrigin, originPattern } from './permissions';
import { readCachedRemoteConfig, REMOTE_CONFIG_KEY } from './remote-config';
import { readSettings, SETTINGS_KEY, type Settings } from './settings';
import type { CustomTracker } from '../utils/contracts/schema';
import { WATCHER_RUN_AT } from '../utils/trackers/built-in-matches';

export const SCRIPT_ID_PREFIX = 'sf-';
/** Where WXT writes `entrypoints/content/index.ts`. */
export const CONTENT_SCRIPT_FILE = 'content-scripts/content.js';

export interface ContentScriptSpec {
  id: string;
  matches: string[];
  js: string[];
  runAt: typeof WATCHER_RUN_AT;
  /** Rule-based trackers may show tickets in a same-origin frame (newer ZenTao: `iframe#appIframe-qa`). */
  allFrames: boolean;
  persistAcrossSessions: boolean;
}

/** What `scripting.getRegisteredContentScripts` answers (fields we compare). */
export interface RegisteredScript {
  id: string;
  matches?: string[];
  js?: string[];
  runAt?: string;
  allFrames?: boolean;
  persistAcrossSessions?: boolean;
}

export interface ContentScriptPlan {
  register: ContentScriptSpec[];
  update: ContentScriptSpec[];
  unregister: string[];
}

/** 32-bit FNV-1a, hex: short, stable across runs and browsers. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * `https://jira.example.com:8443` → `sf-jira.example.com-<hash>`: readable in the browser's
 * devtools, and the hash keeps `a-b.com` and `a.b.com` (or http vs https) apart. Keyed by the
 * match pattern, which has no port, so two ports of one host share one script.
 */
export function scriptIdForOrigin(origin: string): string {
  const host = new URL(origin).hostname.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return `${SCRIPT_ID_PREFIX}${host}-${fnv1a(originPattern(origin))}`;
}

export function contentScriptFor(origin: string, { allFrames = false } = {}): ContentScriptSpec {
  return {
    id: scriptIdForOrigin(origin),
    matches: [originPattern(origin)],
    js: [CONTENT_SCRIPT_FILE],
    runAt: WATCHER_RUN_AT,
    allFrames,
    persistAcrossSessions: true,
  };
}

/**
 * Origins where a rule-based tracker is configured: their script also runs in same-origin frames,
 * since apps like ZenTao show the ticket inside one. Jira, GitHub and GitLab show tickets in the
 * top page, so their frames (gadgets, previews) are left alone.
 */
export function framedOrigins(settings: Pick<Settings, 'trackers'>, remoteTrackers: readonly CustomTracker[] = []): Set<string> {
  return new Set([...settings.trackers, ...remoteTrackers].filter((tracker) => tracker.type === 'generic').map((tracker) => tracker.origin));
}

/** Every custom origin the user or the backend configured, built-ins left out, each once. */
export function customOrigins(settings: Pick<Settings, 'trackers'>, remoteTrackers: readonly CustomTracker[] = []): string[] {
  const origins = [...settings.trackers, ...remoteTrackers].map((tracker) => tracker.origin);
  return [...new Set(origins)].filter((origin) => !isBuiltInOrigin(origin));
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return (a ?? []).length === b.length && b.every((item, index) => a?.[index] === item);
}

/**
 * Pure: what to change so the registered `sf-` scripts are exactly `desired`. Scripts of other
 * ids (registered by anything else) are never touched.
 */
export function planContentScripts(desired: readonly ContentScriptSpec[], registered: readonly RegisteredScript[]): ContentScriptPlan {
  const ours = new Map(registered.filter((script) => script.id.startsWith(SCRIPT_ID_PREFIX)).map((script) => [script.id, script]));
  const wanted = new Set(desired.map((script) => script.id));
  const plan: ContentScriptPlan = { register: [], update: [], unregister: [] };
  for (const script of desired) {
    const existing = ours.get(script.id);
    if (!existing) plan.register.push(script);
    else if (
      !sameList(existing.matches, script.matches) ||
      !sameList(existing.js, script.js) ||
      (existing.runAt ?? 'document_idle') !== script.runAt ||
      (existing.allFrames ?? false) !== script.allFrames ||
      (existing.persistAcrossSessions ?? true) !== script.persistAcrossSessions
    )
      plan.update.push(script);
  }
  for (const id of ours.keys()) if (!wanted.has(id)) plan.unregister.push(id);
  return plan;
}

export function isEmptyPlan(plan: ContentScriptPlan): boolean {
  return plan.register.length + plan.update.length + plan.unregister.length === 0;
}

// The polyfill's scripting types lag behind Chrome's (persistAcrossSessions); keep one narrow view.
interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<RegisteredScript[]>;
  registerContentScripts(scripts: ContentScriptSpec[]): Promise<void>;
  updateContentScripts(scripts: ContentScriptSpec[]): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
}
const scripting = (): ScriptingApi => browser.scripting as unknown as ScriptingApi;

async function currentPlan(): Promise<ContentScriptPlan> {
  const settings = await readSettings();
  const remote = await readCachedRemoteConfig(settings.backendUrl);
  const remoteTrackers = remote?.config.trackers ?? [];
  const origins = customOrigins(settings, remoteTrackers);
  const framed = framedOrigins(settings, remoteTrackers);
  const access = await accessByOrigin(origins);
  const granted = origins.filter((origin) => access.get(origin)).map((origin) => contentScriptFor(origin, { allFrames: framed.has(origin) }));
  const desired = [...new Map(granted.map((script) => [script.id, script])).values()];
  return planContentScripts(desired, await scripting().getRegisteredContentScripts());
}

async function applyPlan(plan: ContentScriptPlan): Promise<void> {
  if (plan.unregister.length > 0) await scripting().unregisterContentScripts({ ids: plan.unregister });
  if (plan.update.length > 0) await scripting().updateContentScripts(plan.update);
  if (plan.register.length > 0) await scripting().registerContentScripts(plan.register);
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Brings the dynamic content scripts in line with settings + permissions and returns what it
 * changed. Calls in one context run one after another; the options page and the background may
 * still race (both react to a permission grant), so a failed apply is planned again once from
 * the browser's fresh state — a "duplicate id" from the other side then becomes an update.
 */
export function reconcileContentScripts(): Promise<ContentScriptPlan> {
  const run = async (): Promise<ContentScriptPlan> => {
    const plan = await currentPlan();
    try {
      await applyPlan(plan);
      return plan;
    } catch {
      const retry = await currentPlan();
      await applyPlan(retry);
      return retry;
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

function reconcileLogged(reason: string): void {
  reconcileContentScripts().catch((error: unknown) => console.error(`Service Feedback: content scripts not reconciled after ${reason}`, error));
}

/** Call synchronously at the top of the background worker: MV3 may start it just to deliver one of these events. */
export function registerTrackerAccessListeners(): void {
  browser.permissions.onAdded.addListener(() => reconcileLogged('a permission was granted'));
  browser.permissions.onRemoved.addListener(() => reconcileLogged('a permission was removed'));
  const ensureMenu = () => registerContextMenu().catch((error: unknown) => console.error('Service Feedback: context menu not created', error));
  browser.runtime.onInstalled.addListener(() => {
    void ensureMenu();
    reconcileLogged('install or update');
  });
  browser.runtime.onStartup.addListener(() => {
    // Chrome keeps menu items across restarts, Firefox's event pages may not: creating again is harmless.
    void ensureMenu();
    reconcileLogged('browser start');
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && (SETTINGS_KEY in changes || REMOTE_CONFIG_KEY in changes)) reconcileLogged('a settings change');
    if (area === 'managed') reconcileLogged('a policy change');
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    handleContextMenuClick(info, tab).catch((error: unknown) => console.error('Service Feedback: context menu action failed', error));
  });
}
