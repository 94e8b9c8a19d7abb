/**
 * The shape every tracker adapter shares. The registry in `index.ts` loops over adapters; nothing
 * outside `utils/trackers/` needs to know which tracker a page belongs to.
 */
import type { CustomTracker, Ticket, TrackerType } from '../contracts/schema';
import type { SelectorChains } from './dom';

/** A Ticket as an adapter reads it, before the registry clamps and validates it. */
export type TicketDraft = Omit<Ticket, 'labels' | 'components'> & { labels?: string[]; components?: string[] };

/** Everything an adapter reads a page with. */
export interface PageContext<Names extends string = string> {
  url: URL;
  doc: Document;
  /** The configured tracker for this origin; absent on built-in hosts. */
  tracker?: CustomTracker;
  /** The tracker's selector chains, with configuration overrides already applied. */
  selectors: SelectorChains<Names>;
  /** Logins / names never counted as a first response (bots are skipped anyway). */
  ignoredResponders: readonly string[];
}

export interface TrackerAdapter<Names extends string = string> {
  type: TrackerType;
  /** Built-in hosts this adapter serves without configuration. */
  isBuiltInHost(url: URL): boolean;
  /** URL-only: can this page be one of its tickets (the watcher's question, utils/trackers/may-be-ticket.ts)? */
  isTicketUrl(url: URL, tracker?: CustomTracker): boolean;
  selectors: SelectorChains<Names>;
  /** Chains derived from a configured tracker's own rules (generic trackers). */
  selectorsFrom?(tracker: CustomTracker): SelectorChains<Names>;
  /** Reads the page; `null` when it is not a single ticket (or not rendered yet). */
  read(page: PageContext<Names>): TicketDraft | null;
  /** The status element the widget host goes right after. */
  findMountAnchor(ticket: Ticket, doc: Document, selectors?: SelectorChains<Names>): Element | null;
  /** Optional async enrichment from the tracker's own same-origin API; `tracker` is the configured one, if any. */
  enrich?(ticket: Ticket, fetchImpl: typeof fetch, ignoredResponders: readonly string[], tracker?: CustomTracker): Promise<Ticket>;
}
