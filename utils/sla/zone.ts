/**
 * Time-zone offsets for the SLA engine, exact across DST. `Intl.DateTimeFormat` is the only
 * source of truth, but it is slow (µs per call, and tens of ms for the first one in a page, when
 * the browser loads its time-zone data), so each zone learns its transitions once per year
 * (weekly samples + a binary search to the minute) and answers from that table after.
 *
 * Where Intl is too dear (a tracker page's main thread), a `ZoneTable` learned elsewhere (the
 * background) stands in for it: the years it covers need no Intl at all, and only a year outside
 * it creates the formatter, on first use.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** A DST (or other offset) change: at instant `at` the offset goes from `before` to `after` (ms). */
export interface Transition {
  at: number;
  before: number;
  after: number;
}

/**
 * A zone's offsets over whole UTC years `[fromYear, toYear]`, learned with Intl by `learnZoneTable`
 * and handed to `ZoneRules` where Intl is too dear. Plain JSON: it travels in messages.
 */
export interface ZoneTable {
  timeZone: string;
  fromYear: number;
  toYear: number;
  /** The offset (ms) at the first instant of `fromYear`. */
  offsetAtStart: number;
  /** Every transition within the years, oldest first. */
  transitions: Transition[];
}

interface ZoneYear {
  start: number;
  end: number;
  offsetAtStart: number;
  transitions: Transition[];
}

const FIXED_ZONE = /^(UTC|GMT|Etc\/(UTC|GMT|UCT|Universal|Zulu|GMT[+-]\d{1,2}))$/;
const WEEK_MS = 7 * DAY_MS;
const AVERAGE_YEAR_MS = 365.2425 * DAY_MS;
/** Offsets are below a day, so a wall time this far from every transition is unambiguous. */
const NEAR_MS = 2 * DAY_MS;

export class ZoneRules {
  readonly name: string;
  /** Set for zones that never change offset (UTC, Etc/GMT±N): every lookup is then free. */
  readonly fixedOffset: number | undefined;
  /** Created on first need: at once without a table, else only for a year the table lacks. */
  private format: Intl.DateTimeFormat | undefined;
  private readonly years = new Map<number, ZoneYear>();
  private lastYear: ZoneYear | undefined;

  /** Throws a RangeError naming `timeZone` when it is not an IANA zone (checked by Intl, so only without a table). */
  constructor(timeZone: string, table?: ZoneTable) {
    if (table && isZoneTableFor(table, timeZone)) {
      this.name = timeZone;
      this.fixedOffset = FIXED_ZONE.test(timeZone) && table.transitions.length === 0 ? table.offsetAtStart : undefined;
      for (const [number, year] of splitIntoYears(table)) this.years.set(number, year);
      return;
    }
    const format = this.intlFormat(timeZone);
    this.name = format.resolvedOptions().timeZone;
    this.fixedOffset = FIXED_ZONE.test(this.name) ? this.intlOffset(0) : undefined;
  }

  /** The zone's offset from UTC at instant `t` (ms, local = t + offset). */
  offsetAt(t: number): number {
    if (this.fixedOffset !== undefined) return this.fixedOffset;
    const year = this.yearOf(t);
    let offset = year.offsetAtStart;
    for (const transition of year.transitions) {
      if (t < transition.at) break;
      offset = transition.after;
    }
    return offset;
  }

  /** Transitions with `from <= at < to`, oldest first. */
  transitionsBetween(from: number, to: number): Transition[] {
    if (this.fixedOffset !== undefined || to <= from) return [];
    const found: Transition[] = [];
    // Stops at the year holding `to`: the year after it is never looked up (nor learned).
    for (let year = this.yearOf(from); ; year = this.yearOf(year.end)) {
      for (const transition of year.transitions) if (transition.at >= from && transition.at < to) found.push(transition);
      if (year.end >= to) return found;
    }
  }

  /**
   * The instant a local wall-clock time (ms since 1970-01-01T00:00 local) happens. Wall times in a
   * spring-forward gap never happen: they map to the transition instant, so they count for nothing.
   * Wall times in a fall-back overlap happen twice: the earlier instant is taken. The mapping never
   * goes backwards, which keeps business time monotonic.
   */
  wallToInstant(local: number): number {
    if (this.fixedOffset !== undefined) return local - this.fixedOffset;
    // Fast path: no transition within two days, so the offset is steady around this wall time.
    const year = this.yearOf(local);
    if (local - year.start > NEAR_MS && year.end - local > NEAR_MS) {
      let offset = year.offsetAtStart;
      let steady = true;
      for (const transition of year.transitions) {
        if (Math.abs(local - transition.at) < NEAR_MS) {
          steady = false;
          break;
        }
        if (local > transition.at) offset = transition.after;
      }
      if (steady) return local - offset;
    }
    const early = this.offsetAt(local - DAY_MS);
    const late = this.offsetAt(local + DAY_MS);
    if (early === late) return local - early;
    const [transition] = this.transitionsBetween(local - 2 * DAY_MS, local + 2 * DAY_MS);
    if (!transition) return local - early;
    if (local < transition.at + Math.min(transition.before, transition.after)) return local - transition.before;
    if (local >= transition.at + Math.max(transition.before, transition.after)) return local - transition.after;
    return transition.after > transition.before ? transition.at : local - transition.before;
  }

  private yearOf(t: number): ZoneYear {
    const last = this.lastYear;
    if (last && t >= last.start && t < last.end) return last;
    // Estimate the UTC year arithmetically, then step to the right one (at most one step).
    let number = 1970 + Math.floor(t / AVERAGE_YEAR_MS);
    let year = this.yearNumbered(number);
    while (t < year.start) year = this.yearNumbered(--number);
    while (t >= year.end) year = this.yearNumbered(++number);
    this.lastYear = year;
    return year;
  }

  private yearNumbered(number: number): ZoneYear {
    let year = this.years.get(number);
    if (!year) {
      year = this.learnYear(number);
      this.years.set(number, year);
    }
    return year;
  }

  private learnYear(yearNumber: number): ZoneYear {
    const start = Date.UTC(yearNumber, 0, 1);
    const end = Date.UTC(yearNumber + 1, 0, 1);
    const offsetAtStart = this.intlOffset(start);
    const transitions: Transition[] = [];
    let sampleAt = start;
    let sampleOffset = offsetAtStart;
    while (sampleAt < end) {
      const nextAt = Math.min(sampleAt + WEEK_MS, end);
      const nextOffset = this.intlOffset(nextAt);
      if (nextOffset !== sampleOffset) {
        // Binary search, in whole minutes, for the first instant with the new offset.
        let low = sampleAt / MINUTE_MS;
        let high = nextAt / MINUTE_MS;
        while (high - low > 1) {
          const middle = Math.floor((low + high) / 2);
          if (this.intlOffset(middle * MINUTE_MS) === sampleOffset) low = middle;
          else high = middle;
        }
        const at = high * MINUTE_MS;
        if (at < end) transitions.push({ at, before: sampleOffset, after: this.intlOffset(at) });
      }
      sampleAt = nextAt;
      sampleOffset = nextOffset;
    }
    return { start, end, offsetAtStart, transitions };
  }

  private intlFormat(timeZone = this.name): Intl.DateTimeFormat {
    if (this.format) return this.format;
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw new RangeError(`calendar time zone "${timeZone}" is not an IANA time zone`);
    }
    return this.format;
  }

  private intlOffset(t: number): number {
    const whole = t - (((t % 1000) + 1000) % 1000);
    const fields: Record<string, string> = {};
    for (const part of this.intlFormat().formatToParts(new Date(whole))) fields[part.type] = part.value;
    const yearNumber = fields.era === 'BC' || fields.era === 'B' ? 1 - Number(fields.year) : Number(fields.year);
    const local = Date.UTC(2000, Number(fields.month) - 1, Number(fields.day), Number(fields.hour), Number(fields.minute), Number(fields.second));
    // Date.UTC maps years 0–99 to 1900s; set the real year afterwards.
    const date = new Date(local);
    date.setUTCFullYear(yearNumber);
    return date.getTime() - whole;
  }
}

/**
 * Whether `value` is a usable table for `timeZone`: it comes over a message, so it is checked
 * rather than trusted; a table that fails the check is ignored and Intl answers instead.
 */
function isZoneTableFor(value: ZoneTable, timeZone: string): boolean {
  if (value === null || typeof value !== 'object') return false;
  const { fromYear, toYear, offsetAtStart, transitions } = value;
  if (value.timeZone !== timeZone || !Number.isInteger(fromYear) || !Number.isInteger(toYear) || toYear < fromYear || toYear - fromYear > 200) return false;
  if (!Number.isFinite(offsetAtStart) || !Array.isArray(transitions)) return false;
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  let previous = start - 1;
  let offset = offsetAtStart;
  for (const transition of transitions) {
    const { at, before, after } = transition ?? {};
    if (!(at > previous && at < end) || before !== offset || !Number.isFinite(after)) return false;
    previous = at;
    offset = after;
  }
  return true;
}

function splitIntoYears(table: ZoneTable): [number, ZoneYear][] {
  const years: [number, ZoneYear][] = [];
  let offset = table.offsetAtStart;
  let next = 0;
  for (let number = table.fromYear; number <= table.toYear; number++) {
    const start = Date.UTC(number, 0, 1);
    const end = Date.UTC(number + 1, 0, 1);
    const offsetAtStart = offset;
    const transitions: Transition[] = [];
    for (; next < table.transitions.length && table.transitions[next]!.at < end; next++) {
      transitions.push(table.transitions[next]!);
      offset = table.transitions[next]!.after;
    }
    years.push([number, { start, end, offsetAtStart, transitions }]);
  }
  return years;
}

const zones = new Map<string, ZoneRules>();
const zonesFromTables = new WeakMap<ZoneTable, ZoneRules>();

/**
 * One shared, lazily learned rule table per zone name; with a `table` (learned elsewhere), rules
 * that answer from it without Intl, one per table object.
 */
export function zoneRules(timeZone: string, table?: ZoneTable): ZoneRules {
  if (table !== null && typeof table === 'object') {
    let rules = zonesFromTables.get(table);
    if (!rules) {
      rules = new ZoneRules(timeZone, table);
      zonesFromTables.set(table, rules);
    }
    return rules;
  }
  let rules = zones.get(timeZone);
  if (!rules) {
    rules = new ZoneRules(timeZone);
    zones.set(timeZone, rules);
  }
  return rules;
}

/** The zone's table for UTC years `[fromYear, toYear]`, learned with Intl (where there is time: the background). */
export function learnZoneTable(timeZone: string, fromYear: number, toYear: number): ZoneTable {
  // A function, not a ZoneRules method, so the content script's bundle leaves it out.
  const rules = zoneRules(timeZone);
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  // Named as asked, not as Intl canonicalises it ("US/Eastern"), so the calendar's own name matches.
  return { timeZone, fromYear, toYear, offsetAtStart: rules.offsetAt(start), transitions: rules.transitionsBetween(start, end) };
}
