import { describe, expect, it } from 'vitest';
import { SlaPolicy, type Ticket } from '../../../utils/contracts/schema';
import { evaluateSla, pauseIntervals, targetFor } from '../../../utils/sla/evaluate';
import { chinaCalendar, chinaPolicy, makeTicket, usCalendar, usPolicy } from './fixtures';

/** Shanghai wall time as an ISO instant. */
const cn = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`).toISOString();
const evaluateCn = (fields: Partial<Ticket>, now: string) => evaluateSla(makeTicket(fields), chinaPolicy, chinaCalendar, new Date(cn(now)));

describe('evaluateSla — states (China calendar, P1 = 60/240 min)', () => {
  it.each([
    // [case, ticket fields, now, goal, state, elapsed, remaining, dueAt (Shanghai)]
    ['running', { priority: 'P1', createdAt: cn('2026-03-09 09:00') }, '2026-03-09 09:30', 'firstResponse', 'running', 30, 30, '2026-03-09 10:00'],
    ['at risk from 75% of the target', { priority: 'P1', createdAt: cn('2026-03-09 09:00') }, '2026-03-09 09:45', 'firstResponse', 'at-risk', 45, 15, '2026-03-09 10:00'],
    ['breached while still open', { priority: 'P1', createdAt: cn('2026-03-09 09:00') }, '2026-03-09 10:20', 'firstResponse', 'breached', 80, -20, '2026-03-09 10:00'],
    ['met', { priority: 'P1', createdAt: cn('2026-03-09 09:00'), firstResponseAt: cn('2026-03-09 09:50') }, '2026-03-09 15:00', 'firstResponse', 'met', 50, 10, undefined],
    ['breached when answered late', { priority: 'P1', createdAt: cn('2026-03-09 11:30'), firstResponseAt: cn('2026-03-09 13:40') }, '2026-03-09 15:00', 'firstResponse', 'breached', 70, -10, '2026-03-09 13:30'],
    ['lunch does not count; due after lunch', { priority: 'P1', createdAt: cn('2026-03-09 11:30') }, '2026-03-09 12:30', 'firstResponse', 'running', 30, 30, '2026-03-09 13:30'],
    ['resolution runs on after the response', { priority: 'P1', createdAt: cn('2026-03-09 09:00'), firstResponseAt: cn('2026-03-09 09:10') }, '2026-03-09 13:59', 'resolution', 'at-risk', 239, 1, '2026-03-09 14:00'],
    ['created during Spring Festival: clock starts after it', { priority: 'P1', createdAt: cn('2026-02-16 10:00') }, '2026-02-24 09:20', 'firstResponse', 'running', 20, 40, '2026-02-24 10:00'],
    ['default target for an unknown priority', { priority: 'Whatever', createdAt: cn('2026-03-09 09:00') }, '2026-03-09 10:00', 'firstResponse', 'running', 60, 420, '2026-03-09 18:00'],
    ['priority names compare case-insensitively', { priority: 'highest', createdAt: cn('2026-03-09 09:00') }, '2026-03-09 09:30', 'firstResponse', 'running', 30, 30, '2026-03-09 10:00'],
  ] as const)('%s', (_name, fields, now, goalName, state, elapsed, remaining, due) => {
    const goal = evaluateCn(fields, now)[goalName]!;
    expect(goal).toMatchObject({ state, elapsedMinutes: elapsed, remainingMinutes: remaining });
    expect(goal.dueAt).toBe(due && cn(due));
  });

  it.each([
    ['P1', 60, 240],
    ['P2', 240, 480],
    ['P3', 480, 1440],
    ['P4', 1440, 4320],
    [undefined, 480, 1440],
  ])('per-priority targets: %s → %d / %d', (priority, response, resolution) => {
    const evaluation = evaluateCn({ priority, createdAt: cn('2026-03-09 09:00') }, '2026-03-09 09:00');
    expect(evaluation.firstResponse?.targetMinutes).toBe(response);
    expect(evaluation.resolution?.targetMinutes).toBe(resolution);
  });

  it('a resolved ticket completes both goals; resolution stands in for a missing first response', () => {
    const evaluation = evaluateCn({ priority: 'P1', createdAt: cn('2026-03-09 09:00'), resolved: true, resolvedAt: cn('2026-03-09 09:40') }, '2026-03-10 09:00');
    expect(evaluation.firstResponse).toMatchObject({ state: 'met', elapsedMinutes: 40, completedAt: cn('2026-03-09 09:40') });
    expect(evaluation.resolution).toMatchObject({ state: 'met', elapsedMinutes: 40 });
  });

  it('resolved late is breached with the instant the target ran out', () => {
    const evaluation = evaluateCn({ priority: 'P1', createdAt: cn('2026-03-09 09:00'), firstResponseAt: cn('2026-03-09 09:05'), resolved: true, resolvedAt: cn('2026-03-10 09:30') }, '2026-03-11 09:00');
    expect(evaluation.resolution).toMatchObject({ state: 'breached', elapsedMinutes: 510, remainingMinutes: -270, dueAt: cn('2026-03-09 14:00') });
  });

  it('a ticket without createdAt cannot be measured: no goals', () => {
    expect(evaluateCn({ priority: 'P1' }, '2026-03-09 09:00')).toEqual({ source: 'computed' });
  });

  it('a policy with only one goal evaluates only that goal', () => {
    const policy = SlaPolicy.parse({ ...chinaPolicy, goals: { resolution: { default: 120 } } });
    const evaluation = evaluateSla(makeTicket({ createdAt: cn('2026-03-09 09:00') }), policy, chinaCalendar, new Date(cn('2026-03-09 10:00')));
    expect(evaluation.firstResponse).toBeUndefined();
    expect(evaluation.resolution).toMatchObject({ state: 'running', remainingMinutes: 60 });
  });
});

describe('evaluateSla — pauses', () => {
  const history = (...changes: [string, string][]) => changes.map(([status, at]) => ({ status, at: cn(at) }));

  it('the clock stops for both goals while waiting for the customer, and the due time moves', () => {
    const fields = {
      priority: 'P1',
      createdAt: cn('2026-03-09 09:00'),
      statusHistory: history(['Open', '2026-03-09 09:00'], ['Waiting for customer', '2026-03-09 09:20'], ['In Progress', '2026-03-09 10:20']),
    };
    const evaluation = evaluateCn(fields, '2026-03-09 10:40');
    expect(evaluation.firstResponse).toMatchObject({ state: 'running', elapsedMinutes: 40, remainingMinutes: 20, dueAt: cn('2026-03-09 11:00') });
    expect(evaluation.resolution).toMatchObject({ state: 'running', elapsedMinutes: 40, dueAt: cn('2026-03-09 15:00') });
  });

  it('is paused while currently in a pause status, with no due time', () => {
    const fields = {
      priority: 'P1',
      createdAt: cn('2026-03-09 09:00'),
      status: 'Waiting for customer',
      statusHistory: history(['Open', '2026-03-09 09:00'], ['waiting for CUSTOMER', '2026-03-09 09:30']),
    };
    const goal = evaluateCn(fields, '2026-03-10 17:00').firstResponse!;
    expect(goal).toMatchObject({ state: 'paused', elapsedMinutes: 30, remainingMinutes: 30 });
    expect(goal.dueAt).toBeUndefined();
  });

  it('an overdue goal stays breached even when paused afterwards', () => {
    const fields = { priority: 'P1', createdAt: cn('2026-03-09 09:00'), statusHistory: history(['Open', '2026-03-09 09:00'], ['Pending', '2026-03-09 10:30']) };
    expect(evaluateCn(fields, '2026-03-09 11:00').firstResponse).toMatchObject({ state: 'breached', elapsedMinutes: 90, dueAt: cn('2026-03-09 10:00') });
  });

  it('a due time that was passed is placed after earlier pauses', () => {
    const fields = {
      priority: 'P1',
      createdAt: cn('2026-03-09 09:00'),
      statusHistory: history(['Open', '2026-03-09 09:00'], ['Pending', '2026-03-09 09:30'], ['Open', '2026-03-09 10:00']),
    };
    expect(evaluateCn(fields, '2026-03-09 11:00').firstResponse).toMatchObject({ state: 'breached', elapsedMinutes: 90, dueAt: cn('2026-03-09 10:30') });
  });

  it('without a history, a pause status means paused now', () => {
    expect(evaluateCn({ priority: 'P1', createdAt: cn('2026-03-09 09:00'), status: 'Pending' }, '2026-03-09 09:40').firstResponse?.state).toBe('paused');
  });

  it.each([
    ['no history', [], []],
    ['closed pause', [['Open', 0], ['Pending', 10], ['Open', 20]], [[10, 20]]],
    ['open pause', [['Pending', 5]], [[5, Infinity]]],
    ['two pause statuses in a row stay one pause', [['Pending', 5], ['Waiting for customer', 8], ['Open', 9]], [[5, 9]]],
    ['unsorted history is sorted first', [['Open', 20], ['Pending', 10]], [[10, 20]]],
  ] as const)('pauseIntervals: %s', (_name, changes, expected) => {
    const statusHistory = changes.map(([status, minute]) => ({ status, at: new Date(minute * 60_000).toISOString() }));
    const intervals = pauseIntervals(makeTicket({ statusHistory }), usPolicy, 0);
    expect(intervals.map(([from, to]) => [from / 60_000, to / 60_000])).toEqual(expected);
  });
});

describe('evaluateSla — US calendar', () => {
  it('a P2 ticket opened Wednesday afternoon before Thanksgiving is due Friday', () => {
    const ticket = makeTicket({ priority: 'P2', createdAt: '2026-11-25T20:00:00Z' });
    const evaluation = evaluateSla(ticket, usPolicy, usCalendar, new Date('2026-11-25T21:00:00Z'));
    expect(evaluation.firstResponse).toMatchObject({ state: 'running', elapsedMinutes: 60, remainingMinutes: 180, dueAt: '2026-11-27T16:00:00.000Z' });
  });

  it('targetFor falls back to the default', () => {
    expect(targetFor({ default: 10, byPriority: { High: 5 } }, 'HIGH')).toBe(5);
    expect(targetFor({ default: 10 }, 'High')).toBe(10);
  });
});
