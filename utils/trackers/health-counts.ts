/**
 * The worker's detection-health counts (`storage.local.detectionHealth`, utils/contracts/
 * detection-health.ts), as pure steps: count a miss, age out old days, say what the options page
 * shows, and which rows the backend has not acknowledged yet. Days are the person's local days.
 */
import type { DayCounts, DetectionHealthItem, DetectionHealthRow, HealthSummary } from '../contracts/detection-health';
import { MAX_DAILY_PAGES } from '../contracts/detection-health';
import type { TrackerType } from '../contracts/schema';
import { HEALTH_DAYS, summariseMisses, type DetectionHealth, type DetectionMiss } from './health';

/** The local calendar day of an instant, `YYYY-MM-DD`. */
export function localDay(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The Monday of the week `day` is in (the day itself on a Monday). */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return shiftDay(day, -((weekday + 6) % 7));
}

const bump = (value: number | undefined) => Math.min(MAX_DAILY_PAGES, (value ?? 0) + 1);

/** Days older than HEALTH_DAYS before `today` leave the counts, their ids and acknowledgements. */
export function pruneHealth(item: DetectionHealthItem, today: string): DetectionHealthItem {
  const oldest = shiftDay(today, -(HEALTH_DAYS - 1));
  const keep = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([day]) => day >= oldest));
  return { ...item, days: keep(item.days), reportIds: keep(item.reportIds), acked: keep(item.acked) };
}

/** The counts with one more miss on `today`; `newId` gives the day's report id the first time. */
export function countMiss(item: DetectionHealthItem, miss: DetectionMiss, today: string, newId: () => string): DetectionHealthItem {
  const kept = pruneHealth(item, today);
  const before: DayCounts = kept.days[today]?.[miss.tracker] ?? { title: 0, status: 0, emptyChains: {} };
  const counts: DayCounts = { ...before, emptyChains: { ...before.emptyChains } };
  for (const fact of miss.missing) counts[fact] = bump(counts[fact]);
  for (const chain of miss.emptyChains) counts.emptyChains[chain] = bump(counts.emptyChains[chain]);
  if (miss.version) counts.version = miss.version;
  return {
    ...kept,
    days: { ...kept.days, [today]: { ...kept.days[today], [miss.tracker]: counts } },
    reportIds: { ...kept.reportIds, [today]: kept.reportIds[today] ?? newId() },
  };
}

/** "GitLab: status not found on 3 pages since Monday": totals from this week's Monday on. */
export function healthSummary(item: DetectionHealthItem, today: string, shared: boolean): HealthSummary {
  const since = mondayOf(today);
  const facts: DetectionHealth = Object.fromEntries(
    Object.entries(item.days).map(([day, trackers]) => [
      day,
      Object.fromEntries(Object.entries(trackers).map(([tracker, counts]) => [tracker, { title: counts?.title ?? 0, status: counts?.status ?? 0 }])),
    ]),
  );
  return { since, items: summariseMisses(facts, since).filter((entry) => entry.pages > 0), shared };
}

const rowText = (counts: DayCounts) => JSON.stringify([counts.title, counts.status, counts.emptyChains, counts.version ?? null]);

/** Rows whose counts the backend has not acknowledged as they are now (a resend replaces the row there). */
export function unsentRows(item: DetectionHealthItem): DetectionHealthRow[] {
  const rows: DetectionHealthRow[] = [];
  for (const [day, trackers] of Object.entries(item.days).sort(([a], [b]) => a.localeCompare(b))) {
    const installId = item.reportIds[day];
    if (!installId) continue;
    for (const [tracker, counts] of Object.entries(trackers)) {
      if (!counts || item.acked[day]?.[tracker as TrackerType] === rowText(counts)) continue;
      rows.push({ installId, day, tracker: tracker as TrackerType, ...counts });
    }
  }
  return rows;
}

/** The item after the backend stored `rows` (as they were sent: later misses stay unsent). */
export function markSent(item: DetectionHealthItem, rows: readonly DetectionHealthRow[]): DetectionHealthItem {
  const acked = { ...item.acked };
  for (const { installId: _id, day, tracker, ...counts } of rows) acked[day] = { ...acked[day], [tracker]: rowText(counts) };
  return { ...item, acked };
}
