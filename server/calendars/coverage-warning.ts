/**
 * On start, one warning per calendar that lacks holiday data for the current year or for a year
 * that starts within `leadDays` (default 60), so an admin fills it before badges go wrong.
 */
import { missingHolidayYears } from '../../utils/sla/coverage';
import type { Calendar } from '../../utils/contracts/schema';
import type { Logger } from '../http/context';

export function calendarsLackingHolidays(
  calendars: readonly Calendar[],
  now: Date = new Date(),
  leadDays = 60,
): { calendarId: string; years: number[] }[] {
  const horizon = now.getTime() + leadDays * 86_400_000;
  return calendars
    .map((calendar) => ({ calendarId: calendar.id, years: missingHolidayYears(calendar, now.getTime(), horizon) }))
    .filter((entry) => entry.years.length > 0);
}

export function warnCalendarsLackingHolidays(calendars: readonly Calendar[], log: Logger, now: Date = new Date()): void {
  for (const { calendarId, years } of calendarsLackingHolidays(calendars, now)) {
    log({
      level: 'warn',
      msg: `calendar "${calendarId}" has no holiday data for ${years.join(', ')}: fill it with npm run calendar:import -- --calendar ${calendarId} --year ${years[0]}`,
      calendar: calendarId,
      years,
    });
  }
}
