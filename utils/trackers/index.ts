/**
 * Ticket detection: `detectTicket(url, doc, options)` finds the adapter that serves the page's
 * origin (a configured tracker first, then the built-in hosts) and lets it read the page.
 * Synchronous, DOM and URL only; enrichment over the network comes after, via `enrichTicket`.
 * This is the registry over every adapter (registry.ts); the content script's ticket UIs each
 * build one over their own tracker's adapter.
 */
import type { CustomTracker, Ticket, TrackerType } from '../contracts/schema';
import { genericAdapter } from './generic';
import { githubAdapter } from './github';
import { gitlabAdapter } from './gitlab';
import { jiraAdapter } from './jira';
import { trackerRegistry, type DetectOptions, type TrackerMatch } from './registry';
import type { TrackerAdapter } from './types';

export { GENERIC_PRESETS } from './generic/presets';
export { selectorChainsFor, type DetectOptions } from './registry';

export const adapters: Record<TrackerType, TrackerAdapter> = {
  jira: jiraAdapter,
  github: githubAdapter,
  gitlab: gitlabAdapter,
  generic: genericAdapter,
};

/** Every tracker: what the worker and the tests detect with. */
export const allTrackers = /* @__PURE__ */ trackerRegistry(adapters);

export function trackerFor(url: URL, trackers?: readonly CustomTracker[]): TrackerMatch | null {
  return allTrackers.trackerFor(url, trackers);
}

export function detectTicket(url: URL, doc: Document, options?: DetectOptions): Ticket | null {
  return allTrackers.detectTicket(url, doc, options);
}

/** The status element the widget goes beside, for any tracker. */
export function findMountAnchor(ticket: Ticket, doc: Document, options?: DetectOptions): Element | null {
  return allTrackers.findMountAnchor(ticket, doc, options);
}

/**
 * Async enrichment from the tracker's own same-origin API where the adapter has one; else as is.
 * `trackers` are the configured ones (a generic tracker's preset says which API it speaks).
 */
export function enrichTicket(ticket: Ticket, fetchImpl?: typeof fetch, ignoredResponders?: readonly string[], trackers?: readonly CustomTracker[]): Promise<Ticket> {
  return allTrackers.enrichTicket(ticket, fetchImpl, ignoredResponders, trackers);
}
