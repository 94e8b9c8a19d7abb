/**
 * When the weekly reminder may show: on a weekday morning (10:00–12:00) in the person's own time
 * zone, at most once per week (Monday–Sunday, local), never in a week they said "Not this week".
 * Pure: the worker (entrypoints/background/reminders.ts) passes the clock and the zone.
 */
import { zoneRules } from '../sla/zone';

export const MORNING_START_HOUR = 10;
export const MORNING_END_HOUR = 12;
/** Length of the morning window: an alarm that found nothing to say waits at least this long. */
export const MORNING_WINDOW_MS = (MORNING_END_HOUR - MORNING_START_HOUR) * 3_600_000;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface ReminderWeeks {
  /** The Monday (YYYY-MM-DD) of the week a reminder was shown in. */
  shownWeek?: string;
  /** The Monday of the week the person said "Not this week" for. */
  skippedWeek?: string;
}

/** A zone the engine knows, else UTC (a browser reporting an odd zone must not stop reminders). */
function rulesFor(timeZone: string) {
  try {
    return zoneRules(timeZone);
  } catch {
    return zoneRules('UTC');
  }
}

const isoDay = (localDayStart: number) => new Date(localDayStart).toISOString().slice(0, 10);
/** 0 = Monday … 6 = Sunday, for a local day start (ms since 1970-01-01 local). */
const weekday = (localDayStart: number) => (new Date(localDayStart).getUTCDay() + 6) % 7;

/** The Monday (YYYY-MM-DD) of the local week holding instant `at`. */
export function weekOf(at: number, timeZone: string): string {
  const rules = rulesFor(timeZone);
  const day = Math.floor((at + rules.offsetAt(at)) / DAY_MS) * DAY_MS;
  return isoDay(day - weekday(day) * DAY_MS);
}

/**
 * The first instant at or after `from` inside a weekday morning of a week that had no reminder
 * and was not skipped: `from` itself when that is such a morning, else the next 10:00 local.
 */
export function nextReminderAt(from: number, timeZone: string, weeks: ReminderWeeks): number {
  const rules = rulesFor(timeZone);
  const today = Math.floor((from + rules.offsetAt(from)) / DAY_MS) * DAY_MS;
  // Three weeks always hold a free one: at most two are shown or skipped.
  for (let offset = 0; offset < 21; offset++) {
    const day = today + offset * DAY_MS;
    const dow = weekday(day);
    if (dow > 4) continue;
    const week = isoDay(day - dow * DAY_MS);
    if (week === weeks.shownWeek || week === weeks.skippedWeek) continue;
    const start = rules.wallToInstant(day + MORNING_START_HOUR * HOUR_MS);
    const end = rules.wallToInstant(day + MORNING_END_HOUR * HOUR_MS);
    if (from < start) return start;
    if (from < end) return from;
  }
  throw new Error('unreachable: no weekday morning in three weeks');
}

/** True when a reminder may show at `now`. */
export const isReminderDue = (now: number, timeZone: string, weeks: ReminderWeeks): boolean => nextReminderAt(now, timeZone, weeks) === now;
