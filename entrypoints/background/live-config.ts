/**
 * Live page config, the background's half: when the settings or the cached remote config change
 * in a way a tracker page can see through `page.config`, every open tab gets a `PageConfigChanged`
 * notice and its content script asks again (entrypoints/content/watch.ts). Content scripts never
 * read storage themselves: the settings hold the backend token.
 */
import { browser } from 'wxt/browser';
import type { PageConfigChanged } from '../../utils/contracts/messages';
import { REMOTE_CONFIG_KEY } from '../../platform/remote-config';
import { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../../platform/settings';

/** Quiet time after the last write before tabs are told: a burst of writes makes one notice. */
export const NOTICE_DELAY_MS = 200;

/** The settings `page.config` is built from (the token, history and sync options are not). */
const PAGE_SETTINGS = ['backendUrl', 'disabledBuiltIns', 'trackers', 'ignoredResponders', 'local'] as const satisfies ReadonlyArray<keyof Settings>;

type Change = { oldValue?: unknown; newValue?: unknown };

/** A stored field, or its default when absent (a migration that fills in defaults changes nothing). */
const field = (value: unknown, key: string, defaults: Record<string, unknown>): unknown =>
  (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined) ?? defaults[key];
const differs = (change: Change, keys: readonly string[], defaults: Record<string, unknown> = {}) =>
  keys.some((key) => JSON.stringify(field(change.oldValue, key, defaults)) !== JSON.stringify(field(change.newValue, key, defaults)));

/**
 * Whether a `storage.local` change alters what tracker pages get. The hourly refresh that the
 * backend answers 304 rewrites only `fetchedAt` of the cached config: no notice for that.
 */
export function changesPageConfig(changes: Record<string, Change>): boolean {
  const settings = changes[SETTINGS_KEY];
  const remote = changes[REMOTE_CONFIG_KEY];
  return Boolean((settings && differs(settings, PAGE_SETTINGS, DEFAULT_SETTINGS)) || (remote && differs(remote, ['config', 'backendUrl'])));
}

/**
 * Sends the notice to every tab. Without the "tabs" permission `tabs.query` still gives ids;
 * tabs without our content script reject (no receiving end), which is expected and ignored.
 * Resolves with the number of tabs that took it.
 */
export async function announcePageConfigChange(): Promise<number> {
  const notice: PageConfigChanged = { type: 'page.config.changed' };
  const tabs = await browser.tabs.query({});
  const tell = async (tabId: number | undefined) => {
    if (tabId === undefined) return false;
    try {
      await browser.tabs.sendMessage(tabId, notice);
      return true;
    } catch {
      return false; // no content script of ours in that tab (or it is closing): nothing to update
    }
  };
  const told = await Promise.all(tabs.map((tab) => tell(tab.id)));
  return told.filter(Boolean).length;
}

/**
 * Listens for storage changes and tells the tabs once per burst. The pending timer is a queue of
 * work, not state: a worker stopped before it fires loses only a notice for a change that the
 * tabs' next page load picks up anyway.
 */
export function registerPageConfigNotices(onError: (error: unknown) => void, delayMs = NOTICE_DELAY_MS): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  browser.storage.onChanged.addListener((changes, area) => {
    // A policy change names the managed keys that changed (backendUrl, trackers, …) at the top level.
    const relevant = area === 'local' ? changesPageConfig(changes) : area === 'managed' && PAGE_SETTINGS.some((key) => key in changes);
    if (!relevant) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      announcePageConfigChange().catch(onError);
    }, delayMs);
  });
}
