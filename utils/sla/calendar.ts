/**
 * Business time over a `Calendar` (see DESIGN.md, `utils/sla/`), without walking minutes or days.
 *
 * A calendar is compiled once (memoised per calendar object) into per-weekday period tables, a
 * sorted table of exceptional days (holidays, make-up workdays) with prefix sums of how much each
 * changes its weekday's minutes, and the zone's offset rules. Business time before local day D is
 * then whole weeks × minutes per week + a weekday prefix + the exceptions before D (binary
 * search), plus a correction for the few days a DST transition falls into. Only the days at the
 * two ends of a span are looked at period by period.
 *
 * Rounding: the engine measures in milliseconds of real (UTC) time that fall inside working
 * periods; `businessMinutesBetween` is the floor of that divided by 60 000. On minute-aligned
 * instants (all that trackers show) that floor is exact, so measuring is additive.
 */
import type { Calendar } from '../contracts/schema';
import { DAY_MS, MINUTE_MS, zoneRules, type ZoneRules, type ZoneTable } from './zone';

/**
 * A calendar as a tracker page gets it (page.config): with its zone's offsets for the years that
 * matter, learned by the background, so the page never pays for Intl's time-zone data.
 */
export type CalendarWithZone = Calendar & { zoneTable?: ZoneTable };

/** A working period in wall-clock minutes of the day, `[start, end)`; `end` may be 1440. */
type Period = readonly [start: number, end: number];
/** A day's periods flattened for the hot path: `[start0, end0, start1, end1, …]` in ms after local midnight. */
type DayBounds = Float64Array;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** 1970-01-01 (day 0) was a Thursday; day -3 was a Monday. */
const MONDAY_OFFSET = 3;

export interface CompiledCalendar {
  readonly id: string;
  readonly zone: ZoneRules;
  /** The zone's constant offset in ms when it has one (UTC…): then no day needs a zone lookup. */
  readonly fixedOffset: number | undefined;
  readonly weekBounds: readonly DayBounds[];
  /** weekPrefix[i] = minutes of Monday … weekday i-1. */
  readonly weekPrefix: readonly number[];
  readonly weekTotal: number;
  readonly exceptionDays: Float64Array;
  readonly exceptionBounds: readonly DayBounds[];
  /** exceptionDeltaPrefix[i] = Σ (exception minutes − its weekday's minutes) over the first i exceptions. */
  readonly exceptionDeltaPrefix: Float64Array;
  /**
   * exceptionsBefore as a dense table over the days the exceptions span (a few years: a few KB),
   * so the hot path needs no search at all; `undefined` for sprawling tables (binary search then).
   */
  readonly exceptionCountByDay: Int32Array | undefined;
  readonly exceptionTableStart: number;
  /** Learned on demand: real minus wall business ms of each day a DST transition touches. */
  readonly dstCorrections: Map<number, number>;
}

/** Exception tables spanning more days than this fall back to binary search (~100 years). */
const DENSE_TABLE_MAX_DAYS = 40_000;

const compiled = new WeakMap<Calendar, CompiledCalendar>();
// The same calendar is usually measured many times in a row; skip even the WeakMap then.
let lastCalendar: Calendar | undefined;
let lastCompiled: CompiledCalendar | undefined;

export function compileCalendar(calendar: Calendar): CompiledCalendar {
  if (calendar === lastCalendar && lastCompiled) return lastCompiled;
  let result = compiled.get(calendar);
  if (!result) {
    result = compile(calendar);
    compiled.set(calendar, result);
  }
  lastCalendar = calendar;
  lastCompiled = result;
  return result;
}

function parseClock(calendarId: string, text: string): number {
  const match = /^(\d\d):(\d\d)$/.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 1440) {
    throw new RangeError(`calendar "${calendarId}": "${text}" is not a clock time HH:MM between 00:00 and 24:00`);
  }
  return minutes;
}

function parsePeriods(calendarId: string, where: string, hours: readonly (readonly [string, string])[]): Period[] {
  const periods = hours.map(([from, to]): Period => {
    const period: Period = [parseClock(calendarId, from), parseClock(calendarId, to)];
    if (period[0] >= period[1]) throw new RangeError(`calendar "${calendarId}": ${where} period ${from}–${to} ends before it starts`);
    return period;
  });
  periods.sort((a, b) => a[0] - b[0]);
  // Overlapping or touching periods merge, so no minute is counted twice.
  const merged: [number, number][] = [];
  for (const [start, end] of periods) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

const toBounds = (periods: readonly Period[]): DayBounds => Float64Array.from(periods.flat(), (minute) => minute * MINUTE_MS);
const periodMinutes = (periods: readonly Period[]) => periods.reduce((sum, [start, end]) => sum + end - start, 0);

function parseDay(calendarId: string, text: string): number {
  const match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS : NaN;
  if (!match || new Date(day * DAY_MS).toISOString().slice(0, 10) !== text) {
    throw new RangeError(`calendar "${calendarId}": "${text}" is not a date YYYY-MM-DD`);
  }
  return day;
}

/** 0 = Monday … 6 = Sunday. (Floor arithmetic rather than `%`, which is slow on doubles.) */
export const weekdayOf = (day: number) => {
  const sinceMonday = day + MONDAY_OFFSET;
  return sinceMonday - 7 * Math.floor(sinceMonday / 7);
};

function compile(calendar: Calendar): CompiledCalendar {
  const id = calendar.id;
  const weekPeriods = WEEKDAYS.map((name) => parsePeriods(id, name, calendar.week[name] ?? []));
  const weekMinutes = weekPeriods.map(periodMinutes);
  const weekPrefix = [0];
  for (const minutes of weekMinutes) weekPrefix.push(weekPrefix[weekPrefix.length - 1]! + minutes);
  const workdayPeriods = calendar.workdayHours ? parsePeriods(id, 'workdayHours', calendar.workdayHours) : weekPeriods[0]!;

  // A date that is both a holiday and a make-up workday is a holiday: time off wins.
  const exceptions = new Map<number, readonly Period[]>();
  for (const text of calendar.workdays ?? []) exceptions.set(parseDay(id, text), workdayPeriods);
  for (const text of calendar.holidays ?? []) exceptions.set(parseDay(id, text), []);
  const days = [...exceptions.keys()].sort((a, b) => a - b);
  const exceptionDeltaPrefix = new Float64Array(days.length + 1);
  days.forEach((day, index) => {
    const delta = periodMinutes(exceptions.get(day)!) - weekMinutes[weekdayOf(day)]!;
    exceptionDeltaPrefix[index + 1] = exceptionDeltaPrefix[index]! + delta;
  });
  const zone = zoneRules(calendar.timeZone, (calendar as CalendarWithZone).zoneTable);
  const exceptionTableStart = days[0] ?? 0;
  const span = days.length > 0 ? days[days.length - 1]! - exceptionTableStart + 1 : 0;
  let exceptionCountByDay: Int32Array | undefined;
  if (span > 0 && span <= DENSE_TABLE_MAX_DAYS) {
    exceptionCountByDay = new Int32Array(span);
    for (let offset = 0, count = 0; offset < span; offset++) {
      exceptionCountByDay[offset] = count;
      if (days[count] === exceptionTableStart + offset) count++;
    }
  }
  return {
    id,
    zone,
    fixedOffset: zone.fixedOffset,
    weekBounds: weekPeriods.map(toBounds),
    weekPrefix,
    weekTotal: weekPrefix[7]!,
    exceptionDays: Float64Array.from(days),
    exceptionBounds: days.map((day) => toBounds(exceptions.get(day)!)),
    exceptionDeltaPrefix,
    exceptionCountByDay,
    exceptionTableStart,
    dstCorrections: new Map(),
  };
}

/** How many exceptional days are < `day`: a table lookup, or a binary search for sprawling tables. */
function exceptionsBefore(c: CompiledCalendar, day: number): number {
  const days = c.exceptionDays;
  const table = c.exceptionCountByDay;
  if (table !== undefined) {
    const offset = day - c.exceptionTableStart;
    return offset < 0 ? 0 : offset >= table.length ? days.length : table[offset]!;
  }
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (days[middle]! < day) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The working periods of local day `day`, given `index` = exceptionsBefore(c, day). */
function boundsOf(c: CompiledCalendar, day: number, index: number): DayBounds {
  return c.exceptionDays[index] === day ? c.exceptionBounds[index]! : c.weekBounds[weekdayOf(day)]!;
}

/** Wall-clock business ms in local days before `day` (from an arbitrary origin), given its exception index. */
function wallMsBefore(c: CompiledCalendar, day: number, index: number): number {
  const sinceMonday = day + MONDAY_OFFSET;
  const weeks = Math.floor(sinceMonday / 7);
  return (weeks * c.weekTotal + c.weekPrefix[sinceMonday - weeks * 7]! + c.exceptionDeltaPrefix[index]!) * MINUTE_MS;
}

/** The instant of a wall-clock offset (ms after local midnight) on local day `day`. */
function instantOf(c: CompiledCalendar, day: number, wallMs: number): number {
  const local = day * DAY_MS + wallMs;
  return c.fixedOffset !== undefined ? local - c.fixedOffset : c.zone.wallToInstant(local);
}

/** Local day that instant `t` falls in: the day whose midnight instant is the last one ≤ t. */
export function localDayOf(c: CompiledCalendar, t: number): number {
  if (c.fixedOffset !== undefined) return Math.floor((t + c.fixedOffset) / DAY_MS);
  const day = Math.floor((t + c.zone.offsetAt(t)) / DAY_MS);
  if (t < instantOf(c, day, 0)) return day - 1;
  if (t >= instantOf(c, day + 1, 0)) return day + 1;
  return day;
}

/** Business ms of local day `day` (periods `bounds`) that lie before instant `t`; real time, so DST days are right. */
function msOfDayBefore(c: CompiledCalendar, day: number, bounds: DayBounds, t: number): number {
  let sum = 0;
  if (c.fixedOffset !== undefined) {
    // Fixed-offset zones (UTC): local midnight is one subtraction away, no zone lookups.
    const midnight = day * DAY_MS - c.fixedOffset;
    for (let i = 0; i < bounds.length; i += 2) {
      const from = midnight + bounds[i]!;
      if (t <= from) break;
      const to = midnight + bounds[i + 1]!;
      sum += (t < to ? t : to) - from;
    }
    return sum;
  }
  for (let i = 0; i < bounds.length; i += 2) {
    const from = instantOf(c, day, bounds[i]!);
    if (t <= from) break;
    const to = instantOf(c, day, bounds[i + 1]!);
    sum += (t < to ? t : to) - from;
  }
  return sum;
}

/** How much longer (or shorter) in real time than on the wall the working time of `day` is. */
function dstCorrection(c: CompiledCalendar, day: number): number {
  let correction = c.dstCorrections.get(day);
  if (correction === undefined) {
    const index = exceptionsBefore(c, day);
    const realMs = msOfDayBefore(c, day, boundsOf(c, day, index), Infinity);
    correction = realMs - (wallMsBefore(c, day + 1, exceptionsBefore(c, day + 1)) - wallMsBefore(c, day, index));
    c.dstCorrections.set(day, correction);
  }
  return correction;
}

/**
 * Real business ms of the local days `[fromDay, toDay)`, given their exception indexes. Days a DST
 * transition touches last 23 or 25 hours; only those few are looked at one by one.
 */
function msOfDays(c: CompiledCalendar, fromDay: number, fromIndex: number, toDay: number, toIndex: number): number {
  if (toDay <= fromDay) return 0;
  const wall = wallMsBefore(c, toDay, toIndex) - wallMsBefore(c, fromDay, fromIndex);
  if (c.fixedOffset !== undefined) return wall;
  let correction = 0;
  let lastCorrected = -Infinity;
  for (const transition of c.zone.transitionsBetween((fromDay - 2) * DAY_MS, (toDay + 2) * DAY_MS)) {
    const firstDay = Math.floor((transition.at + Math.min(transition.before, transition.after)) / DAY_MS);
    const lastDay = Math.floor((transition.at + Math.max(transition.before, transition.after)) / DAY_MS);
    for (let day = Math.max(firstDay, fromDay, lastCorrected + 1); day <= lastDay && day < toDay; day++) {
      correction += dstCorrection(c, day);
      lastCorrected = day;
    }
  }
  return wall + correction;
}

const daysMs = (c: CompiledCalendar, fromDay: number, toDay: number) =>
  msOfDays(c, fromDay, exceptionsBefore(c, fromDay), toDay, exceptionsBefore(c, toDay));

function instantArgument(name: string, value: Date | number): number {
  const t = typeof value === 'number' ? value : value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(t)) throw new TypeError(`${name} must be a valid Date`);
  return t;
}

/** Business milliseconds between two instants (0 when end <= start). */
export function businessMsBetween(calendar: Calendar, start: Date | number, end: Date | number): number {
  const from = instantArgument('start', start);
  const to = instantArgument('end', end);
  if (to <= from) return 0;
  const c = compileCalendar(calendar);
  const fromDay = localDayOf(c, from);
  const toDay = localDayOf(c, to);
  const fromIndex = exceptionsBefore(c, fromDay);
  const fromBounds = boundsOf(c, fromDay, fromIndex);
  if (toDay === fromDay) return msOfDayBefore(c, fromDay, fromBounds, to) - msOfDayBefore(c, fromDay, fromBounds, from);
  const toIndex = exceptionsBefore(c, toDay);
  return (
    msOfDays(c, fromDay, fromIndex, toDay, toIndex) +
    msOfDayBefore(c, toDay, boundsOf(c, toDay, toIndex), to) -
    msOfDayBefore(c, fromDay, fromBounds, from)
  );
}

/** Whole business minutes between two instants: floor(business ms / 60 000); 0 when end <= start. */
export function businessMinutesBetween(calendar: Calendar, start: Date, end: Date): number {
  return Math.floor(businessMsBetween(calendar, start, end) / MINUTE_MS);
}

/** How far a search for working time may look ahead before declaring the calendar empty. */
const SEARCH_LIMIT_DAYS = 200 * 366;

/** The earliest instant at which `ms` business milliseconds after `start` are used up. */
export function addBusinessMs(calendar: Calendar, start: Date | number, ms: number): number {
  const from = instantArgument('start', start);
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`business time to add must be a finite number ≥ 0, got ${ms}`);
  if (ms === 0) return from;
  const c = compileCalendar(calendar);
  const startDay = localDayOf(c, from);
  const startBounds = boundsOf(c, startDay, exceptionsBefore(c, startDay));
  const usedToday = msOfDayBefore(c, startDay, startBounds, from);
  const leftToday = msOfDayBefore(c, startDay, startBounds, Infinity) - usedToday;
  if (ms <= leftToday) return instantWithinDay(c, startDay, usedToday + ms);
  const rest = ms - leftToday;
  const firstDay = startDay + 1;
  // Smallest day D with daysMs(firstDay, D + 1) >= rest: gallop out from a weekly estimate, then bisect.
  const weekMs = c.weekTotal * MINUTE_MS;
  let low = firstDay - 1;
  let high = firstDay + (weekMs > 0 ? Math.ceil(rest / weekMs) * 7 + 7 : 7);
  while (daysMs(c, firstDay, high + 1) < rest) {
    low = high;
    high = firstDay + 2 * (high - firstDay + 1);
    if (high - firstDay > SEARCH_LIMIT_DAYS) {
      throw new RangeError(`calendar "${c.id}" has no working time left to add ${ms / MINUTE_MS} minutes within 200 years`);
    }
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (daysMs(c, firstDay, middle + 1) >= rest) high = middle;
    else low = middle;
  }
  return instantWithinDay(c, high, rest - daysMs(c, firstDay, high));
}

/** The instant at which `offset` (> 0) business ms of local day `day` have passed. */
function instantWithinDay(c: CompiledCalendar, day: number, offset: number): number {
  const bounds = boundsOf(c, day, exceptionsBefore(c, day));
  let left = offset;
  for (let i = 0; i < bounds.length; i += 2) {
    const from = instantOf(c, day, bounds[i]!);
    const length = instantOf(c, day, bounds[i + 1]!) - from;
    if (left <= length) return from + left;
    left -= length;
  }
  throw new Error(`calendar "${c.id}": internal error, day ${day} has less business time than expected`);
}

/** The earliest instant at which `minutes` business minutes after `start` are used up. */
export function addBusinessMinutes(calendar: Calendar, start: Date, minutes: number): Date {
  return new Date(addBusinessMs(calendar, start, minutes * MINUTE_MS));
}
