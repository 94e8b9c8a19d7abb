/**
 * The strings tracker pages show (areas `content_`, `rating_`, `sla_`), resolved in the worker
 * and handed to the content script with `page.config`.
 *
 * Why not `i18n.getMessage` in the page: in a content script its first call loads the message
 * bundle over a synchronous IPC that blocks the tracker page's main thread for 5–20 ms on this
 * machine (measured: bench/content-main-thread.ts), every new tab. In the worker it costs the
 * page nothing, and the browser still picks the language exactly as it would in the page.
 */
import { browser } from 'wxt/browser';
import content from '../../locales/en/content.json';
import rating from '../../locales/en/rating.json';
import sla from '../../locales/en/sla.json';

export const TRACKER_PAGE_KEYS: readonly string[] = [...Object.keys(content), ...Object.keys(rating), ...Object.keys(sla)];

/** Passing `$1`…`$9` as the substitutions keeps the positions in the text; the page fills them (platform/i18n.ts). */
const POSITIONS = ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9'];

let resolved: Record<string, string> | undefined;

/** Every tracker-page string in the browser's language, with `$1`…`$9` left for the page to fill. */
export function trackerPageMessages(): Record<string, string> {
  // The browser's language is fixed for the worker's life.
  resolved ??= Object.fromEntries(
    TRACKER_PAGE_KEYS.map((key) => [key, (browser.i18n.getMessage as (name: string, subs: string[]) => string)(key, POSITIONS)]),
  );
  return resolved;
}

/** For tests that switch the language. */
export function forgetTrackerPageMessages(): void {
  resolved = undefined;
}
