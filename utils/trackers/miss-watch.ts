/**
 * When to look for a detection miss (utils/trackers/health.ts) on a ticket page: once the page has
 * settled — no detection for `quietMs` — or at the latest `maxWaitMs` after the first look at
 * that URL, so a page that never stops changing (a live timeline) is still judged. Each URL is
 * judged once per visit; the miss (never the URL) goes to `report`. Timers are injected: the
 * ticket UI passes its content-script context's, tests their own.
 */
import { detectionMiss, type DetectionMiss, type FindDetectionMiss } from './health';
import type { DetectOptions } from './registry';

export const MISS_QUIET_MS = 2_000;
export const MISS_MAX_WAIT_MS = 10_000;

export interface MissWatchOptions {
  /** The page as it is now: its URL, its document and the config detection reads it with. */
  page: () => { url: URL; doc: Document; options: DetectOptions };
  report: (miss: DetectionMiss) => void;
  setTimeout: (run: () => void, ms: number) => number;
  clearTimeout: (id: number | undefined) => void;
  now: () => number;
  quietMs?: number;
  maxWaitMs?: number;
}

export interface MissWatch {
  /** Detection just ran (DOM change, navigation, new config): the page has not settled yet. */
  looked(): void;
  /** The ticket loop stopped: no judgement is pending. */
  stop(): void;
}

/** Judges with every tracker's readers. */
export function watchForMisses(options: MissWatchOptions): MissWatch {
  return watchForMissesWith(detectionMiss, options);
}

/** Judges with `find`: a per-tracker ticket UI's readers (`detectionMissIn`). */
export function watchForMissesWith(find: FindDetectionMiss, options: MissWatchOptions): MissWatch {
  const quietMs = options.quietMs ?? MISS_QUIET_MS;
  const maxWaitMs = options.maxWaitMs ?? MISS_MAX_WAIT_MS;
  let timer: number | undefined;
  /** The URL being watched and when it was first looked at. */
  let watched: { href: string; since: number } | undefined;
  /** URLs judged on this visit; a navigation elsewhere and back is a new page visit. */
  let judged: string | undefined;

  const judge = () => {
    timer = undefined;
    let miss: DetectionMiss | null = null;
    let href: string;
    try {
      const page = options.page();
      href = page.url.href;
      if (href === judged) return;
      miss = find(page.url, page.doc, page.options);
    } catch {
      return; // A page we cannot read is no miss we can describe.
    }
    judged = href;
    if (miss) options.report(miss);
  };

  return {
    looked() {
      let href: string;
      try {
        href = options.page().url.href;
      } catch {
        return;
      }
      if (href === judged) return;
      const now = options.now();
      if (watched?.href !== href) watched = { href, since: now };
      options.clearTimeout(timer);
      timer = options.setTimeout(judge, Math.max(0, Math.min(quietMs, watched.since + maxWaitMs - now)));
    },
    stop() {
      options.clearTimeout(timer);
      timer = undefined;
      watched = undefined;
      judged = undefined;
    },
  };
}
