import { describe, expect, it } from 'vitest';
import { businessDayMinutes, describeWorkingHours, focusGoal, formatBusinessDuration, isLive } from '../../components/sla-badge-model';
import type { GoalEvaluation } from '../../utils/schema';
import { alwaysOnCalendar, chinaCalendar, usCalendar } from './fixtures';

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
