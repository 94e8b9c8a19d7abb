/**
 * Settings an organisation sets by browser policy: `browser.storage.managed`.
 *
 * - Chrome and Edge read them from their policy (Windows registry / GPO, macOS configuration
 *   profile, Linux JSON policy files) under `3rdparty.extensions.<extension id>`, checked against
 *   `public/managed_schema.json`; Firefox from `policies.json` → `3rdparty.Extensions.<gecko id>`.
 * - Each key is validated on its own (zod): a malformed value is left out and listed in
 *   `problems`, so the rest of the policy still applies and nothing ever throws.
 * - A managed key wins over the person's own value; `trackers` are added to the person's own and
 *   win at the same origin (see `applyManaged` in ./settings).
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { CustomTracker } from '../utils/contracts/schema';
import { BUILT_IN_TRACKERS } from '../utils/trackers/built-in-matches';
import { accessByOrigin, isBuiltInOrigin } from './permissions';

/** How an organisation wants sign-in handled (read by the sign-in control). */
export const SignInMode = z.enum(['required', 'optional', 'off']);
export type SignInMode = z.infer<typeof SignInMode>;

/** The keys of `managed_schema.json`, one schema each. */
export const MANAGED_FIELDS = {
  backendUrl: z.url({ protocol: /^https?$/ }),
  token: z.string().min(1).max(500),
  signIn: SignInMode,
  trackers: z.array(z.unknown()),
  disabledBuiltIns: z.array(z.enum(BUILT_IN_TRACKERS)),
  anonymous: z.boolean(),
  sendTitles: z.boolean(),
  historyDays: z.number().int().min(1).max(3650),
  ignoredResponders: z.array(z.string().min(1)),
} as const;

export type ManagedKey = keyof typeof MANAGED_FIELDS;
export const MANAGED_KEYS = Object.keys(MANAGED_FIELDS) as ManagedKey[];

export interface ManagedValues {
  backendUrl?: string;
  token?: string;
  signIn?: SignInMode;
  trackers?: CustomTracker[];
  disabledBuiltIns?: Array<(typeof BUILT_IN_TRACKERS)[number]>;
  anonymous?: boolean;
  sendTitles?: boolean;
  historyDays?: number;
  ignoredResponders?: string[];
}

/** A policy value that was left out: `key` is the policy key, `path` the exact spot (`trackers.1.origin`). */
export interface ManagedProblem {
  key: ManagedKey;
  path: string;
  /** zod's technical message, shown after the plain-words explanation. */
  detail: string;
  /** Set when only this entry of a list (a tracker) was left out; the other entries apply. */
  entry?: number;
}

export interface ManagedReading {
  values: ManagedValues;
  /** Keys whose value is in force (a tracker list with some entries left out still counts). */
  keys: ReadonlySet<ManagedKey>;
  problems: ManagedProblem[];
  /** Policy keys this version does not know (a newer policy template, or a typo). */
  unknownKeys: string[];
}

export const NO_POLICY: ManagedReading = { values: {}, keys: new Set(), problems: [], unknownKeys: [] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const problemsFrom = (key: ManagedKey, prefix: string, error: z.ZodError, entry?: number): ManagedProblem[] =>
  error.issues.map((issue) => ({ key, path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'), detail: issue.message, ...(entry === undefined ? {} : { entry }) }));

/**
 * Pure: what a raw `storage.managed` object means. Unknown keys and `null` (how a removed policy
 * value can arrive) are not errors; each bad key or bad tracker entry is one problem.
 */
export function interpretManaged(raw: unknown): ManagedReading {
  if (!isRecord(raw)) return NO_POLICY;
  const values: Record<string, unknown> = {};
  const keys = new Set<ManagedKey>();
  const problems: ManagedProblem[] = [];
  for (const key of MANAGED_KEYS) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    const parsed = MANAGED_FIELDS[key].safeParse(value);
    if (!parsed.success) {
      problems.push(...problemsFrom(key, key, parsed.error));
      continue;
    }
    if (key === 'trackers') {
      const trackers: CustomTracker[] = [];
      (parsed.data as unknown[]).forEach((entry, index) => {
        const tracker = CustomTracker.safeParse(entry);
        if (tracker.success) trackers.push(tracker.data);
        else problems.push(...problemsFrom(key, `trackers.${index}`, tracker.error, index));
      });
      // Later entries for the same origin replace earlier ones, as in the person's own list.
      values.trackers = [...new Map(trackers.map((tracker) => [tracker.origin, tracker])).values()];
    } else {
      values[key] = parsed.data;
    }
    keys.add(key);
  }
  const known = new Set<string>(MANAGED_KEYS);
  return { values: values as ManagedValues, keys, problems, unknownKeys: Object.keys(raw).filter((key) => !known.has(key)) };
}

/**
 * The policy in force now. A browser without a policy (or without managed storage: Firefox with
 * no policies.json entry answers with an error, Chrome without the schema too) means no policy.
 */
export async function readManaged(): Promise<ManagedReading> {
  try {
    const area = browser.storage.managed as { get: (keys?: null) => Promise<Record<string, unknown>> } | undefined;
    if (!area) return NO_POLICY;
    return interpretManaged(await area.get(null));
  } catch {
    return NO_POLICY;
  }
}

/** Calls `listener` with the new policy whenever the browser delivers a change. Returns an unsubscribe. */
export function onManagedChanged(listener: (reading: ManagedReading) => void): () => void {
  let latest = 0;
  const handle = (_changes: unknown, area: string) => {
    if (area !== 'managed') return;
    const call = ++latest;
    // Read the whole policy again: a change names only the keys that changed.
    void readManaged().then((reading) => call === latest && listener(reading));
  };
  browser.storage.onChanged.addListener(handle);
  return () => browser.storage.onChanged.removeListener(handle);
}

/**
 * Origins the policy points at that need the person's host-access grant: the managed trackers
 * and a managed backend, built-in hosts left out (the manifest covers those). Browsers do not let
 * a policy grant optional host permissions, so the person is asked once for all of them.
 */
export function organisationOrigins(values: ManagedValues): string[] {
  const backend = values.backendUrl ? new URL(values.backendUrl).origin : undefined;
  const origins = [...(values.trackers ?? []).map((tracker) => tracker.origin), ...(backend ? [backend] : [])];
  return [...new Set(origins)].filter((origin) => !isBuiltInOrigin(origin));
}

/** The organisation's origins without access right now (the prompt's list, the toolbar's count). */
export async function organisationOriginsMissing(reading?: ManagedReading): Promise<string[]> {
  const origins = organisationOrigins((reading ?? (await readManaged())).values);
  if (origins.length === 0) return [];
  const access = await accessByOrigin(origins);
  return origins.filter((origin) => !access.get(origin));
}
