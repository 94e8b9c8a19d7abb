/**
 * The page config (`page.config`), asked when the page loads and again whenever the background
 * announces a change (`PageConfigChanged`, entrypoints/background/live-config.ts). It decides what the script does
 * on this origin, so its shape is checked by hand (utils/contracts/read-json.ts; see platform/message-client.ts
 * for why not the full schema); a missing or odd answer gives undefined and the caller keeps to
 * the built-in hosts.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { requestUnchecked } from '../../platform/message-client';
import type { PageConfig, PageConfigChanged } from '../../utils/contracts/messages';
import { arrayOf, boolean, isRecord, NotAsExpected, optional, own, readOrUndefined, record, string, stringItem, type JsonRecord } from '../../utils/contracts/read-json';

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
  // The message is swallowed by readOrUndefined: no one reads it, and it costs bytes in every page.
  if (!TRACKER_TYPES.has(string(item, 'type'))) throw new NotAsExpected('unknown tracker type');
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

const CHANGED: PageConfigChanged['type'] = 'page.config.changed';

/**
 * Calls `onChange` for each `PageConfigChanged` notice from this extension, until the script's
 * context ends. Only our background can reach this listener (`tabs.sendMessage`); the sender and
 * the notice's shape are checked all the same, and anything else is left alone. No reply: the
 * listener returns nothing, so the browser's own API (no polyfill here) answers nobody.
 */
export function onPageConfigChange(ctx: ContentScriptContext, onChange: () => void): void {
  const receive = (message: unknown, sender: { id?: string }) => {
    if (sender.id === browser.runtime.id && isRecord(message) && own(message, 'type') === CHANGED) onChange();
  };
  browser.runtime.onMessage.addListener(receive);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(receive));
}
