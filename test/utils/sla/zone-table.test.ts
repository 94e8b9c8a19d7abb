/**
 * The table-driven zone path (a tracker page answers from offsets the background learned, with
 * no Intl) must give exactly what the Intl path gives, across DST and outside the table's years.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Calendar } from '../../../utils/contracts/schema';
import { addBusinessMinutes, businessMinutesBetween, type CalendarWithZone } from '../../../utils/sla/calendar';
import { evaluateSla } from '../../../utils/sla/evaluate';
import { learnZoneTable, ZoneRules, type ZoneTable } from '../../../utils/sla/zone';
import { alwaysOnCalendar, chinaCalendar, chinaPolicy, makeTicket, usCalendar, usPolicy } from './fixtures';

const TABLE_YEARS = [2025, 2027] as const;
const office = usCalendar.week;
const londonOffice = Calendar.parse({ ...usCalendar, id: 'london-office', timeZone: 'Europe/London', holidays: ['2026-12-25'], workdays: [] });
const newYork24x7 = Calendar.parse({ ...alwaysOnCalendar, id: 'ny-24x7', timeZone: 'America/New_York' });
const london24x7 = Calendar.parse({ ...alwaysOnCalendar, id: 'london-24x7', timeZone: 'Europe/London' });
const shanghai24x7 = Calendar.parse({ ...alwaysOnCalendar, id: 'shanghai-24x7', timeZone: 'Asia/Shanghai' });
const utcOffice = Calendar.parse({ ...usCalendar, id: 'utc-office', timeZone: 'UTC', week: office });

/** A fresh copy of the calendar carrying a freshly learned table (fresh objects: nothing cached). */
const withTable = (calendar: Calendar, table: ZoneTable = learnZoneTable(calendar.timeZone, ...TABLE_YEARS)): CalendarWithZone => ({
  ...calendar,
  zoneTable: structuredClone(table),
});

const CALENDARS = [usCalendar, newYork24x7, londonOffice, london24x7, chinaCalendar, shanghai24x7, utcOffice];

afterEach(() => vi.restoreAllMocks());

describe('learnZoneTable', () => {
  it.each([
    ['America/New_York', ['2025-03-09T07:00:00.000Z', '2025-11-02T06:00:00.000Z', '2026-03-08T07:00:00.000Z', '2026-11-01T06:00:00.000Z', '2027-03-14T07:00:00.000Z', '2027-11-07T06:00:00.000Z'], -5],
    ['Europe/London', ['2025-03-30T01:00:00.000Z', '2025-10-26T01:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-10-25T01:00:00.000Z', '2027-03-28T01:00:00.000Z', '2027-10-31T01:00:00.000Z'], 0],
    ['Asia/Shanghai', [], 8],
    ['UTC', [], 0],
  ])('%s: every transition of 2025–2027, to the minute', (timeZone, instants, hoursAtStart) => {
    const table = learnZoneTable(timeZone, ...TABLE_YEARS);
    expect(table).toMatchObject({ timeZone, fromYear: 2025, toYear: 2027, offsetAtStart: hoursAtStart * 3_600_000 });
    expect(table.transitions.map((transition) => new Date(transition.at).toISOString())).toEqual(instants);
    // Plain JSON: it survives the trip through a message unchanged.
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
  });

  it('keeps the name it was asked for, so an alias calendar finds its table', () => {
    expect(learnZoneTable('US/Eastern', 2026, 2026).timeZone).toBe('US/Eastern');
  });

  it('names an unknown zone', () => {
    expect(() => learnZoneTable('Mars/Olympus', 2026, 2026)).toThrow(/"Mars\/Olympus" is not an IANA time zone/);
  });
});

describe('a zone answering from a table', () => {
  it.each(['America/New_York', 'Europe/London', 'Asia/Shanghai', 'UTC'])('%s: no Intl at all within the table years', (timeZone) => {
    const table = learnZoneTable(timeZone, ...TABLE_YEARS);
    const intl = vi.spyOn(Intl, 'DateTimeFormat');
    const rules = new ZoneRules(timeZone, table);
    // Wall times look two days either way, so the first and last days may ask about the years beside.
    for (let t = Date.UTC(2025, 0, 3); t < Date.UTC(2027, 11, 29); t += 3 * 3_600_000 + 7 * 60_000) {
      rules.offsetAt(t);
      rules.wallToInstant(t);
    }
    expect(intl).not.toHaveBeenCalled();
  });

  it.each(['America/New_York', 'Europe/London', 'Asia/Shanghai'])('%s: the same offsets and wall-time mapping as Intl, every 37 minutes of 2025–2027', (timeZone) => {
    const fromTable = new ZoneRules(timeZone, learnZoneTable(timeZone, ...TABLE_YEARS));
    const fromIntl = new ZoneRules(timeZone);
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2028, 0, 1); t += 37 * 60_000) {
      if (fromTable.offsetAt(t) !== fromIntl.offsetAt(t)) expect([timeZone, new Date(t).toISOString(), fromTable.offsetAt(t)]).toEqual([timeZone, new Date(t).toISOString(), fromIntl.offsetAt(t)]);
      if (fromTable.wallToInstant(t) !== fromIntl.wallToInstant(t)) expect([timeZone, t, fromTable.wallToInstant(t)]).toEqual([timeZone, t, fromIntl.wallToInstant(t)]);
    }
  });

  it('falls back to Intl for years the table lacks (Shanghai kept DST in 1986–1991)', () => {
    const rules = new ZoneRules('Asia/Shanghai', learnZoneTable('Asia/Shanghai', ...TABLE_YEARS));
    const summer1988 = Date.UTC(1988, 6, 1);
    expect(rules.offsetAt(summer1988)).toBe(9 * 3_600_000);
    expect(rules.transitionsBetween(Date.UTC(1988, 0, 1), Date.UTC(1989, 0, 1))).toHaveLength(2);
  });

  it.each([
    ['for another zone', (table: ZoneTable) => ({ ...table, timeZone: 'Europe/Paris' })],
    ['whose offsets do not chain', (table: ZoneTable) => ({ ...table, transitions: table.transitions.map((transition) => ({ ...transition, before: 0 })) })],
    ['out of order', (table: ZoneTable) => ({ ...table, transitions: [...table.transitions].reverse() })],
    ['with a transition outside its years', (table: ZoneTable) => ({ ...table, toYear: 2025 })],
    ['that is not a table at all', () => 'garbage' as unknown as ZoneTable],
  ])('ignores a table %s and asks Intl instead', (_name, spoil) => {
    const calendar = withTable(newYork24x7, spoil(learnZoneTable('America/New_York', ...TABLE_YEARS)));
    const spring = new Date('2026-03-08T05:00:00Z');
    expect(businessMinutesBetween(calendar, spring, new Date('2026-03-09T04:00:00Z'))).toBe(23 * 60);
  });
});

const at = (iso: string) => new Date(iso);

describe('business time with a table equals business time with Intl', () => {
  it.each([
    ['NY office, spring DST weekend', usCalendar, '2026-03-06T20:30:00Z', '2026-03-09T14:30:00Z'],
    ['NY office, autumn DST weekend', usCalendar, '2026-10-30T19:30:00Z', '2026-11-02T15:30:00Z'],
    ['NY 24×7, spring forward day', newYork24x7, '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z'],
    ['NY 24×7, fall back day', newYork24x7, '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z'],
    ['London office, spring DST weekend', londonOffice, '2026-03-27T16:00:00Z', '2026-03-30T10:00:00Z'],
    ['London 24×7, fall back day', london24x7, '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z'],
    ['Shanghai, Spring Festival', chinaCalendar, '2026-02-13T09:00:00Z', '2026-02-24T03:00:00Z'],
    ['Shanghai, whole year', chinaCalendar, '2025-12-31T16:00:00Z', '2026-12-31T16:00:00Z'],
    ['NY office, from inside the table into a year it lacks', usCalendar, '2027-12-20T14:00:00Z', '2028-03-20T14:00:00Z'],
    ['London office, from a year the table lacks', londonOffice, '2024-10-20T14:00:00Z', '2025-04-02T14:00:00Z'],
  ])('%s', (_name, calendar, start, end) => {
    expect(businessMinutesBetween(withTable(calendar), at(start), at(end))).toBe(businessMinutesBetween(calendar, at(start), at(end)));
  });

  const minute = fc.integer({ min: Date.UTC(2025, 0, 1) / 60_000, max: Date.UTC(2028, 0, 1) / 60_000 }).map((value) => new Date(value * 60_000));
  const pairs = CALENDARS.map((calendar) => [calendar, withTable(calendar)] as const);

  it('measuring: any whole-minute span in 2025–2027, every calendar', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pairs), minute, fc.integer({ min: 0, max: 20 * 1440 }), ([intl, table], start, minutes) => {
        const end = new Date(start.getTime() + minutes * 60_000);
        expect(businessMinutesBetween(table, start, end)).toBe(businessMinutesBetween(intl, start, end));
      }),
      { numRuns: 500 },
    );
  });

  it('adding: the same due instant', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pairs), minute, fc.integer({ min: 0, max: 10_000 }), ([intl, table], start, minutes) => {
        expect(addBusinessMinutes(table, start, minutes).toISOString()).toBe(addBusinessMinutes(intl, start, minutes).toISOString());
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['US policy across the spring DST change', usPolicy, usCalendar, '2026-03-06T19:00:00Z', '2026-03-09T15:10:00Z'],
    ['China policy over Spring Festival', chinaPolicy, chinaCalendar, '2026-02-13T08:00:00Z', '2026-02-24T02:30:00Z'],
  ])('evaluateSla: %s', (_name, policy, calendar, createdAt, now) => {
    const ticket = makeTicket({ priority: 'P2', createdAt });
    const calendarWithTable = withTable(calendar);
    const intl = vi.spyOn(Intl, 'DateTimeFormat');
    const fromTable = evaluateSla(ticket, policy, calendarWithTable, at(now));
    expect(intl).not.toHaveBeenCalled();
    expect(fromTable).toEqual(evaluateSla(ticket, policy, calendar, at(now)));
  });
});
