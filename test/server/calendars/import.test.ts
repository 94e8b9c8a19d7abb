// Real data from chinese-days and date-holidays, checked against the published 2026 arrangements
// in shared/CALENDARS.md; the CLI runs on a real config file in a temp folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyYear, importChina, importIcs, importDateHolidays, importUsFederal, NoDataError } from '../../../server/calendars/import';
import { runCalendarImport } from '../../../server/calendars/cli';
import { Calendar } from '../../../utils/contracts/schema';

const range = (from: string, to: string) => {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
};

describe('importChina (chinese-days)', () => {
  it('matches the State Council notice for 2026 day for day, make-up days included', () => {
    const days = importChina(2026);
    const holidays = days.filter((day) => day.kind === 'holiday').map((day) => day.date);
    const workdays = days.filter((day) => day.kind === 'workday').map((day) => day.date);
    expect(holidays).toEqual([
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ]);
    expect(workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    // 365 − 104 weekend days − weekdays off + make-up days = 248 working days.
    const weekdaysOff = holidays.filter((date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())).length;
    expect(261 - weekdaysOff + workdays.length).toBe(248);
  });

  it('says so for a year the package has not published instead of returning no holidays', () => {
    expect(() => importChina(2027)).toThrow(NoDataError);
  });
});

describe('importDateHolidays (date-holidays)', () => {
  it('US federal 2026 has the eleven federal days off, Jul 3 observed, no Christmas Eve', () => {
    const dates = importUsFederal(2026).map((day) => day.date);
    for (const date of ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25']) {
      expect(dates).toContain(date);
    }
    expect(dates).not.toContain('2026-12-24');
  });

  it('US federal 2027 has its observed days (Jun 18, Jul 5, Dec 24, and Dec 31 for New Year 2028)', () => {
    const dates = importUsFederal(2027).map((day) => day.date);
    expect(dates).toEqual(expect.arrayContaining(['2027-01-18', '2027-05-31', '2027-06-18', '2027-07-05', '2027-11-25', '2027-12-24', '2027-12-31']));
    expect(dates.every((date) => date.startsWith('2027-'))).toBe(true);
  });

  it('regions differ from their country (Bavaria has Epiphany, Berlin does not)', () => {
    expect(importDateHolidays('DE-BY', 2027).map((day) => day.date)).toContain('2027-01-06');
    expect(importDateHolidays('DE-BE', 2027).map((day) => day.date)).not.toContain('2027-01-06');
  });

  it('an unknown country or region is an error naming it', () => {
    expect(() => importDateHolidays('XX', 2027)).toThrow(/"XX"/);
    expect(() => importDateHolidays('DE-ZZ', 2027)).toThrow(/"DE-ZZ"/);
  });
});

describe('importIcs (ical.js)', () => {
  const ics = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
    'BEGIN:VEVENT', 'UID:a', 'DTSTAMP:20261101T000000Z', 'DTSTART;VALUE=DATE:20270208', 'DTEND;VALUE=DATE:20270211', 'SUMMARY:Company break', 'END:VEVENT',
    'BEGIN:VEVENT', 'UID:b', 'DTSTAMP:20261101T000000Z', 'DTSTART;VALUE=DATE:20200501', 'RRULE:FREQ=YEARLY', 'SUMMARY:Founders day', 'END:VEVENT',
    'BEGIN:VEVENT', 'UID:c', 'DTSTAMP:20261101T000000Z', 'DTSTART:20270301T090000Z', 'DTEND:20270301T100000Z', 'SUMMARY:Meeting', 'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');

  it('takes all-day events in the year (DTEND exclusive, yearly rules expanded), not timed events', () => {
    expect(importIcs(ics, 2027).map((day) => day.date)).toEqual(['2027-02-08', '2027-02-09', '2027-02-10', '2027-05-01']);
  });

  it('reads the ics file chinese-days ships for 2026 with the same days off and make-up days as its data', () => {
    const text = readFileSync('node_modules/chinese-days/dist/years/2026.ics', 'utf8');
    const kinds = (days: { date: string; kind: string }[]) => days.map((day) => `${day.date} ${day.kind}`);
    expect(kinds(importIcs(text, 2026))).toEqual(kinds(importChina(2026)));
  });

  it('takes make-up working days from the summary too ("春节(班)", "補班"), the rest as days off', () => {
    const event = (uid: string, date: string, summary: string) =>
      ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261101T000000Z', `DTSTART;VALUE=DATE:${date}`, `SUMMARY:${summary}`, 'END:VEVENT'];
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...event('a', '20270206', '春节（班）'), ...event('b', '20270220', '補班'), ...event('c', '20270208', '春节'), 'END:VCALENDAR'].join('\r\n');
    expect(importIcs(text, 2027)).toEqual([
      { date: '2027-02-06', kind: 'workday', name: '春节（班）' },
      { date: '2027-02-08', kind: 'holiday', name: '春节' },
      { date: '2027-02-20', kind: 'workday', name: '補班' },
    ]);
  });
});

describe('applyYear', () => {
  it('replaces one year, keeps the others and records the year as covered', () => {
    const calendar = Calendar.parse({
      id: 'x', timeZone: 'UTC', week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: ['2026-01-01', '2027-03-03'], workdays: ['2027-03-06'],
    });
    const updated = applyYear(calendar, 2027, [{ date: '2027-01-01', kind: 'holiday', name: '' }, { date: '2027-02-06', kind: 'workday', name: '' }]);
    expect(updated.holidays).toEqual(['2026-01-01', '2027-01-01']);
    expect(updated.workdays).toEqual(['2027-02-06']);
    expect(updated.holidayYears).toEqual([2026, 2027]);
  });
});

describe('npm run calendar:import', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCalendarImport(args, (line) => out.push(line), (line) => err.push(line));
    return { code, out, err };
  };

  it('prints for review without --write, writes with it and keeps the rest of the file', () => {
    dir = mkdtempSync(join(tmpdir(), 'sf-calendar-'));
    const path = join(dir, 'config.json');
    const config = JSON.parse(readFileSync('config/example.json', 'utf8'));
    config.calendars = config.calendars.map((calendar: Record<string, unknown>) =>
      calendar.id === 'us-2026' ? { ...calendar, holidays: ['2026-01-01'], holidayYears: [2026] } : calendar,
    );
    writeFileSync(path, JSON.stringify(config, null, 2) + '\n');
    const before = readFileSync(path, 'utf8');

    const review = run(['--calendar', 'us-2026', '--source', 'us', '--year', '2027', '--config', path]);
    expect(review.code).toBe(0);
    expect(review.out.some((line) => line.startsWith('2027-07-05'))).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(before);

    expect(run(['--calendar', 'us-2026', '--source', 'us', '--year', '2027', '--config', path, '--write']).code).toBe(0);
    const after = JSON.parse(readFileSync(path, 'utf8'));
    const us = after.calendars.find((calendar: { id: string }) => calendar.id === 'us-2026');
    expect(us.holidayYears).toEqual([2026, 2027]);
    expect(us.holidays[0]).toBe('2026-01-01');
    expect(us.holidays).toContain('2027-12-31');
    expect(after.services).toEqual(config.services);
    expect(readFileSync(path, 'utf8')).toMatch(/^\{\n {2}"\$comment"/);
  });

  it('China 2027 without published data fails and writes nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'sf-calendar-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, readFileSync('config/example.json'));
    const before = readFileSync(path, 'utf8');
    const result = run(['--calendar', 'cn-mainland-2026', '--source', 'cn', '--year', '2027', '--config', path, '--write']);
    expect(result.code).toBe(1);
    expect(result.err.join('\n')).toMatch(/2027/);
    expect(result.err.join('\n')).toContain('--source ics:<file>');
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('bad arguments name the flag', () => {
    expect(run(['--calendar', 'nope', '--source', 'us', '--year', '2027']).err[0]).toMatch(/^--calendar/);
    expect(run(['--calendar', 'us-2026', '--source', 'moon', '--year', '2027']).err[0]).toMatch(/^--source/);
    expect(run(['--calendar', 'us-2026', '--source', 'us', '--year', 'soon']).err[0]).toMatch(/^--year/);
  });
});
