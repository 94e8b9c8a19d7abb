/**
 * Detection over a set of adapters. `utils/trackers/index.ts` builds it over every adapter (the
 * worker, the tests); each of the content script's per-tracker ticket UIs
 * (`entrypoints/ticket-ui-<tracker>.ts`) over its own adapter alone, so a tracker page loads one
 * tracker's readers, not five. A configured origin wins over the built-in hosts; a page whose
 * tracker is not in the set is no ticket.
 */
import type { CustomTracker, SelectorOverrides, Ticket, TrackerType } from '../contracts/schema';
import { withOverrides } from './dom';
import { finishTicket } from './finish';
import type { TrackerAdapter } from './types';

export interface DetectOptions {
  trackers?: CustomTracker[];
  /** Partial on purpose: zod 4's `z.record(enum, …)` in SelectorOverrides demands every tracker key. */
  selectorOverrides?: Partial<SelectorOverrides>;
  ignoredResponders?: string[];
}

export type AdapterSet = Partial<Record<TrackerType, TrackerAdapter>>;

export interface TrackerMatch {
  adapter: TrackerAdapter;
  tracker?: CustomTracker;
}

export interface TrackerRegistry {
  /** The adapter (and configuration) serving a URL: a configured origin wins over built-in hosts. */
  trackerFor(url: URL, trackers?: readonly CustomTracker[]): TrackerMatch | null;
  detectTicket(url: URL, doc: Document, options?: DetectOptions): Ticket | null;
  /** The status element the widget goes beside. */
  findMountAnchor(ticket: Ticket, doc: Document, options?: DetectOptions): Element | null;
  /**
   * Async enrichment from the tracker's own same-origin API where the adapter has one; else as is.
   * `trackers` are the configured ones (a generic tracker's preset says which API it speaks).
   */
  enrichTicket(ticket: Ticket, fetchImpl?: typeof fetch, ignoredResponders?: readonly string[], trackers?: readonly CustomTracker[]): Promise<Ticket>;
}

/** An adapter's selector chains for this tracker, with configuration overrides applied by name. */
export function selectorChainsFor(adapter: TrackerAdapter, tracker: CustomTracker | undefined, overrides: Partial<SelectorOverrides> | undefined) {
  const defaults = (tracker && adapter.selectorsFrom?.(tracker)) || adapter.selectors;
  return withOverrides(defaults, overrides?.[adapter.type]);
}

export function trackerRegistry(adapters: AdapterSet): TrackerRegistry {
  const trackerFor = (url: URL, trackers: readonly CustomTracker[] = []): TrackerMatch | null => {
    const tracker = trackers.find((candidate) => candidate.origin === url.origin);
    if (tracker) {
      const adapter = adapters[tracker.type];
      return adapter ? { adapter, tracker } : null;
    }
    const adapter = Object.values(adapters).find((candidate) => candidate.isBuiltInHost(url));
    return adapter ? { adapter } : null;
  };
  return {
    trackerFor,
    detectTicket(url, doc, options = {}) {
      const match = trackerFor(url, options.trackers);
      if (!match) return null;
      const { adapter, tracker } = match;
      const draft = adapter.read({
        url,
        doc,
        tracker,
        selectors: selectorChainsFor(adapter, tracker, options.selectorOverrides),
        ignoredResponders: options.ignoredResponders ?? [],
      });
      return draft ? finishTicket(draft) : null;
    },
    findMountAnchor(ticket, doc, options = {}) {
      const adapter = adapters[ticket.tracker];
      if (!adapter) return null;
      const tracker = options.trackers?.find((candidate) => candidate.origin === ticket.origin);
      return adapter.findMountAnchor(ticket, doc, selectorChainsFor(adapter, tracker, options.selectorOverrides));
    },
    async enrichTicket(ticket, fetchImpl = fetch, ignoredResponders = [], trackers = []) {
      const tracker = trackers.find((candidate) => candidate.origin === ticket.origin);
      return adapters[ticket.tracker]?.enrich?.(ticket, fetchImpl, ignoredResponders, tracker) ?? ticket;
    },
  };
}
