/**
 * Detection health: breakage seen the day it happens. When a URL is a ticket URL but the settled
 * page gives no title or no status, `detectionMiss` says which tracker, which facts and which
 * selector chains found nothing, and the tracker's version when the page states it — never the
 * URL, the title or any other page text. `recordMiss` / `summariseMisses` keep daily counts per
 * tracker for the options page ("GitLab: status not found on 3 pages since Monday") and for the
 * backend's `POST /v1/health/detection` when it allows collection. Pure: the content script
 * reports, the worker stores.
 */
import type { TrackerType } from '../contracts/schema';
import { queryFirst, type SelectorChains } from './dom';
import { allTrackers } from './index';
import { selectorChainsFor, type DetectOptions, type TrackerRegistry } from './registry';

export type MissingFact = 'title' | 'status';

export interface DetectionMiss {
  tracker: TrackerType;
  /** The facts the page did not give. */
  missing: MissingFact[];
  /** Names of the chains (title, status / state, statusAnchor) whose every selector matched nothing. */
  emptyChains: string[];
  /** The tracker's version, only where the page states it in markup made for that (Jira DC's meta). */
  version?: string;
}

/** The chains behind title and status (GitHub names its status chain `state`). */
const CHECKED = ['title', 'status', 'state', 'statusAnchor'] as const;

function statedVersion(doc: Document): string | undefined {
  const version = doc.querySelector('meta[name="application-name"][data-version]')?.getAttribute('data-version')?.trim();
  return version && /^[\w.-]{1,40}$/.test(version) ? version : undefined;
}

export type FindDetectionMiss = (url: URL, doc: Document, options?: DetectOptions) => DetectionMiss | null;

/** `detectionMiss` over a registry's trackers only (a per-tracker ticket UI's). */
export function detectionMissIn(registry: TrackerRegistry): FindDetectionMiss {
  return (url, doc, options = {}) => {
    // Only where the URL can be a ticket, as `mayBeTicket` (utils/trackers/may-be-ticket.ts) says.
    const match = registry.trackerFor(url, options.trackers);
    if (!match?.adapter.isTicketUrl(url, match.tracker)) return null;
    const ticket = registry.detectTicket(url, doc, options);
    const missing = (['title', 'status'] as const).filter((fact) => !ticket?.[fact]);
    if (missing.length === 0) return null;
    const chains: SelectorChains = selectorChainsFor(match.adapter, match.tracker, options.selectorOverrides);
    const emptyChains = CHECKED.filter((name) => name in chains && queryFirst(doc, chains[name]) === null);
    const version = statedVersion(doc);
    return { tracker: match.adapter.type, missing: [...missing], emptyChains, ...(version ? { version } : {}) };
  };
}

/** A miss on this page, or null when it is no ticket URL or the page gave both title and status. */
export function detectionMiss(url: URL, doc: Document, options: DetectOptions = {}): DetectionMiss | null {
  return detectionMissIn(allTrackers)(url, doc, options);
}

/** Daily counts: day (YYYY-MM-DD) → tracker → fact → pages. */
export type DetectionHealth = Record<string, Partial<Record<TrackerType, Partial<Record<MissingFact, number>>>>>;

/** Days kept: two weeks covers "since Monday" and a daily upload that was late a few days. */
export const HEALTH_DAYS = 14;

/** The counts with one more miss on `day`; days older than HEALTH_DAYS before it are dropped. */
export function recordMiss(health: DetectionHealth, miss: DetectionMiss, day: string): DetectionHealth {
  const oldest = new Date(Date.parse(`${day}T00:00:00Z`) - (HEALTH_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const kept: DetectionHealth = Object.fromEntries(Object.entries(health).filter(([date]) => date >= oldest));
  const forDay = { ...kept[day] };
  const forTracker = { ...forDay[miss.tracker] };
  for (const fact of miss.missing) forTracker[fact] = (forTracker[fact] ?? 0) + 1;
  forDay[miss.tracker] = forTracker;
  return { ...kept, [day]: forDay };
}

export interface MissSummary {
  tracker: TrackerType;
  fact: MissingFact;
  pages: number;
}

/** Pages per tracker and fact from `since` (inclusive) on, most first. */
export function summariseMisses(health: DetectionHealth, since: string): MissSummary[] {
  const totals = new Map<string, MissSummary>();
  for (const [day, trackers] of Object.entries(health)) {
    if (day < since) continue;
    for (const [tracker, facts] of Object.entries(trackers)) {
      for (const [fact, pages] of Object.entries(facts ?? {})) {
        const key = `${tracker}/${fact}`;
        const total = totals.get(key) ?? { tracker: tracker as TrackerType, fact: fact as MissingFact, pages: 0 };
        total.pages += pages ?? 0;
        totals.set(key, total);
      }
    }
  }
  return [...totals.values()].sort((a, b) => b.pages - a.pages || a.tracker.localeCompare(b.tracker) || a.fact.localeCompare(b.fact));
}
