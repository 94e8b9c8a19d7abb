/**
 * Detection health at its three boundaries: the ticket UI's `detection.miss` message to the worker,
 * the worker's `storage.local` item, and the backend's `POST /v1/health/detection` body. None of
 * them can carry a URL, a title or page text: a miss is a tracker type, fact names, selector chain
 * names and a version string, each held to a short pattern.
 */
import { z } from 'zod';
import { IsoDate, IsoInstant, TrackerType } from './schema';

export const MissingFact = z.enum(['title', 'status']);

/** A selector chain's name (`state`, `statusAnchor`, …), never a selector or text. */
export const ChainName = z.string().regex(/^[A-Za-z][\w-]{0,39}$/, 'must be a selector chain name');
/** The tracker's version as the page states it (`9.12.2`). */
export const TrackerVersion = z.string().regex(/^[\w.-]{1,40}$/, 'must be a version like 9.12.2');

export const DetectionMissMessage = z.object({
  tracker: TrackerType,
  missing: z.array(MissingFact).min(1).max(2),
  emptyChains: z.array(ChainName).max(12),
  version: TrackerVersion.optional(),
});

/** Pages per day a count may reach: a hostile page that fakes navigations cannot grow it further. */
export const MAX_DAILY_PAGES = 100_000;
const Pages = z.number().int().min(0).max(MAX_DAILY_PAGES);

/** One tracker's misses on one day. */
export const DayCounts = z.object({
  title: Pages.default(0),
  status: Pages.default(0),
  /** Pages on which each chain found nothing. */
  emptyChains: z
    .record(ChainName, Pages)
    .refine((chains) => Object.keys(chains).length <= 12, 'at most 12 chains')
    .default({}),
  /** The latest version a page stated, if any. */
  version: TrackerVersion.optional(),
});
export type DayCounts = z.infer<typeof DayCounts>;

export const DETECTION_HEALTH_KEY = 'detectionHealth';

/** `storage.local.detectionHealth`, written by the worker only. */
export const DetectionHealthItem = z.object({
  /** day (YYYY-MM-DD, local) → tracker → counts. */
  days: z.record(IsoDate, z.partialRecord(TrackerType, DayCounts)).default({}),
  /** day → a random id for this install on that day: the backend's idempotency key, and days cannot be linked. */
  reportIds: z.record(IsoDate, z.uuid()).default({}),
  /** day → tracker → the counts the backend acknowledged (JSON), so only changes are sent again. */
  acked: z.record(IsoDate, z.partialRecord(TrackerType, z.string())).default({}),
  lastUpload: z.object({ at: IsoInstant, error: z.string().optional() }).optional(),
});
export type DetectionHealthItem = z.infer<typeof DetectionHealthItem>;

export const HealthSummary = z.object({
  /** The local Monday the counts start on. */
  since: IsoDate,
  items: z.array(z.object({ tracker: TrackerType, fact: MissingFact, pages: z.number().int().nonnegative() })),
  /** The backend asked for the counts (`collectDetectionHealth`), so they are sent there. */
  shared: z.boolean(),
});
export type HealthSummary = z.infer<typeof HealthSummary>;

/** `POST /v1/health/detection`: one row per install, day and tracker; a resend replaces the row. */
export const DetectionHealthRow = DayCounts.extend({
  installId: z.uuid('must be a UUID'),
  day: IsoDate,
  tracker: TrackerType,
});
export type DetectionHealthRow = z.infer<typeof DetectionHealthRow>;
export const DetectionHealthUpload = z.object({ items: z.array(DetectionHealthRow).min(1, 'must hold at least one item').max(200, 'at most 200 items') });
export type DetectionHealthUpload = z.infer<typeof DetectionHealthUpload>;
export const DetectionHealthAnswer = z.object({ stored: z.number().int().nonnegative() });
