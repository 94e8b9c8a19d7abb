import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Calendar } from '../../../utils/contracts/schema';
import { addBusinessMinutes, businessMinutesBetween, businessMsBetween, compileCalendar } from '../../../utils/sla/calendar';
import { alwaysOnCalendar, chinaCalendar, usCalendar } from './fixtures';

/** "2026-02-13 17:00" in Shanghai / New York (offset given explicitly so the tests state it). */
const at = (text: string, offset: string) => new Date(`${text.replace(' ', 'T')}:00${offset}`);
const cn = (text: string) => at(text, '+08:00');
const est = (text: string) => at(text, '-05:00');
const edt = (text: string) => at(text, '-04:00');

const newYork24x7 = Calendar.parse({ ...alwaysOnCalendar, id: 'ny-24x7', timeZone: 'America/New_York' });
const london24x7 = Calendar.parse({ ...alwaysOnCalendar, id: 'london-24x7', timeZone: 'Europe/London' });
const utcOffice = Calendar.parse({
  id: 'utc-office',
  timeZone: 'UTC',
  week: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']], sat: [], sun: [] },
  holidays: ['2026-12-25'],
});

describe('businessMinutesBetween — China mainland 2026', () => {
  it.each([
    ['Friday before Spring Festival into the make-up Saturday', cn('2026-02-13 17:00'), cn('2026-02-14 10:00'), 60 + 60],
    ['make-up Saturday Feb 14 across the whole Spring Festival', cn('2026-02-14 09:00'), cn('2026-02-24 09:00'), 480],
    ['inside Spring Festival', cn('2026-02-16 09:00'), cn('2026-02-20 18:00'), 0],
    ['make-up Saturday Feb 28', cn('2026-02-27 09:00'), cn('2026-03-02 09:00'), 960],
    ['across the lunch break', cn('2026-03-09 11:30'), cn('2026-03-09 13:30'), 60],
    ['inside the lunch break', cn('2026-03-09 12:10'), cn('2026-03-09 12:50'), 0],
    ['before opening to after closing', cn('2026-03-09 06:00'), cn('2026-03-09 23:00'), 480],
    ['National Day week', cn('2026-09-30 18:00'), cn('2026-10-09 09:00'), 480],
    ['make-up Sunday Sep 20', cn('2026-09-20 00:00'), cn('2026-09-21 00:00'), 480],
    ['New Year make-up Sunday Jan 4', cn('2026-01-01 00:00'), cn('2026-01-05 00:00'), 480],
    ['the whole year: 248 working days', cn('2026-01-01 00:00'), cn('2027-01-01 00:00'), 248 * 480],
    ['end before start', cn('2026-03-09 12:00'), cn('2026-03-09 10:00'), 0],
  ])('%s', (_name, start, end, minutes) => {
    expect(businessMinutesBetween(chinaCalendar, start, end)).toBe(minutes);
  });
});

describe('businessMinutesBetween — US Eastern 2026 (DST, federal holidays)', () => {
  it.each([
    ['weekend of the spring DST change', est('2026-03-06 16:00'), edt('2026-03-09 10:00'), 120],
    ['weekend of the autumn DST change', edt('2026-10-30 16:00'), est('2026-11-02 10:00'), 120],
    ['across Thanksgiving', est('2026-11-25 16:00'), est('2026-11-27 10:00'), 120],
    ['November: 21 weekdays, Veterans Day and Thanksgiving off', edt('2026-11-01 00:00'), est('2026-12-01 00:00'), 19 * 480],
    ['Independence Day observed (Fri Jul 3)', edt('2026-07-02 16:00'), edt('2026-07-06 10:00'), 120],
    ['the whole year: 250 working days', est('2026-01-01 00:00'), est('2027-01-01 00:00'), 250 * 480],
  ])('%s', (_name, start, end, minutes) => {
    expect(businessMinutesBetween(usCalendar, start, end)).toBe(minutes);
  });

  it.each([
    ['spring forward, New York', newYork24x7, est('2026-03-08 00:00'), edt('2026-03-09 00:00'), 23],
    ['fall back, New York', newYork24x7, edt('2026-11-01 00:00'), est('2026-11-02 00:00'), 25],
    ['spring forward, London', london24x7, at('2026-03-29 00:00', 'Z'), at('2026-03-30 00:00', '+01:00'), 23],
    ['fall back, London', london24x7, at('2026-10-25 00:00', '+01:00'), at('2026-10-26 00:00', 'Z'), 25],
  ])('a 24×7 calendar counts real time on DST days: %s has %d hours', (_name, calendar, start, end, hours) => {
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(hours);
    expect(businessMinutesBetween(calendar, start, end)).toBe(hours * 60);
  });

  it('an office day on a DST Monday still has 8 business hours', () => {
    expect(businessMinutesBetween(usCalendar, edt('2026-03-09 00:00'), edt('2026-03-10 00:00'))).toBe(480);
    expect(businessMinutesBetween(usCalendar, est('2026-11-02 00:00'), est('2026-11-03 00:00'))).toBe(480);
  });

  it('floors to whole minutes (business seconds / 60)', () => {
    expect(businessMinutesBetween(utcOffice, new Date('2026-03-09T09:00:00Z'), new Date('2026-03-09T09:01:59.999Z'))).toBe(1);
    expect(businessMsBetween(utcOffice, new Date('2026-03-09T08:59:30Z'), new Date('2026-03-09T09:00:30Z'))).toBe(30_000);
  });
});

describe('addBusinessMinutes', () => {
  it.each([
    ['CN: Friday evening rolls into the make-up Saturday', chinaCalendar, cn('2026-02-13 17:30'), 60, cn('2026-02-14 09:30')],
    ['CN: make-up Saturday evening skips Spring Festival', chinaCalendar, cn('2026-02-14 17:30'), 60, cn('2026-02-24 09:30')],
    ['CN: over the lunch break', chinaCalendar, cn('2026-03-09 11:30'), 60, cn('2026-03-09 13:30')],
    ['CN: the earliest instant is the end of the morning, not after lunch', chinaCalendar, cn('2026-03-09 11:00'), 60, cn('2026-03-09 12:00')],
    ['CN: zero minutes is the start itself, even at lunch', chinaCalendar, cn('2026-03-09 12:30'), 0, cn('2026-03-09 12:30')],
    ['CN: from a holiday', chinaCalendar, cn('2026-10-03 10:00'), 480, cn('2026-10-08 18:00')],
    ['US: over Thanksgiving', usCalendar, est('2026-11-25 16:30'), 60, est('2026-11-27 09:30')],
    ['US: over the spring DST weekend', usCalendar, est('2026-03-06 16:30'), 60, edt('2026-03-09 09:30')],
    ['US: a year of business days', usCalendar, est('2026-01-01 00:00'), 250 * 480, est('2026-12-31 17:00')],
    ['24×7 NY: one day past spring forward is 24 real hours', newYork24x7, est('2026-03-08 00:00'), 1440, edt('2026-03-09 01:00')],
  ])('%s', (_name, calendar, start, minutes, expected) => {
    expect(addBusinessMinutes(calendar, start, minutes).toISOString()).toBe(expected.toISOString());
  });

  it('rejects negative minutes and invalid dates with a clear error', () => {
    expect(() => addBusinessMinutes(usCalendar, new Date(), -1)).toThrow(/≥ 0/);
    expect(() => businessMinutesBetween(usCalendar, new Date('nope'), new Date())).toThrow(/start must be a valid Date/);
  });

  it('says so when a calendar has no working time at all', () => {
    const never = Calendar.parse({ ...utcOffice, id: 'never', week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    expect(() => addBusinessMinutes(never, new Date('2026-01-01T00:00:00Z'), 1)).toThrow(/calendar "never" has no working time/);
  });
});

describe('calendar compilation', () => {
  it('is memoised per calendar object', () => {
    expect(compileCalendar(chinaCalendar)).toBe(compileCalendar(chinaCalendar));
    expect(compileCalendar({ ...chinaCalendar })).not.toBe(compileCalendar(chinaCalendar));
  });

  it.each([
    ['a period that ends before it starts', { mon: [['17:00', '09:00']] }, /period 17:00–09:00 ends before it starts/],
    ['a clock past 24:00', { mon: [['09:00', '25:00']] }, /"25:00" is not a clock time/],
  ])('names the problem: %s', (_name, week, message) => {
    const broken = { ...utcOffice, id: 'broken', week: { ...utcOffice.week, ...week } } as unknown as Calendar;
    expect(() => businessMinutesBetween(broken, new Date(0), new Date(1e9))).toThrow(message);
  });

  it('names an impossible holiday date and an unknown time zone', () => {
    expect(() => compileCalendar({ ...utcOffice, holidays: ['2026-02-30'] })).toThrow(/"2026-02-30" is not a date/);
    expect(() => compileCalendar({ ...utcOffice, timeZone: 'Mars/Olympus' })).toThrow(/"Mars\/Olympus" is not an IANA time zone/);
  });

  it('make-up workdays take workdayHours when given, and a holiday on the same date wins', () => {
    const calendar = Calendar.parse({ ...chinaCalendar, workdayHours: [['10:00', '16:00']], holidays: [...chinaCalendar.holidays, '2026-02-28'] });
    expect(businessMinutesBetween(calendar, cn('2026-02-14 00:00'), cn('2026-02-15 00:00'))).toBe(360);
    expect(businessMinutesBetween(calendar, cn('2026-02-28 00:00'), cn('2026-03-01 00:00'))).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests. Instants are whole minutes (as trackers show them), so floors are exact.

const YEAR_START = Date.UTC(2025, 6, 1) / 60_000;
const YEAR_END = Date.UTC(2027, 6, 1) / 60_000;
const minuteInstant = fc.integer({ min: YEAR_START, max: YEAR_END }).map((minute) => new Date(minute * 60_000));
const calendars = fc.constantFrom(chinaCalendar, usCalendar, alwaysOnCalendar, newYork24x7, london24x7, utcOffice);

describe('properties', () => {
  it('adding then measuring gives back the minutes', () => {
    fc.assert(
      fc.property(calendars, minuteInstant, fc.integer({ min: 0, max: 250_000 }), (calendar, start, minutes) => {
        const end = addBusinessMinutes(calendar, start, minutes);
        expect(businessMinutesBetween(calendar, start, end)).toBe(minutes);
        // …and it is the earliest such instant: a minute earlier is one business minute short.
        if (minutes > 0) expect(businessMinutesBetween(calendar, start, new Date(end.getTime() - 60_000))).toBe(minutes - 1);
      }),
      { numRuns: 400 },
    );
  });

  it('measuring is additive over any split point', () => {
    fc.assert(
      fc.property(calendars, fc.array(minuteInstant, { minLength: 3, maxLength: 3 }), (calendar, instants) => {
        const [a, b, c] = instants.sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date];
        expect(businessMinutesBetween(calendar, a, c)).toBe(businessMinutesBetween(calendar, a, b) + businessMinutesBetween(calendar, b, c));
      }),
      { numRuns: 400 },
    );
  });

  it('a 24×7 UTC calendar equals wall-clock minutes, to the millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: 4e11 }), (start, length) => {
        expect(businessMinutesBetween(alwaysOnCalendar, new Date(start), new Date(start + length))).toBe(Math.floor(length / 60_000));
      }),
    );
  });

  it('a 24×7 calendar counts every real minute on every day, DST days included', () => {
    fc.assert(
      fc.property(fc.constantFrom(newYork24x7, london24x7), minuteInstant, fc.integer({ min: 0, max: 3 * 1440 * 60 }), (calendar, start, minutes) => {
        const end = new Date(start.getTime() + minutes * 60_000);
        expect(businessMinutesBetween(calendar, start, end)).toBe(minutes);
      }),
    );
  });

  // Slow by design (one Intl call per minute), hence few runs and its own timeout.
  it('agrees with a minute-by-minute walk through Intl over spans of up to two days', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.constantFrom(chinaCalendar, usCalendar, newYork24x7), minuteInstant, fc.integer({ min: 0, max: 2 * 1440 }), (calendar, start, minutes) => {
        const end = new Date(start.getTime() + minutes * 60_000);
        expect(businessMinutesBetween(calendar, start, end)).toBe(walkMinutes(calendar, start.getTime(), end.getTime()));
      }),
      { numRuns: 30 },
    );
  });
});

describe('agrees with the minute-by-minute walk around DST changes', () => {
  it.each([
    ['New York 24×7, spring forward', newYork24x7, '2026-03-07T22:17:00Z'],
    ['New York 24×7, fall back', newYork24x7, '2026-10-31T21:43:00Z'],
    ['US office, spring forward', usCalendar, '2026-03-06T20:05:00Z'],
    ['US office, fall back', usCalendar, '2026-10-30T20:05:00Z'],
    ['London 24×7, spring forward', london24x7, '2026-03-28T23:59:00Z'],
  ])('%s', (_name, calendar, startIso) => {
    const start = Date.parse(startIso);
    for (const hours of [1, 5, 27, 50]) {
      const end = start + hours * 3_600_000;
      expect(businessMinutesBetween(calendar, new Date(start), new Date(end))).toBe(walkMinutes(calendar, start, end));
    }
  });
});

/** The slow, obviously right oracle: ask Intl for every minute's wall time and check the table. */
function walkMinutes(calendar: Calendar, from: number, to: number): number {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: calendar.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' });
  const names = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' } as const;
  let count = 0;
  for (let t = from; t < to; t += 60_000) {
    const parts = Object.fromEntries(format.formatToParts(new Date(t)).map((part) => [part.type, part.value]));
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    const clock = `${parts.hour}:${parts.minute}`;
    const periods = calendar.holidays.includes(date)
      ? []
      : calendar.workdays.includes(date)
        ? (calendar.workdayHours ?? calendar.week.mon)
        : calendar.week[names[parts.weekday as keyof typeof names]];
    if (periods.some(([start, end]) => clock >= start && clock < end)) count++;
  }
  return count;
}
