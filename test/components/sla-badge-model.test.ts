import { describe, expect, it, vi } from 'vitest';
import { businessDayMinutes, describeWorkingHours, focusGoal, formatBusinessDuration, isLive } from '../../components/sla-badge-model';
import type { GoalEvaluation } from '../../utils/contracts/schema';
import { alwaysOnCalendar, chinaCalendar, usCalendar } from '../utils/sla/fixtures';

const goal = (state: GoalEvaluation['state'], completed = false): GoalEvaluation => ({
  state,
  targetMinutes: 60,
  elapsedMinutes: 10,
  remainingMinutes: 50,
  ...(completed ? { completedAt: '2026-03-09T01:00:00.000Z' } : {}),
});

describe('formatBusinessDuration', () => {
  it.each([
    [45, 'en-US', 480, '45m'],
    [135, 'en-US', 480, '2h 15m'],
    [480 + 180, 'en-US', 480, '1d 3h'],
    [480 + 181, 'en-US', 480, '1d 3h'],
    [2 * 480, 'en-US', 480, '2d'],
    [0, 'en-US', 480, '0m'],
    [-90, 'en-US', 480, '1h 30m'],
    [1500, 'en-US', 1440, '1d 1h'],
    [45, 'zh-CN', 480, '45分钟'],
    [480 + 180, 'zh-CN', 480, '1天3小时'],
  ])('%d min in %s (day = %d min) → %s', (minutes, locale, day, expected) => {
    expect(formatBusinessDuration(minutes, locale, day)).toBe(expected);
  });
});

describe('formatBusinessDuration without Intl for the shipped UI languages', () => {
  /** What Intl itself prints: the reference the written-out units must match. */
  const byIntl = (minutes: number, locale: string, day: number) => {
    const left = Math.abs(minutes);
    const [days, hours, mins] = [Math.floor(left / day), Math.floor((left % day) / 60), (left % day) % 60];
    const unit = (name: string, count: number) => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(count);
    const parts = days > 0 ? [unit('day', days), ...(hours > 0 ? [unit('hour', hours)] : [])] : [...(hours > 0 ? [unit('hour', hours)] : []), ...(mins > 0 || hours === 0 ? [unit('minute', mins)] : [])];
    return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(parts);
  };
  const samples = [0, 1, 59, 60, 61, 135, 479, 480, 481, 660, 1439, 1440, 1500, 9999, 480 * 1234 + 61, 1440 * 123_456 + 59];

  it.each(['en', 'en-US', 'en-GB', 'zh', 'zh-CN'])('%s: the same text as Intl, without creating any Intl object', (locale) => {
    const expected = samples.flatMap((minutes) => [480, 1440].map((day) => byIntl(minutes, locale, day)));
    const numberFormat = vi.spyOn(Intl, 'NumberFormat');
    const listFormat = vi.spyOn(Intl, 'ListFormat');
    const actual = samples.flatMap((minutes) => [480, 1440].map((day) => formatBusinessDuration(-minutes, locale, day)));
    expect(numberFormat).not.toHaveBeenCalled();
    expect(listFormat).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(actual).toEqual(expected);
  });

  it.each([
    [135, 'en-IN', '2h 15m'],
    [480 * 123_456, 'en-IN', '1,23,456d'],
    [480 + 180, 'zh-TW', '1 天3 小時'],
  ])('%d min in %s: other locales ask Intl → %s', (minutes, locale, expected) => {
    expect(formatBusinessDuration(minutes, locale, 480)).toBe(expected);
  });
});

describe('focusGoal — the goal that matters now', () => {
  it.each([
    ['open response first', { firstResponse: goal('running'), resolution: goal('running') }, 'firstResponse'],
    ['paused response is still the open one', { firstResponse: goal('paused'), resolution: goal('paused') }, 'firstResponse'],
    ['after the response, the resolution', { firstResponse: goal('met', true), resolution: goal('at-risk') }, 'resolution'],
    ['all met: the resolution', { firstResponse: goal('met', true), resolution: goal('met', true) }, 'resolution'],
    ['a late response still shows when the rest was met', { firstResponse: goal('breached', true), resolution: goal('met', true) }, 'firstResponse'],
    ['resolution-only policy', { resolution: goal('running') }, 'resolution'],
    ['response-only policy, answered', { firstResponse: goal('met', true) }, 'firstResponse'],
  ])('%s', (_name, evaluation, expected) => {
    expect(focusGoal(evaluation)?.name).toBe(expected);
  });

  it('is undefined without goals', () => {
    expect(focusGoal({})).toBeUndefined();
    expect(focusGoal(undefined)).toBeUndefined();
  });

  it('is live only while some goal is ticking', () => {
    expect(isLive({ firstResponse: goal('met', true), resolution: goal('running') })).toBe(true);
    expect(isLive({ firstResponse: goal('paused'), resolution: goal('paused') })).toBe(false);
    expect(isLive({ resolution: goal('breached', true) })).toBe(false);
  });
});

describe('calendar summaries', () => {
  it.each([
    [chinaCalendar, 'en-US', 'Mon–Fri 09:00–12:00, 13:00–18:00'],
    [usCalendar, 'en-US', 'Mon–Fri 09:00–17:00'],
    [alwaysOnCalendar, 'en-US', 'Mon–Sun 00:00–24:00'],
    [chinaCalendar, 'zh-CN', '周一–周五 09:00–12:00, 13:00–18:00'],
  ])('%#: working hours in words', (calendar, locale, expected) => {
    expect(describeWorkingHours(calendar, locale)).toBe(expected);
  });

  it('a business day is the longest working weekday', () => {
    expect(businessDayMinutes(chinaCalendar)).toBe(480);
    expect(businessDayMinutes(alwaysOnCalendar)).toBe(1440);
  });
});
