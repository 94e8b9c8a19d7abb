/**
 * Ticket detection: `detectTicket(url, doc, options)` finds the adapter that serves the page's
 * origin (a configured tracker first, then the built-in hosts) and lets it read the page.
 * Synchronous, DOM and URL only; enrichment over the network comes after, via `enrichTicket`.
 */
import type { CustomTracker, SelectorOverrides, Ticket, TrackerType } from '../contracts/schema';
import { withOverrides } from './dom';
import { finishTicket } from './finish';
import { genericAdapter } from './generic';
import { githubAdapter } from './github';
import { gitlabAdapter } from './gitlab';
import { jiraAdapter } from './jira';
import type { TrackerAdapter } from './types';

export { GENERIC_PRESETS } from './generic/presets';

export interface DetectOptions {
  trackers?: CustomTracker[];
  /** Partial on purpose: zod 4's `z.record(enum, …)` in SelectorOverrides demands every tracker key. */
  selectorOverrides?: Partial<SelectorOverrides>;
  ignoredResponders?: string[];
}

export const adapters: Record<TrackerType, TrackerAdapter> = {
  jira: jiraAdapter,
  github: githubAdapter,
  gitlab: gitlabAdapter,
  generic: genericAdapter,
};

/** The adapter (and configuration) serving a URL: a configured origin wins over built-in hosts. */
export function trackerFor(url: URL, trackers: readonly CustomTracker[] = []): { adapter: TrackerAdapter; tracker?: CustomTracker } | null {
  const tracker = trackers.find((candidate) => candidate.origin === url.origin);
  if (tracker) return { adapter: adapters[tracker.type], tracker };
  const adapter = Object.values(adapters).find((candidate) => candidate.isBuiltInHost(url));
  return adapter ? { adapter } : null;
}

/** An adapter's selector chains for this tracker, with configuration overrides applied by name. */
export function selectorChainsFor(adapter: TrackerAdapter, tracker: CustomTracker | undefined, overrides: Partial<SelectorOverrides> | undefined) {
  const defaults = (tracker && adapter.selectorsFrom?.(tracker)) || adapter.selectors;
  return withOverrides(defaults, overrides?.[adapter.type]);
}

export function detectTicket(url: URL, doc: Document, options: DetectOptions = {}): Ticket | null {
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
}

/** The status element the widget goes beside, for any tracker. */
export function findMountAnchor(ticket: Ticket, doc: Document, options: DetectOptions = {}): Element | null {
  const adapter = adapters[ticket.tracker];
  const tracker = options.trackers?.find((candidate) => candidate.origin === ticket.origin);
  return adapter.findMountAnchor(ticket, doc, selectorChainsFor(adapter, tracker, options.selectorOverrides));
}

/**
 * Async enrichment from the tracker's own same-origin API where the adapter has one; else as is.
 * `trackers` are the configured ones (a generic tracker's preset says which API it speaks).
 */
export async function enrichTicket(
  ticket: Ticket,
  fetchImpl: typeof fetch = fetch,
  ignoredResponders: readonly string[] = [],
  trackers: readonly CustomTracker[] = [],
): Promise<Ticket> {
  const tracker = trackers.find((candidate) => candidate.origin === ticket.origin);
  return adapters[ticket.tracker].enrich?.(ticket, fetchImpl, ignoredResponders, tracker) ?? ticket;
}
