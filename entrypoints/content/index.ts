/**
 * The always-on watcher for every tracker (watch.ts): the built-in hosts match statically; each
 * custom origin the user grants gets this same script registered at runtime, in every frame for
 * rule-based trackers (see platform/tracker-access.ts). The ticket UI (entrypoints/ticket-ui/) is
 * injected into a frame only once its URL can be a ticket.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { BUILT_IN_MATCHES, WATCHER_RUN_AT } from '../../utils/trackers/built-in-matches';
import { watchTickets } from './watch';

/**
 * Firefox runs a content script's own `fetch` with the extension's principal, so the page's
 * session cookies do not go along; `window.content.fetch` is the page's fetch (MDN, "Content
 * script environment: XHR and Fetch"). Chrome's content-script fetch already acts as the page.
 */
function pageFetch(): typeof fetch {
  const firefoxContent = (globalThis as { content?: { fetch?: typeof fetch } }).content;
  return firefoxContent?.fetch ? firefoxContent.fetch.bind(firefoxContent) : fetch;
}

export default defineContentScript({
  matches: BUILT_IN_MATCHES,
  runAt: WATCHER_RUN_AT,
  // Old instances (after an extension update) are still stopped, by a DOM event. Without the
  // legacy window.postMessage the tracker page's own message listeners never hear of us, and
  // the page does not pay for the message (a stack capture of this whole script when DevTools
  // is open: ≈7 ms in the e2e's traces).
  noScriptStartedPostMessage: true,
  main(ctx) {
    void watchTickets(ctx, { fetchImpl: pageFetch() });
  },
});
