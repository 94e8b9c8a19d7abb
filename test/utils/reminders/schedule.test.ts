import { describe, expect, it } from 'vitest';
import { isReminderDue, nextReminderAt, weekOf } from '../../../utils/reminders/schedule';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('weekly reminder schedule', () => {
  it('weeks run Monday to Sunday in the person\'s zone', () => {
    // Sunday 2026-11-29 23:30 in Shanghai is still last week; Monday 00:30 there is the new one.
    expect(weekOf(at('2026-11-29T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(weekOf(at('2026-11-29T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
    // The same instant is Sunday evening in New York.
    expect(weekOf(at('2026-11-30T01:00:00Z'), 'America/New_York')).toBe('2026-11-23');
  });

  it('is the next weekday 10:00 local, or now inside a weekday morning', () => {
    // Saturday → Monday 10:00 Shanghai (02:00Z).
    expect(iso(nextReminderAt(at('2026-11-28T04:00:00Z'), 'Asia/Shanghai', {}))).toBe('2026-11-30T02:00:00.000Z');
    // Monday 11:00 Shanghai: now.
    expect(nextReminderAt(at('2026-11-30T03:00:00Z'), 'Asia/Shanghai', {})).toBe(at('2026-11-30T03:00:00Z'));
    expect(isReminderDue(at('2026-11-30T03:00:00Z'), 'Asia/Shanghai', {})).toBe(true);
    // Monday 13:00 Shanghai: Tuesday 10:00.
    expect(iso(nextReminderAt(at('2026-11-30T05:00:00Z'), 'Asia/Shanghai', {}))).toBe('2026-12-01T02:00:00.000Z');
    expect(isReminderDue(at('2026-11-30T05:00:00Z'), 'Asia/Shanghai', {})).toBe(false);
  });

  it('never twice in a week, and never in a week said "Not this week"', () => {
    const mondayNoonBerlin = at('2026-11-30T10:30:00Z'); // 11:30 in Berlin
    expect(isReminderDue(mondayNoonBerlin, 'Europe/Berlin', { shownWeek: '2026-11-30' })).toBe(false);
    expect(iso(nextReminderAt(mondayNoonBerlin, 'Europe/Berlin', { shownWeek: '2026-11-30' }))).toBe('2026-12-07T09:00:00.000Z');
    expect(iso(nextReminderAt(mondayNoonBerlin, 'Europe/Berlin', { shownWeek: '2026-11-30', skippedWeek: '2026-12-07' }))).toBe('2026-12-14T09:00:00.000Z');
    // A skip of another week does not hold this one back.
    expect(isReminderDue(mondayNoonBerlin, 'Europe/Berlin', { skippedWeek: '2026-11-23' })).toBe(true);
  });

  it('follows daylight saving time: 10:00 local before and after the change', () => {
    // New York leaves DST on Sunday 2026-11-01: 10:00 is 14:00Z on Friday 10-30, 15:00Z on Monday 11-02.
    expect(iso(nextReminderAt(at('2026-10-30T12:00:00Z'), 'America/New_York', {}))).toBe('2026-10-30T14:00:00.000Z');
    expect(iso(nextReminderAt(at('2026-10-31T12:00:00Z'), 'America/New_York', {}))).toBe('2026-11-02T15:00:00.000Z');
  });

  it('an unknown zone counts as UTC instead of failing', () => {
    expect(iso(nextReminderAt(at('2026-11-28T04:00:00Z'), 'Mars/Olympus', {}))).toBe('2026-11-30T10:00:00.000Z');
  });
});
