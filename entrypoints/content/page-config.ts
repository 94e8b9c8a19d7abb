/**
 * The page config (`page.config`), asked once per page. It decides what the script does on this
 * origin, so its shape is checked (zod/mini, see utils/message-client.ts for why not the full
 * schema) and anything odd falls back to the built-in hosts.
 */
import * as z from 'zod/mini';
import { requestUnchecked } from '../../utils/message-client';
import type { PageConfig } from '../../utils/messages';

const TRACKER_TYPES: ReadonlySet<string> = new Set(['jira', 'github', 'gitlab', 'generic']);

/**
 * Trackers were validated by the background against CustomTracker; this checks the shape
 * detection relies on, with the cheapest zod/mini parts (z.enum and z.record would cost ≈1 KB
 * gzipped of the content script's budget for the same answer).
 */
const PageConfigReply = z.object({
  trackers: z.array(z.looseObject({ origin: z.string(), type: z.string() })),
  selectorOverrides: z.optional(z.looseObject({})),
  ignoredResponders: z.array(z.string()),
});

export const BUILT_INS_ONLY: PageConfig = { trackers: [], ignoredResponders: [] };

/** The background knows the custom trackers, selector overrides and ignore list for this origin. */
export async function loadPageConfig(origin: string): Promise<PageConfig> {
  try {
    const config = PageConfigReply.safeParse(await requestUnchecked('page.config', { origin }));
    const usable = config.success && config.data.trackers.every((tracker) => TRACKER_TYPES.has(tracker.type));
    return usable ? (config.data as PageConfig) : BUILT_INS_ONLY;
  } catch {
    return BUILT_INS_ONLY; // No background answer: the built-in hosts still work.
  }
}
