// The start-up warning, on the real server started from a real config file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../server/http/context';
import { calendarsLackingHolidays } from '../../../server/calendars/coverage-warning';
import { startServer } from '../../../server/start';
import { Calendar } from '../../../utils/contracts/schema';
import { exampleConfig } from '../helpers';

const week = { mon: [['09:00', '17:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const calendars = [
  Calendar.parse({ id: 'only-2026', timeZone: 'UTC', week, holidays: ['2026-01-01'], holidayYears: [2026] }),
  Calendar.parse({ id: 'both', timeZone: 'UTC', week, holidays: ['2026-01-01', '2027-01-01'], holidayYears: [2026, 2027] }),
  Calendar.parse({ id: 'always', timeZone: 'UTC', week }),
];

describe('calendarsLackingHolidays', () => {
  it.each([
    { now: '2026-10-01T00:00:00Z', expected: [] },
    { now: '2026-11-01T00:00:00Z', expected: [] }, // 2027 starts in 61 days
    { now: '2026-11-02T00:00:00Z', expected: [{ calendarId: 'only-2026', years: [2027] }] }, // exactly 60
    { now: '2027-03-01T00:00:00Z', expected: [{ calendarId: 'only-2026', years: [2027] }] },
    { now: '2027-12-15T00:00:00Z', expected: [{ calendarId: 'only-2026', years: [2027, 2028] }, { calendarId: 'both', years: [2028] }] },
  ])('at $now', ({ now, expected }) => {
    expect(calendarsLackingHolidays(calendars, new Date(now))).toEqual(expected);
  });
});

describe('server start', () => {
  it('logs one warning per calendar lacking data for a year starting within 60 days', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-calendar-warn-'));
    const configPath = join(dir, 'config.json');
    const config = exampleConfig();
    // The example China calendar only has 2026 (no 2027 arrangement is published in chinese-days).
    writeFileSync(configPath, JSON.stringify(config));
    const logs: LogEntry[] = [];
    const server = await startServer({ port: 0, configPath, databasePath: ':memory:', env: {}, log: (entry) => logs.push(entry) });
    try {
      const warnings = logs.filter((entry) => entry.level === 'warn' && typeof entry.calendar === 'string');
      const now = new Date();
      const expected = calendarsLackingHolidays(server.config.calendars, now);
      expect(warnings.map((entry) => entry.calendar)).toEqual(expected.map((entry) => entry.calendarId));
      // From 2026-11-02 on, the example China calendar lacks 2027; the US one has it.
      if (now >= new Date('2026-11-02T00:00:00Z') && now < new Date('2027-01-01T00:00:00Z')) {
        expect(warnings.map((entry) => entry.calendar)).toEqual(['cn-mainland-2026']);
        expect(warnings[0]!.years).toEqual([2027]);
        expect(warnings[0]!.msg).toContain('calendar:import');
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
