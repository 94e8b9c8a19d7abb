/**
 * User settings in `browser.storage.local` under `settings`, zod-validated and versioned.
 *
 * - Older shapes are migrated step by step (`MIGRATIONS`), so an update never loses a setting;
 *   the value as it was before migrating is kept under `settingsBackup`.
 * - Reads never throw. A field (or a single custom tracker) that fails validation is kept aside
 *   under `settingsRejected` with the reason, and the rest of the settings survive.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { BUILT_IN_TRACKERS, type BuiltInTracker } from '../utils/trackers/built-in-matches';
import { CustomTracker, RemoteConfig } from '../utils/contracts/schema';
import { readManaged, type ManagedValues } from './managed-settings';

export const SETTINGS_VERSION = 2;
export const SETTINGS_KEY = 'settings';
export const SETTINGS_REJECTED_KEY = 'settingsRejected';
export const SETTINGS_BACKUP_KEY = 'settingsBackup';
/** How many set-aside values `settingsRejected` keeps (oldest dropped first). */
const REJECTED_KEPT = 10;

export { BUILT_IN_TRACKERS, type BuiltInTracker };

export const Settings = z.object({
  version: z.number().int().default(SETTINGS_VERSION),
  /** Where ratings sync to; absent = local-only mode. */
  backendUrl: z.url({ protocol: /^https?$/ }).optional(),
  token: z.string().max(500).optional(),
  /** Built-in trackers the user switched off. */
  disabledBuiltIns: z.array(z.enum(BUILT_IN_TRACKERS)).default([]),
  trackers: z.array(CustomTracker).default([]),
  /** Send ratings without the rater's identity. */
  anonymous: z.boolean().default(false),
  /** Send ticket titles with ratings (off = only keys and URLs leave the browser). */
  sendTitles: z.boolean().default(true),
  /** Days of local ticket history kept. */
  historyDays: z.number().int().min(1).max(3650).default(90),
  /** Logins that never count as a first response (bots, automation accounts). */
  ignoredResponders: z.array(z.string()).default([]),
  /** Services, policies and calendars for use without a backend. */
  local: RemoteConfig.optional(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

type Raw = Record<string, unknown>;

/**
 * `MIGRATIONS[n]` turns a version-n object into version n+1. Steps only rename and normalise;
 * they never drop a value they do not understand (unknown keys pass through untouched and are
 * reported by `unknownKeys`).
 */
export const MIGRATIONS: ReadonlyArray<(old: Raw) => Raw> = [
  // v0, the pre-release shape without `version`: serverUrl, apiToken, includeTitles.
  ({ serverUrl, apiToken, includeTitles, ...rest }) => ({
    ...rest,
    ...(serverUrl !== undefined && rest.backendUrl === undefined ? { backendUrl: serverUrl } : {}),
    ...(apiToken !== undefined && rest.token === undefined ? { token: apiToken } : {}),
    ...(includeTitles !== undefined && rest.sendTitles === undefined ? { sendTitles: includeTitles } : {}),
    version: 1,
  }),
  // v1 → v2: tracker origins were stored as typed (`https://Jira.Example.com/jira/`), which the
  // origin check refuses; keep the origin and move a Jira path into `contextPath`.
  (old) => ({
    ...old,
    trackers: Array.isArray(old.trackers) ? old.trackers.map(normaliseStoredTracker) : old.trackers,
    version: 2,
  }),
];

function normaliseStoredTracker(tracker: unknown): unknown {
  if (!isRecord(tracker) || typeof tracker.origin !== 'string') return tracker;
  let url: URL;
  try {
    url = new URL(tracker.origin);
  } catch {
    return tracker;
  }
  const path = url.pathname.replace(/\/+$/, '');
  const movePath = tracker.type === 'jira' && path !== '' && tracker.contextPath === undefined;
  return { ...tracker, origin: url.origin, ...(movePath ? { contextPath: path } : {}) };
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function storedVersion(raw: Raw): number {
  return typeof raw.version === 'number' && Number.isInteger(raw.version) ? raw.version : 0;
}

/** Runs every step from the stored version up to `SETTINGS_VERSION`. */
export function migrateSettings(raw: Raw): Raw {
  let value = raw;
  for (let version = storedVersion(raw); version < SETTINGS_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`settings: no migration from version ${version}`);
    value = step(value);
  }
  return value;
}

/** One problem in a settings object, with the dotted path of the field (`trackers.0.origin`). */
export interface FieldProblem {
  path: string;
  message: string;
}

export function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

export interface SettingsReading {
  settings: Settings;
  /** Parts that could not be used, with the reason; empty when everything was valid. */
  rejected: Array<FieldProblem & { value: unknown }>;
  /** Keys this version does not know (from a newer version or a typo in an import). */
  unknownKeys: string[];
  fromVersion: number;
}

/**
 * Pure: migrate and validate a stored or imported value. Invalid fields fall back to their
 * default and invalid custom trackers are left out — both are listed in `rejected` so the caller
 * can keep them aside instead of losing them.
 */
export function interpretSettings(stored: unknown): SettingsReading {
  if (!isRecord(stored)) {
    return { settings: DEFAULT_SETTINGS, rejected: [{ path: '(root)', message: 'settings must be an object', value: stored }], unknownKeys: [], fromVersion: 0 };
  }
  const fromVersion = storedVersion(stored);
  if (fromVersion > SETTINGS_VERSION) {
    // Written by a newer version (downgrade or sync): use what still parses, keep the rest aside.
    return { ...salvage(stored), fromVersion };
  }
  return { ...salvage(migrateSettings(stored)), fromVersion };
}

function salvage(candidate: Raw): Omit<SettingsReading, 'fromVersion'> {
  const known = new Set(Object.keys(Settings.shape));
  const unknownKeys = Object.keys(candidate).filter((key) => !known.has(key));
  const rejected: SettingsReading['rejected'] = [];
  const value: Raw = { ...candidate, version: SETTINGS_VERSION };

  if (Array.isArray(value.trackers)) {
    value.trackers = value.trackers.filter((tracker, index) => {
      const parsed = CustomTracker.safeParse(tracker);
      if (!parsed.success) {
        for (const problem of problemsOf(parsed.error)) rejected.push({ path: `trackers.${index}.${problem.path}`, message: problem.message, value: tracker });
      }
      return parsed.success;
    });
  }
  const parsed = Settings.safeParse(value);
  if (parsed.success) return { settings: parsed.data, rejected, unknownKeys };

  const badKeys = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')));
  for (const problem of problemsOf(parsed.error)) {
    const key = problem.path.split('.')[0] ?? '';
    rejected.push({ ...problem, value: candidate[key] });
  }
  for (const key of badKeys) delete value[key];
  const retry = Settings.safeParse(value);
  return { settings: retry.success ? retry.data : DEFAULT_SETTINGS, rejected, unknownKeys };
}

/**
 * Pure: the settings in force — the person's own with the organisation's policy on top. A managed
 * key wins; managed trackers come first and replace the person's tracker at the same origin.
 */
export function applyManaged(own: Settings, managed: ManagedValues): Settings {
  const { trackers, signIn: _signIn, ...plain } = managed;
  const merged: Settings = { ...own };
  for (const [key, value] of Object.entries(plain)) if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  if (trackers) {
    const origins = new Set(trackers.map((tracker) => tracker.origin));
    merged.trackers = [...trackers, ...own.trackers.filter((tracker) => !origins.has(tracker.origin))];
  }
  return merged;
}

/**
 * Pure: what to store as the person's own when the page saves `next` (settings in force plus an
 * edit). Managed keys keep the person's previous own value, so lifting the policy gives back
 * exactly what they had; the policy's trackers are not copied into their list.
 */
export function ownPart(next: Settings, own: Settings, managed: ManagedValues): Settings {
  const result: Settings = { ...next };
  for (const key of Object.keys(managed) as Array<keyof ManagedValues>) {
    if (managed[key] === undefined || key === 'trackers' || key === 'signIn') continue;
    (result as Record<string, unknown>)[key] = own[key];
  }
  if (managed.trackers) {
    const origins = new Set(managed.trackers.map((tracker) => tracker.origin));
    result.trackers = [...next.trackers.filter((tracker) => !origins.has(tracker.origin)), ...own.trackers.filter((tracker) => origins.has(tracker.origin))];
  }
  return result;
}

/** The settings in force: the person's own (`readOwnSettings`) with the organisation's policy applied. */
export async function readSettings(): Promise<Settings> {
  const [own, managed] = await Promise.all([readOwnSettings(), readManaged()]);
  return applyManaged(own, managed.values);
}

/** The person's own settings in `storage.local`, migrated and validated (no policy applied). */
export async function readOwnSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  if (stored === undefined) return DEFAULT_SETTINGS;
  const reading = interpretSettings(stored);
  // A value from a newer version stays untouched in storage: that version can still read it.
  if (reading.fromVersion > SETTINGS_VERSION) return reading.settings;
  const needsRewrite = reading.fromVersion < SETTINGS_VERSION || reading.rejected.length > 0 || reading.unknownKeys.length > 0;
  if (!needsRewrite) return reading.settings;
  if (reading.rejected.length > 0 || reading.unknownKeys.length > 0) await keepAside(stored, reading);
  // Keep the value as it was so nothing is lost if a migration step ever turns out wrong.
  await browser.storage.local.set({
    [SETTINGS_BACKUP_KEY]: { at: new Date().toISOString(), fromVersion: reading.fromVersion, value: stored },
    [SETTINGS_KEY]: reading.settings,
  });
  return reading.settings;
}

async function keepAside(stored: unknown, reading: SettingsReading): Promise<void> {
  const previous = (await browser.storage.local.get(SETTINGS_REJECTED_KEY))[SETTINGS_REJECTED_KEY];
  const entries: unknown[] = Array.isArray(previous) ? previous : previous === undefined ? [] : [previous];
  const entry = { at: new Date().toISOString(), problems: reading.rejected.map(({ path, message }) => ({ path, message })), unknownKeys: reading.unknownKeys, value: stored };
  await browser.storage.local.set({ [SETTINGS_REJECTED_KEY]: [...entries, entry].slice(-REJECTED_KEPT) });
}

/** Problems of values kept aside so far (newest last), for the options page to show. */
export async function readRejectedProblems(): Promise<FieldProblem[]> {
  const stored = (await browser.storage.local.get(SETTINGS_REJECTED_KEY))[SETTINGS_REJECTED_KEY];
  const entries = z.array(z.object({ problems: z.array(z.object({ path: z.string(), message: z.string() })).default([]), unknownKeys: z.array(z.string()).default([]) })).safeParse(stored);
  if (!entries.success) return [];
  return entries.data.flatMap((entry) => [...entry.problems, ...entry.unknownKeys.map((key) => ({ path: key, message: 'not a setting this version knows' }))]);
}

/**
 * Stores `next` (settings in force plus an edit) as the person's own, leaving managed keys as
 * they were (see `ownPart`), and returns the settings now in force.
 */
export async function writeSettings(next: Settings): Promise<Settings> {
  const [own, managed] = await Promise.all([readOwnSettings(), readManaged()]);
  const valid = Settings.parse({ ...ownPart(next, own, managed.values), version: SETTINGS_VERSION });
  await browser.storage.local.set({ [SETTINGS_KEY]: valid });
  return applyManaged(valid, managed.values);
}

/**
 * Calls `listener` with the settings in force whenever the person's own or the organisation's
 * policy change (any context). Returns an unsubscribe.
 */
export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  let latest = 0;
  const handle = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'managed') {
      const call = ++latest;
      void readSettings().then((settings) => call === latest && listener(settings));
      return;
    }
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    const next = changes[SETTINGS_KEY]?.newValue;
    const own = next === undefined || next === null ? DEFAULT_SETTINGS : interpretSettings(next).settings;
    const call = ++latest;
    void readManaged().then((managed) => call === latest && listener(applyManaged(own, managed.values)));
  };
  browser.storage.onChanged.addListener(handle);
  return () => browser.storage.onChanged.removeListener(handle);
}

// --- Import / export -------------------------------------------------------------------------

export const EXPORT_FORMAT = 'service-feedback-settings';

export function exportSettings(settings: Settings, options: { includeToken: boolean }): string {
  const { token, ...withoutToken } = settings;
  const exported = options.includeToken && token !== undefined ? { ...withoutToken, token } : withoutToken;
  return JSON.stringify({ format: EXPORT_FORMAT, exportedAt: new Date().toISOString(), settings: exported }, null, 2);
}

export type ImportResult = { ok: true; settings: Settings; unknownKeys: string[] } | { ok: false; problems: FieldProblem[] };

/**
 * Strict, unlike reading storage: an import with any invalid field is refused as a whole, with
 * every problem named, so the user fixes the file instead of silently getting half of it.
 * A file without a token keeps the current token when it points at the same backend.
 */
export function parseSettingsImport(text: string, current: Settings): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '(file)', message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` }] };
  }
  if (!isRecord(json) || json.format !== EXPORT_FORMAT || !isRecord(json.settings)) {
    return { ok: false, problems: [{ path: 'format', message: `not a Service Feedback settings file (expected "format": "${EXPORT_FORMAT}" and a "settings" object)` }] };
  }
  const imported = json.settings;
  const version = storedVersion(imported);
  if (version > SETTINGS_VERSION) {
    return { ok: false, problems: [{ path: 'settings.version', message: `written by a newer version (${version}); this one reads up to ${SETTINGS_VERSION}` }] };
  }
  const migrated = migrateSettings(imported);
  const parsed = Settings.safeParse(migrated);
  if (!parsed.success) {
    return { ok: false, problems: problemsOf(parsed.error).map((problem) => ({ ...problem, path: `settings.${problem.path}` })) };
  }
  const settings = parsed.data;
  const keepToken = settings.token === undefined && settings.backendUrl === current.backendUrl && current.token !== undefined;
  const known = new Set(Object.keys(Settings.shape));
  return {
    ok: true,
    settings: keepToken ? { ...settings, token: current.token } : settings,
    unknownKeys: Object.keys(migrated).filter((key) => !known.has(key)),
  };
}
