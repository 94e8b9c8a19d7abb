/**
 * User settings in `browser.storage.local` under `settings`, zod-validated. Reads never throw:
 * a stored value that fails validation is kept aside (`settingsRejected`) instead of being lost,
 * and defaults are used.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { CustomTracker, RemoteConfig } from './schema';

export const SETTINGS_VERSION = 1;
export const SETTINGS_KEY = 'settings';

export const Settings = z.object({
  version: z.number().int().default(SETTINGS_VERSION),
  /** Where ratings sync to; absent = local-only mode. */
  backendUrl: z.url({ protocol: /^https?$/ }).optional(),
  token: z.string().max(500).optional(),
  /** Built-in trackers the user switched off. */
  disabledBuiltIns: z.array(z.enum(['jira-cloud', 'github', 'gitlab'])).default([]),
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

export async function readSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  if (stored === undefined) return DEFAULT_SETTINGS;
  const parsed = Settings.safeParse(stored);
  if (parsed.success) return parsed.data;
  await browser.storage.local.set({ settingsRejected: { at: new Date().toISOString(), value: stored } });
  return DEFAULT_SETTINGS;
}

export async function writeSettings(next: Settings): Promise<Settings> {
  const valid = Settings.parse(next);
  await browser.storage.local.set({ [SETTINGS_KEY]: valid });
  return valid;
}
