/**
 * The detection-health block of the `Store` contract: per install-day id, day and tracker, how many
 * ticket pages gave no title or no status (`POST /v1/health/detection`). A resend of a row replaces
 * it, unless it holds fewer pages than the stored one (counts only grow during a day, so an older
 * copy arriving late never undoes a newer one). Rows older than `DETECTION_HEALTH_KEEP_DAYS` go.
 */
import type { DetectionHealthRow } from '../../utils/contracts/detection-health';
import type { TrackerType } from '../../utils/contracts/schema';

export const DETECTION_HEALTH_KEEP_DAYS = 60;

export interface DetectionHealthTotal {
  day: string;
  tracker: TrackerType;
  titlePages: number;
  statusPages: number;
  /** Distinct install-day ids that reported. */
  installs: number;
  /** Chain name → pages, over all installs. */
  emptyChains: Record<string, number>;
  versions: string[];
}

export interface DetectionHealthStore {
  /** One transaction: every row upserted, and rows before `oldestDay` deleted. Gives the rows written. */
  saveDetectionHealth(rows: readonly DetectionHealthRow[], receivedAt: number, oldestDay: string): Promise<number>;
  /** Totals per day and tracker from `sinceDay` on, newest day first. */
  detectionHealth(sinceDay: string): Promise<DetectionHealthTotal[]>;
}

/** The same table on both engines (SQLite adds STRICT). */
export const detectionHealthTable = (strict: string, bigint: string) => `CREATE TABLE detection_health (
     install_id   TEXT NOT NULL,
     day          TEXT NOT NULL,
     tracker      TEXT NOT NULL,
     title_pages  INTEGER NOT NULL,
     status_pages INTEGER NOT NULL,
     empty_chains TEXT NOT NULL,
     version      TEXT,
     received_at  ${bigint} NOT NULL,
     PRIMARY KEY (install_id, day, tracker)
   )${strict};
   CREATE INDEX detection_health_by_day ON detection_health (day, tracker);`;

/** Rows of the totals query → totals, with the chains and versions gathered per day and tracker. */
export function gatherTotals(
  totals: readonly { day: string; tracker: string; titlePages: number; statusPages: number; installs: number }[],
  chains: readonly { day: string; tracker: string; chain: string; pages: number }[],
  versions: readonly { day: string; tracker: string; version: string }[],
): DetectionHealthTotal[] {
  const key = (row: { day: string; tracker: string }) => `${row.day}/${row.tracker}`;
  const byKey = new Map(totals.map((row) => [key(row), { ...row, tracker: row.tracker as TrackerType, emptyChains: {} as Record<string, number>, versions: [] as string[] }]));
  for (const row of chains) {
    const total = byKey.get(key(row));
    if (total) total.emptyChains[row.chain] = Number(row.pages);
  }
  for (const row of versions) byKey.get(key(row))?.versions.push(row.version);
  return [...byKey.values()].sort((a, b) => b.day.localeCompare(a.day) || a.tracker.localeCompare(b.tracker));
}
