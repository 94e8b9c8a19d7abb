/**
 * Fills a calendar's `holidays` and `workdays` for one year from a maintained source, so admins
 * review dates instead of typing them: `chinese-days` (China's State Council arrangement with its
 * make-up working days, 调休), `date-holidays` (public holidays of ~200 countries and regions) and
 * any .ics file. Backend only — none of this reaches the content script.
 */
import chineseDays from 'chinese-days';
import Holidays from 'date-holidays';
import ICAL from 'ical.js';
import type { Calendar } from '../../utils/contracts/schema';

export interface ImportedDay {
  date: string;
  /** `holiday`: a day off; `workday`: a weekend day that is worked (make-up day). */
  kind: 'holiday' | 'workday';
  name: string;
}

export class NoDataError extends Error {}

function daysOf(year: number): string[] {
  const days: string[] = [];
  for (let at = Date.UTC(year, 0, 1); new Date(at).getUTCFullYear() === year; at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** China mainland from `chinese-days`; throws NoDataError for a year the package has not published. */
export function importChina(year: number): ImportedDay[] {
  const days: ImportedDay[] = [];
  for (const date of daysOf(year)) {
    const detail = chineseDays.getDayDetail(date);
    // chinese-days names arranged days "English,中文,n"; plain weekdays/weekends by their weekday name.
    const arranged = detail.name.includes(',');
    if (!arranged) continue;
    if (!detail.work) days.push({ date, kind: 'holiday', name: detail.name.split(',')[1] ?? detail.name });
    else if (isWeekend(date)) days.push({ date, kind: 'workday', name: `${detail.name.split(',')[1] ?? detail.name} 调休` });
  }
  if (!days.some((day) => day.kind === 'holiday')) {
    throw new NoDataError(`chinese-days has no holiday arrangement for ${year} yet (the package has not published the State Council's notice for that year)`);
  }
  return days;
}

/** Public holidays from `date-holidays` for a country (`US`) or region (`DE-BY`, `US-CA`). */
export function importDateHolidays(code: string, year: number): ImportedDay[] {
  const [country, state, region] = code.split('-');
  const holidays = new Holidays();
  const known =
    !!country &&
    country in holidays.getCountries() &&
    (!state || state in (holidays.getStates(country) ?? {})) &&
    (!region || region in (holidays.getRegions(country, state!) ?? {}));
  if (!known) throw new NoDataError(`date-holidays knows no country or region "${code}"`);
  holidays.init(country, state, region);
  const seen = new Map<string, ImportedDay>();
  for (const holiday of holidays.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    const date = holiday.date.slice(0, 10);
    // A holiday on a weekend is moved to its observed day, which date-holidays lists as a substitute.
    if (date.startsWith(String(year)) && !seen.has(date)) seen.set(date, { date, kind: 'holiday', name: holiday.name });
  }
  if (seen.size === 0) throw new NoDataError(`date-holidays has no public holidays for ${code} in ${year}`);
  return [...seen.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** US federal holidays (date-holidays `US`, public only: observed days included, Christmas Eve not). */
export const importUsFederal = (year: number) => importDateHolidays('US', year);

/**
 * A make-up working day (调休上班) in a holiday .ics: Apple's marker, which chinese-days and the
 * published China holiday calendars carry, or a summary such as "春节(班)", "国庆补班", "補班".
 */
function isMakeUpWorkday(component: ICAL.Component, summary: string): boolean {
  if (String(component.getFirstPropertyValue('x-apple-special-day') ?? '').toUpperCase() === 'ALTERNATE-WORKDAY') return true;
  return /[(（]\s*班\s*[)）]|[补補]班|调休上班/.test(summary);
}

/**
 * All-day events of an .ics file that fall in `year` (recurring ones expanded): days off, or
 * make-up working days where the event says so (see isMakeUpWorkday).
 */
export function importIcs(text: string, year: number): ImportedDay[] {
  const found = new Map<string, ImportedDay>();
  const [yearStart, yearEnd] = [Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1)];
  const add = (start: ICAL.Time, end: ICAL.Time | null, name: string, kind: ImportedDay['kind']) => {
    const from = Date.UTC(start.year, start.month - 1, start.day);
    // DTEND of an all-day event is exclusive; a missing one means a single day. Clamped to the year,
    // so an event spanning centuries costs no more than one spanning the year.
    const to = Math.max(end ? Date.UTC(end.year, end.month - 1, end.day) : from, from + 86_400_000);
    for (let at = Math.max(from, yearStart); at < Math.min(to, yearEnd); at += 86_400_000) {
      const date = new Date(at).toISOString().slice(0, 10);
      if (!found.has(date)) found.set(date, { date, kind, name });
    }
  };
  try {
    const root = new ICAL.Component(ICAL.parse(text));
    for (const component of root.getAllSubcomponents('vevent')) {
      const event = new ICAL.Event(component);
      if (!event.startDate?.isDate) continue; // timed events are meetings, not days off
      const name = event.summary ?? '';
      const kind = isMakeUpWorkday(component, name) ? 'workday' : 'holiday';
      if (!event.isRecurring()) {
        add(event.startDate, event.endDate, name, kind);
        continue;
      }
      const iterator = event.iterator();
      // Bounded: a daily rule over a few decades still ends; we stop past the year anyway.
      for (let next = iterator.next(), guard = 0; next && next.year <= year && guard < 20_000; next = iterator.next(), guard++) {
        if (next.year === year) add(next, null, name, kind);
      }
    }
  } catch (error) {
    // ical.js throws on what it cannot read; that is bad input, not a server fault.
    throw new NoDataError(`the file is not a readable iCalendar (.ics) file: ${(error as Error).message}`);
  }
  if (found.size === 0) throw new NoDataError(`the .ics file has no all-day events in ${year}`);
  return [...found.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** The calendar with `year`'s days replaced by `days` (other years kept) and `year` in `holidayYears`. */
export function applyYear(calendar: Calendar, year: number, days: readonly ImportedDay[]): Calendar {
  const otherYears = (dates: readonly string[]) => dates.filter((date) => !date.startsWith(`${year}-`));
  const pick = (kind: ImportedDay['kind']) => days.filter((day) => day.kind === kind).map((day) => day.date);
  const covered = new Set(calendar.holidayYears ?? [...calendar.holidays, ...calendar.workdays].map((date) => Number(date.slice(0, 4))));
  covered.add(year);
  return {
    ...calendar,
    holidays: [...otherYears(calendar.holidays), ...pick('holiday')].sort(),
    workdays: [...otherYears(calendar.workdays), ...pick('workday')].sort(),
    holidayYears: [...covered].sort((a, b) => a - b),
  };
}
