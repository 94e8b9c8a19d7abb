/**
 * The page config (`page.config`), asked once per page. It decides what the script does on this
 * origin, so its shape is checked by hand (utils/read-json.ts; see utils/message-client.ts for
 * why not the full schema); a missing or odd answer gives undefined and the caller keeps to the
 * built-in hosts.
 */
import { requestUnchecked } from '../../utils/message-client';
import type { PageConfig } from '../../utils/messages';
import { arrayOf, boolean, NotAsExpected, optional, own, readOrUndefined, record, string, stringItem, type JsonRecord } from '../../utils/read-json';

const TRACKER_TYPES: ReadonlySet<string> = new Set(['jira', 'github', 'gitlab', 'generic']);

/** An object with a string `id` (the rest was validated by the background and is kept as is). */
function identified(value: unknown): JsonRecord {
  const item = record(value);
  string(item, 'id');
  return item;
}

function tracker(value: unknown): JsonRecord {
  const item = record(value);
  string(item, 'origin');
  if (!TRACKER_TYPES.has(string(item, 'type'))) throw new NotAsExpected(`unknown tracker type "${String(item.type)}"`);
  return item;
}

/**
 * Everything here was validated by the background (CustomTracker, Service, SlaPolicy, Calendar);
 * this checks the shape the content script relies on.
 */
function readPageConfig(value: unknown): PageConfig {
  const reply = record(value);
  const selectorOverrides = optional(reply, 'selectorOverrides', record);
  const messages = optional(reply, 'messages', record);
  return {
    enabled: boolean(reply, 'enabled'),
    trackers: arrayOf(own(reply, 'trackers'), tracker),
    ...(selectorOverrides ? { selectorOverrides } : {}),
    ...(messages ? { messages } : {}),
    ignoredResponders: arrayOf(own(reply, 'ignoredResponders'), stringItem),
    services: arrayOf(own(reply, 'services'), identified),
    policies: arrayOf(own(reply, 'policies'), identified),
    calendars: arrayOf(own(reply, 'calendars'), identified),
  } as PageConfig;
}

/** Detection without any configuration: the built-in hosts only. */
export const BUILT_INS_ONLY = { trackers: [], ignoredResponders: [] } satisfies Pick<PageConfig, 'trackers' | 'ignoredResponders'>;

/** The background's config for this origin, or undefined when it gave no usable answer. */
export async function loadPageConfig(origin: string): Promise<PageConfig | undefined> {
  try {
    return readOrUndefined(await requestUnchecked('page.config', { origin }), readPageConfig);
  } catch {
    return undefined; // The background may be restarting; the built-in hosts still work.
  }
}
