/**
 * Which years a calendar has holiday data for. A year without data is not a year without holidays:
 * callers show "holiday data missing for 2027" instead of silently counting every weekday as work.
 */
import type { Calendar } from '../contracts/schema';
import { zoneRules, type ZoneTable } from './zone';

type CoverageFields = Pick<Calendar, 'holidays' | 'workdays' | 'holidayYears'>;

/**
 * The years covered: `holidayYears` when stated, else the years its holidays/workdays fall in.
 * `undefined` means the calendar never has holidays (no list, no dates — e.g. a 24x7 calendar).
 */
export function coveredHolidayYears(calendar: CoverageFields): ReadonlySet<number> | undefined {
  if (calendar.holidayYears) return new Set(calendar.holidayYears);
  const dates = [...(calendar.holidays ?? []), ...(calendar.workdays ?? [])];
  if (dates.length === 0) return undefined;
  return new Set(dates.map((date) => Number(date.slice(0, 4))));
}

/**
 * The calendar year of an instant in a time zone, from the SLA engine's shared zone rules: with
 * the zone table a tracker page gets (`PageCalendar.zoneTable`) no Intl formatter is made at all
 * (making one with a time zone cost ≈ 10 ms per badge on a ticket page, more than the whole SLA
 * evaluation).
 */
export function yearIn(timeZone: string, atMs: number, table?: ZoneTable): number {
  return new Date(atMs + zoneRules(timeZone, table).offsetAt(atMs)).getUTCFullYear();
}

/** Years from `fromMs` to `toMs` (in the calendar's zone, both ends included) that lack holiday data, ascending. */
export function missingHolidayYears(
  calendar: CoverageFields & Pick<Calendar, 'timeZone'> & { zoneTable?: ZoneTable },
  fromMs: number,
  toMs: number,
): number[] {
  const covered = coveredHolidayYears(calendar);
  if (!covered) return [];
  const first = yearIn(calendar.timeZone, Math.min(fromMs, toMs), calendar.zoneTable);
  const last = yearIn(calendar.timeZone, Math.max(fromMs, toMs), calendar.zoneTable);
  const missing: number[] = [];
  for (let year = first; year <= last; year++) if (!covered.has(year)) missing.push(year);
  return missing;
}
