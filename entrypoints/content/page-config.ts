/**
 * The page config (`page.config`), asked once per page. It decides what the script does on this
 * origin, so its shape is checked (zod/mini, see utils/message-client.ts for why not the full
 * schema); a missing or odd answer gives undefined and the caller keeps to the built-in hosts.
 */
import * as z from 'zod/mini';
import { requestUnchecked } from '../../utils/message-client';
import type { PageConfig } from '../../utils/messages';

const TRACKER_TYPES: ReadonlySet<string> = new Set(['jira', 'github', 'gitlab', 'generic']);
const Identified = z.array(z.looseObject({ id: z.string() }));

/**
 * Everything here was validated by the background (CustomTracker, Service, SlaPolicy, Calendar);
 * this checks the shape the content script relies on, with the cheapest zod/mini parts (z.enum
 * and z.record would cost ≈1 KB gzipped of the content script's budget for the same answer).
 */
const PageConfigReply = z.object({
  enabled: z.boolean(),
  trackers: z.array(z.looseObject({ origin: z.string(), type: z.string() })),
  selectorOverrides: z.optional(z.looseObject({})),
  ignoredResponders: z.array(z.string()),
  services: Identified,
  policies: Identified,
  calendars: Identified,
});

/** Detection without any configuration: the built-in hosts only. */
export const BUILT_INS_ONLY = { trackers: [], ignoredResponders: [] } satisfies Pick<PageConfig, 'trackers' | 'ignoredResponders'>;

/** The background's config for this origin, or undefined when it gave no usable answer. */
export async function loadPageConfig(origin: string): Promise<PageConfig | undefined> {
  try {
    const config = PageConfigReply.safeParse(await requestUnchecked('page.config', { origin }));
    const usable = config.success && config.data.trackers.every((tracker) => TRACKER_TYPES.has(tracker.type));
    return usable ? (config.data as PageConfig) : undefined;
  } catch {
    return undefined; // The background may be restarting; the built-in hosts still work.
  }
}
