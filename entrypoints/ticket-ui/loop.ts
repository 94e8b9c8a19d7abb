/**
 * The ticket UI's one loop: detect the ticket on the page, keep exactly one mount for it,
 * re-detect on the navigations the watcher hands on and on debounced DOM changes, tear down when
 * the page stops being that ticket. The watcher (entrypoints/content/watch.ts) owns `page.config`
 * and navigation events; it starts this loop only while the URL can be a ticket, and hands every
 * page config in force to `apply`, which re-renders the same view (a half-filled rating stays).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { setHandedOverMessages } from '../../platform/i18n';
import { request } from '../../platform/message-client';
import type { PageConfig } from '../../utils/contracts/messages';
import type { Ticket } from '../../utils/contracts/schema';
import { offerTicketUi, type TicketUi, type TicketUiOptions } from '../../utils/contracts/ticket-ui';
import { detectTicket, enrichTicket, findMountAnchor } from '../../utils/trackers';
import { detectionMiss, detectionMissIn, type FindDetectionMiss } from '../../utils/trackers/health';
import { watchForMissesWith } from '../../utils/trackers/miss-watch';
import { trackerRegistry, type TrackerRegistry } from '../../utils/trackers/registry';
import type { TrackerAdapter } from '../../utils/trackers/types';
import { isOwnNode, mountTicketView, type TicketView } from './mount';

/** Detection without any configuration: the built-in hosts only. */
const BUILT_INS_ONLY = { trackers: [], ignoredResponders: [] } satisfies Pick<PageConfig, 'trackers' | 'ignoredResponders'>;

/** What the page shows right now, for as long as it shows it. */
interface Current {
  key: string;
  /** Aborted when the page stops being this ticket: cancels enrichment and late replies. */
  controller: AbortController;
  /** The DOM reading last acted on, to notice when the page's facts change. */
  domFacts: string;
  ticket: Ticket;
  /** The last answer of the tracker's own API (Jira, GitLab, Redmine, ZenTao), if any. */
  enriched?: Ticket;
  seenFacts?: string;
  view?: TicketView;
  /** The ticket the view last rendered, so the same one is not rendered twice in a row. */
  viewTicket?: Ticket;
}

/** What a mounted view was drawn with (catalogue and strings). */
const drawnWith = (config: PageConfig | undefined) => JSON.stringify([config?.services, config?.policies, config?.calendars, config?.messages]);
/** What detection and enrichment read the page with. */
const readWith = (config: PageConfig | undefined) => JSON.stringify([config?.trackers, config?.selectorOverrides, config?.ignoredResponders]);

/** What the loop reads pages with: one tracker's adapter in an injected ticket UI, every tracker's in tests. */
export interface TicketReaders extends Pick<TrackerRegistry, 'detectTicket' | 'findMountAnchor' | 'enrichTicket'> {
  detectionMiss: FindDetectionMiss;
}

/**
 * What each injected ticket UI (entrypoints/ticket-ui-<tracker>.ts) does: leaves the loop over
 * its one tracker's adapter for the watcher (utils/contracts/ticket-ui.ts).
 */
export function offerTicketUiFor(adapter: TrackerAdapter): void {
  const registry = trackerRegistry({ [adapter.type]: adapter });
  const readers: TicketReaders = { ...registry, detectionMiss: detectionMissIn(registry) };
  offerTicketUi((ctx, options) => startTicketUiWith(readers, ctx, options));
}

/** The loop with every tracker's readers (utils/trackers/index.ts). */
export function startTicketUi(ctx: ContentScriptContext, options: TicketUiOptions = {}): TicketUi {
  return startTicketUiWith({ detectTicket, findMountAnchor, enrichTicket, detectionMiss }, ctx, options);
}

export function startTicketUiWith(readers: TicketReaders, ctx: ContentScriptContext, options: TicketUiOptions = {}): TicketUi {
  const { detectTicket, findMountAnchor, enrichTicket } = readers;
  let config: Pick<PageConfig, 'trackers' | 'selectorOverrides' | 'ignoredResponders'> = BUILT_INS_ONLY;
  // Without the background's catalogue TicketUi waits for `ticket.seen` to draw the badge.
  let catalogue: PageConfig | undefined;
  const debounceMs = options.debounceMs ?? 150;
  const fetchImpl = options.fetchImpl ?? fetch;
  let current: Current | undefined;
  /** Off until the watcher starts the loop, and while the URL cannot be a ticket or the host is switched off. */
  let watching = false;
  // Detection health: a ticket URL whose settled page gives no title or status is told to the worker (facts only, never page text).
  const misses = watchForMissesWith(readers.detectionMiss, {
    page: () => ({ url: new URL(location.href), doc: document, options: config }),
    report: (miss) => void request('detection.miss', { miss }).catch(() => undefined),
    setTimeout: (run, ms) => ctx.setTimeout(run, ms),
    clearTimeout: (id) => clearTimeout(id),
    now: () => performance.now(),
  });

  const detect = (): Ticket | null => {
    try {
      return detectTicket(new URL(location.href), document, config);
    } catch {
      return null; // A page we cannot read is treated as no ticket, never as a broken page.
    }
  };

  const show = (state: Current, ticket: Ticket) => {
    state.ticket = ticket;
    if (state.view) {
      // TicketUi tells the background (`ticket.seen`) itself. A view just mounted with this very
      // ticket needs no second render.
      if (state.viewTicket === ticket) return;
      state.viewTicket = ticket;
      return state.view.update(ticket);
    }
    // No status element to mount beside: still tell the background, so the popup knows the ticket.
    const facts = JSON.stringify(ticket);
    if (facts === state.seenFacts) return;
    state.seenFacts = facts;
    request('ticket.seen', { ticket }).catch(() => {
      // The background may be restarting; the next change or visit tells it again.
    });
  };

  const enrich = (state: Current) => {
    const { signal } = state.controller;
    const signalledFetch: typeof fetch = (input, init) => fetchImpl(input, { ...init, signal });
    const startedFrom = state.domFacts;
    void enrichTicket(state.ticket, signalledFetch, config.ignoredResponders, config.trackers).then((enriched) => {
      // An answer for an older reading of the page is dropped; the newer reading has its own request.
      if (signal.aborted || current !== state || state.domFacts !== startedFrom || enriched === state.ticket) return;
      state.enriched = enriched;
      show(state, enriched);
    });
  };

  /** (Re)attaches the view beside the status when it is missing or the page re-rendered it away. */
  const ensureView = (state: Current) => {
    if (state.view?.host.isConnected) return;
    state.view?.destroy();
    const anchor = findMountAnchor(state.ticket, document, config);
    state.view = anchor ? mountTicketView(state.ticket, anchor, catalogue) : undefined;
    state.viewTicket = state.view && state.ticket;
  };

  const teardown = () => {
    if (!current) return;
    current.controller.abort();
    current.view?.destroy();
    current = undefined;
  };

  const check = () => {
    if (ctx.isInvalid || !watching) return;
    misses.looked();
    const ticket = detect();
    if (!ticket) return teardown();
    const domFacts = JSON.stringify(ticket);
    if (current?.key !== ticket.key) {
      teardown();
      const state: Current = { key: ticket.key, controller: new AbortController(), domFacts, ticket };
      current = state;
      ensureView(state);
      show(state, ticket);
      enrich(state);
      return;
    }
    const state = current;
    ensureView(state);
    if (domFacts === state.domFacts) return;
    // The page changed (e.g. the status flipped): show it now, keeping what only enrichment knew
    // (dates, history), then ask again. A reopened ticket drops its old resolution time.
    state.domFacts = domFacts;
    const merged: Ticket = { ...state.enriched, ...ticket };
    if (!merged.resolved) delete merged.resolvedAt;
    show(state, merged);
    enrich(state);
  };

  let timer: number | undefined;
  let queued = false;
  /** When the last check caused by DOM changes ran; navigation checks do not count, so the render that follows one is seen at once. */
  let lastDomCheckAt = -Infinity;
  const runCheck = () => {
    queued = false;
    check();
  };
  /**
   * Checks once the current task is done: by then an SPA has changed both the URL and the DOM
   * (the Navigation API announces a pushState before the URL changes), and the badge is in
   * place before the next paint.
   */
  const checkSoon = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(runCheck);
  };
  const runDomCheck = () => {
    timer = undefined;
    lastDomCheckAt = performance.now();
    runCheck();
  };
  /**
   * DOM changes: the first after a quiet spell is checked at once (a status element that
   * appears gets its badge before it is painted); later ones at most once per `debounceMs`, so
   * a page that keeps changing costs one detection per interval, never one per mutation.
   */
  const schedule = () => {
    if (timer !== undefined) return;
    const wait = lastDomCheckAt + debounceMs - performance.now();
    if (wait > 0) timer = ctx.setTimeout(runDomCheck, wait);
    else if (!queued) {
      queued = true;
      queueMicrotask(runDomCheck);
    }
  };

  let settleTimer: number | undefined;
  /**
   * Navigation is rare and always worth a look, at once and once more after `debounceMs`: on
   * Back/Forward the Navigation API announces the move before the URL changes and the app
   * renders (popstate comes later), and apps that fetch before rendering show the ticket late.
   */
  const onNavigation = () => {
    if (!watching) return;
    checkSoon();
    clearTimeout(settleTimer);
    settleTimer = ctx.setTimeout(runCheck, debounceMs);
  };
  // Our own host going in or out is not a page change (else mounting would schedule a re-check).
  const isOwnChange = (record: MutationRecord) => {
    if (isOwnNode(record.target)) return true;
    const { addedNodes, removedNodes } = record;
    if (addedNodes.length + removedNodes.length === 0) return false;
    for (const node of addedNodes) if (!isOwnNode(node)) return false;
    for (const node of removedNodes) if (!isOwnNode(node)) return false;
    return true;
  };
  /**
   * O(1) per batch on a page that keeps appending (a 500-item timeline): with a check already
   * coming the records need no look at all, and otherwise the first page change decides.
   */
  const observer = new MutationObserver((records) => {
    if (timer !== undefined || queued) return;
    if (!records.every(isOwnChange)) schedule();
  });
  const start = () => {
    if (watching || ctx.isInvalid) return;
    watching = true;
    // The root, not <body>: Turbo Drive swaps the whole <body> element on navigation.
    observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['class', 'data-status', 'aria-label', 'datetime'],
    });
    runCheck();
  };

  const stop = () => {
    watching = false;
    observer.disconnect();
    clearTimeout(timer);
    clearTimeout(settleTimer);
    timer = undefined;
    misses.stop();
    teardown();
  };
  ctx.onInvalidated(stop);

  const apply = (pageConfig: PageConfig | undefined, previous: PageConfig | undefined) => {
    setHandedOverMessages(pageConfig?.messages);
    config = pageConfig ?? BUILT_INS_ONLY;
    catalogue = pageConfig;
    if (current) {
      // A new catalogue or new strings: the same view re-renders with them, so a half-filled rating stays.
      if (drawnWith(previous) !== drawnWith(pageConfig)) current.view?.update(current.ticket, pageConfig);
      // Read the page again with the new trackers, selectors and ignored responders, and enrich again.
      if (readWith(previous) !== readWith(pageConfig)) current.domFacts = '';
    }
    runCheck();
  };

  return { apply, start, stop, navigated: onNavigation };
}
