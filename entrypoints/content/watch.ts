/**
 * The content script's always-on watcher, all that a tracker page pays for until its URL can be a
 * ticket: it asks `page.config` (on a built-in host, only once the URL can be a ticket), follows its changes (`page.config.changed`, and a page restored
 * from the back/forward cache), follows SPA navigation (WXT's `wxt:locationchange`, `popstate`,
 * GitHub's Turbo and React soft navigation) and asks one URL question (utils/trackers/may-be-ticket.ts). Only
 * when the answer is yes does it take the ticket UI (entrypoints/ticket-ui/: run by the manifest on a
 * built-in ticket URL at page load, else injected by the worker on `ticket-ui.load`) and start its loop; when the page moves to a list or a code view, the
 * loop stops (unmounted, no DOM observer) until a ticket URL comes back. Switched off for this
 * host: no loop, no mount, no message beyond the next `page.config`.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { request } from '../../platform/message-client';
import type { PageConfig } from '../../utils/contracts/messages';
import { offerMessageClient, takeTicketUi, type StartTicketUi, type TicketUi, type TicketUiOptions } from '../../utils/contracts/ticket-ui';
import type { TrackerType } from '../../utils/contracts/schema';
import { builtInTrackerAt, ticketTrackerFor } from '../../utils/trackers/may-be-ticket';
import { loadPageConfig, onPageConfigChange } from './page-config';

export interface WatchOptions extends TicketUiOptions {
  /**
   * Brings this tracker's ticket UI into this frame; by default the worker injects it
   * (`ticket-ui.load`). `fromManifest`: at page load on a built-in ticket URL, where the manifest
   * may have run it already.
   */
  loadTicketUi?: (tracker: TrackerType, fromManifest?: boolean) => Promise<StartTicketUi | undefined>;
}

/**
 * Asks the worker to run the tracker's ticket UI script in this very frame, then takes what it
 * left. `fromManifest`: on a built-in ticket URL the manifest runs it right after this script, in
 * the same task (STATIC_TICKET_UI in utils/trackers/built-in-matches.ts), so once that task is over
 * it is taken with no round trip; only if it is not there is the worker asked.
 */
export async function injectTicketUi(tracker: TrackerType, fromManifest?: boolean): Promise<StartTicketUi | undefined> {
  // A start function left by an older instance of this extension (same world after an update) is not ours.
  takeTicketUi();
  // The ticket UI sends its messages through this same client (platform/message-client-handed.ts).
  offerMessageClient(request);
  if (fromManifest) await new Promise((resolve) => setTimeout(resolve));
  return (fromManifest && takeTicketUi()) || (await request('ticket-ui.load', { tracker }), takeTicketUi());
}

/** Resolves once the first page config is applied; the watcher keeps following changes after. */
export async function watchTickets(ctx: ContentScriptContext, options: WatchOptions = {}): Promise<void> {
  const { loadTicketUi = injectTicketUi, ...uiOptions } = options;
  /** The ticket UI in force and the tracker whose readers it has (a config that moves this origin to another tracker loads that one's). */
  let ui: TicketUi | undefined;
  let uiTracker: TrackerType | undefined;
  let loading: Promise<TicketUi | undefined> | undefined;
  let loadingTracker: TrackerType | undefined;
  /** Started for this page config: true once `page.config` said enabled (or gave no answer). */
  let enabled = false;
  let inForce: PageConfig | undefined;
  let applied = false;
  /** The URL the loop was last started or stopped for (the location poll compares with it). */
  let followedHref = location.href;

  /** Loads a tracker's ticket UI once per frame; a failed load (worker restarting) is tried again on the next navigation. */
  const ensureUi = (tracker: TrackerType, fromManifest?: boolean): Promise<TicketUi | undefined> => {
    if (ui && uiTracker === tracker) return Promise.resolve(ui);
    if (!loading || loadingTracker !== tracker) {
      loadingTracker = tracker;
      loading = loadTicketUi(tracker, fromManifest).then(
        (start) => {
          if (!start || ctx.isInvalid) return undefined;
          ui?.stop();
          ui = start(ctx, uiOptions);
          uiTracker = tracker;
          ui.apply(inForce, undefined);
          return ui;
        },
        () => undefined,
      );
    }
    const pending = loading;
    return pending.then((loaded) => {
      if (!loaded && loading === pending) loading = undefined;
      return loaded;
    });
  };

  const trackers = () => inForce?.trackers ?? [];

  /** Starts or stops the loop for the URL the page shows (or is about to show). */
  const follow = async (url: URL, navigated: boolean): Promise<void> => {
    if (ctx.isInvalid || !enabled) return;
    followedHref = url.href;
    const tracker = ticketTrackerFor(url, trackers());
    if (!tracker) return ui?.stop();
    // The first ticket URL on a built-in host's page that loaded on a list or code view: the config first.
    if (!applied) return refresh();
    if (ui && uiTracker === tracker) {
      ui.start();
      if (navigated) ui.navigated();
      return;
    }
    const loaded = await ensureUi(tracker);
    // The page may have moved on or been switched off while the UI loaded.
    if (loaded && enabled && ticketTrackerFor(new URL(location.href), trackers()) === tracker) loaded.start();
  };

  let settleTimer: number | undefined;
  const onNavigation = (event?: Event) => {
    // The Navigation API announces a move before the URL changes: WXT's event carries the new URL.
    const next = (event as (Event & { newUrl?: URL }) | undefined)?.newUrl;
    void follow(next instanceof URL ? next : new URL(location.href), true);
    // And once more when the app has settled (Back/Forward: the URL changes after the announcement).
    clearTimeout(settleTimer);
    settleTimer = ctx.setTimeout(() => void follow(new URL(location.href), false), uiOptions.debounceMs ?? 150);
  };

  let followsLocation = false;
  let polling: number | undefined;
  /** Aborted when watching stops: removes the page-event listeners. */
  let listening: AbortController | undefined;
  const start = () => {
    if (listening) return;
    // WXT's location watcher, once started, lives as long as the context: it is started on the
    // first start (a page that loads switched off never pays for it), and ignored while switched off.
    if (!followsLocation) ctx.addEventListener(window, 'wxt:locationchange', onNavigation);
    followsLocation = true;
    listening = new AbortController();
    // GitHub swaps pages without a load: Turbo (classic views) and React soft navigation.
    for (const type of ['turbo:render', 'soft-nav:react-done']) document.addEventListener(type, onNavigation, { signal: listening.signal });
    // Back/Forward: the Navigation API announces the move before the URL changes, and the
    // traversal may commit after the settle check (Firefox ESR has the API; its e2e missed a Back
    // once): that check saw the old URL and stopped the loop. popstate comes once the URL has
    // changed, after the app's own handler (registered before us) has shown the view.
    window.addEventListener('popstate', onNavigation, { signal: listening.signal });
    // Without the Navigation API (Firefox ESR 140) WXT polls and compares with the URL *it* saw
    // last: list → ticket → Back to the list → the same ticket again within its second looks
    // like no change, and the ticket stays without its badge. This poll compares with the URL we
    // followed last, whichever event brought it (once a second, as WXT's).
    if (!('navigation' in window)) polling = ctx.setInterval(() => location.href !== followedHref && onNavigation(), 1000);
  };
  const stop = () => {
    enabled = false;
    listening?.abort();
    listening = undefined;
    clearInterval(polling);
    clearTimeout(settleTimer);
    ui?.stop();
  };
  ctx.onInvalidated(stop);

  const domParsed = document.readyState === 'loading' && new Promise((parsed) => document.addEventListener('DOMContentLoaded', parsed, { once: true }));

  /** Resolves once the loop runs for this config (or is known not to). */
  const apply = async (pageConfig: PageConfig | undefined): Promise<void> => {
    // A failed ask after a good one keeps what is in force: the background may be restarting.
    if (ctx.isInvalid || (!pageConfig && applied)) return;
    const previous = inForce;
    applied = true;
    inForce = pageConfig;
    // Switched off for this built-in host in the options: no loop, no mount, no message.
    if (pageConfig?.enabled === false) return stop();
    enabled = true;
    ui?.apply(pageConfig, previous);
    // The watcher runs at document_start so the config and the ticket UI are on their way while
    // the page parses; the loop starts once the DOM is whole, so it never reads half a ticket.
    await domParsed;
    if (ctx.isInvalid || !enabled) return;
    start();
    await follow(new URL(location.href), false);
  };

  // Notices coalesce: one ask in flight, and at most one more for whatever came in meanwhile.
  let asking = false;
  let askAgain = false;
  const refresh = async () => {
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
    do {
      askAgain = false;
      await apply(await loadPageConfig(location.origin));
    } while (askAgain && !ctx.isInvalid);
    asking = false;
  };
  onPageConfigChange(ctx, () => void refresh());
  // A page restored from the back/forward cache missed the notices sent while it was stored (a
  // list that never asked has nothing to refresh).
  ctx.addEventListener(window, 'pageshow', (event) => {
    if ((event as PageTransitionEvent).persisted && applied) void refresh();
  });
  // On a built-in tracker's ticket URL the UI loads while `page.config` is asked, not after it.
  const builtIn = ticketTrackerFor(new URL(location.href));
  if (builtIn) void ensureUi(builtIn, true);
  else if (builtInTrackerAt(new URL(location.href))) {
    // A built-in host's list, board or code view: nothing needs the config (its reply carries the
    // catalogue and strings) until the page moves to a ticket URL, so only navigation is followed.
    enabled = true;
    start();
    return;
  }
  await refresh();
}
