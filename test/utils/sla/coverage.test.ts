import { describe, expect, it, vi } from 'vitest';
import { coveredHolidayYears, missingHolidayYears } from '../../../utils/sla/coverage';
import { learnZoneTable } from '../../../utils/sla/zone';

const at = (iso: string) => Date.parse(iso);

describe('missingHolidayYears', () => {
  const cases: {
    name: string;
    calendar: { timeZone: string; holidays: string[]; workdays: string[]; holidayYears?: number[] };
    from: string;
    to: string;
    missing: number[];
  }[] = [
    { name: 'covered year', calendar: { timeZone: 'UTC', holidays: ['2026-01-01'], workdays: [], holidayYears: [2026] }, from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', missing: [] },
    { name: 'span into an uncovered year', calendar: { timeZone: 'UTC', holidays: ['2026-01-01'], workdays: [], holidayYears: [2026] }, from: '2026-12-30T00:00:00Z', to: '2027-01-04T00:00:00Z', missing: [2027] },
    { name: 'several missing years, ascending', calendar: { timeZone: 'UTC', holidays: [], workdays: [], holidayYears: [2027] }, from: '2026-06-01T00:00:00Z', to: '2029-01-01T00:00:00Z', missing: [2026, 2028, 2029] },
    { name: 'stated year with no holidays at all still counts as covered', calendar: { timeZone: 'UTC', holidays: [], workdays: [], holidayYears: [2026] }, from: '2026-05-01T00:00:00Z', to: '2026-05-02T00:00:00Z', missing: [] },
    { name: 'without holidayYears the dates tell the years', calendar: { timeZone: 'UTC', holidays: ['2026-10-01'], workdays: ['2027-02-06'] }, from: '2026-01-01T00:00:00Z', to: '2028-01-01T00:00:00Z', missing: [2028] },
    { name: 'a calendar with no holidays ever (24x7) lacks nothing', calendar: { timeZone: 'UTC', holidays: [], workdays: [] }, from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z', missing: [] },
    { name: 'year read in the calendar zone: 16:30Z on Dec 31 is already 2027 in Shanghai', calendar: { timeZone: 'Asia/Shanghai', holidays: ['2026-01-01'], workdays: [], holidayYears: [2026] }, from: '2026-12-31T10:00:00Z', to: '2026-12-31T16:30:00Z', missing: [2027] },
    { name: 'same instant still 2026 in New York', calendar: { timeZone: 'America/New_York', holidays: ['2026-01-01'], workdays: [], holidayYears: [2026] }, from: '2026-12-31T10:00:00Z', to: '2026-12-31T16:30:00Z', missing: [] },
    { name: 'reversed ends are the same span', calendar: { timeZone: 'UTC', holidays: ['2026-01-01'], workdays: [], holidayYears: [2026] }, from: '2027-01-04T00:00:00Z', to: '2026-12-30T00:00:00Z', missing: [2027] },
  ];
  it.each(cases)('$name', ({ calendar, from, to, missing }) => {
    expect(missingHolidayYears(calendar, at(from), at(to))).toEqual(missing);
  });
});

describe('missingHolidayYears on a tracker page (calendar with its zone table)', () => {
  it('reads the year from the table, making no Intl formatter (≈ 10 ms each on a ticket page)', () => {
    const zoneTable = learnZoneTable('America/Los_Angeles', 2026, 2027);
    const calendar = { timeZone: 'America/Los_Angeles', holidays: ['2026-01-01'], workdays: [], holidayYears: [2026], zoneTable };
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      // 05:00Z on Jan 1 2027 is still Dec 31 2026 in Los Angeles; 09:00Z is 2027 there.
      expect(missingHolidayYears(calendar, at('2026-12-30T00:00:00Z'), at('2027-01-01T05:00:00Z'))).toEqual([]);
      expect(missingHolidayYears(calendar, at('2026-12-30T00:00:00Z'), at('2027-01-01T09:00:00Z'))).toEqual([2027]);
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
  });
});

describe('coveredHolidayYears', () => {
  it('prefers the stated years over the dates', () => {
    expect([...coveredHolidayYears({ holidays: ['2025-01-01'], workdays: [], holidayYears: [2026, 2027] })!]).toEqual([2026, 2027]);
  });
});
