import { describe, expect, it } from 'vitest';
import { decideEligibility, type EligibilityInput } from '../../../utils/feedback/eligibility';

const now = new Date('2026-11-30T12:00:00.000Z');
const base: EligibilityInput = {
  ticket: { resolved: true, reporter: 'Ada@Example.com', viewer: 'ada@example.com' },
  resolvedAt: '2026-11-20T09:00:00.000Z',
  now,
};

describe('decideEligibility', () => {
  it.each<[string, Partial<EligibilityInput>, { ask: boolean; reason: string; collapsed?: boolean; update?: boolean }]>([
    ['the requester on a fresh resolution is asked', {}, { ask: true, reason: 'ask', collapsed: false, update: false }],
    ['an open ticket is not', { ticket: { ...base.ticket, resolved: false } }, { ask: false, reason: 'not-resolved' }],
    ['someone else is not, by default', { ticket: { ...base.ticket, viewer: 'bob' } }, { ask: false, reason: 'not-requester' }],
    ['someone else is when the service lets anyone rate', { ticket: { ...base.ticket, viewer: 'bob' }, service: { whoMayRate: 'anyone' } }, { ask: true, reason: 'ask' }],
    ['a service that wants the requester', { service: { whoMayRate: 'requester' }, ticket: { ...base.ticket, viewer: 'bob' } }, { ask: false, reason: 'not-requester' }],
    ['an unknown viewer is not', { ticket: { resolved: true, reporter: 'ada' } }, { ask: false, reason: 'not-requester' }],
    ['an unknown reporter is not', { ticket: { resolved: true, viewer: 'ada' } }, { ask: false, reason: 'not-requester' }],
    ['28 days after resolution is still in the window', { resolvedAt: '2026-11-02T12:00:00.000Z' }, { ask: true, reason: 'ask' }],
    ['a day later it is not', { resolvedAt: '2026-11-01T11:59:00.000Z' }, { ask: false, reason: 'window-passed' }],
    ['a longer configured window', { resolvedAt: '2026-10-01T00:00:00.000Z', ratingWindowDays: 90 }, { ask: true, reason: 'ask' }],
    ["don't ask again wins", { dismissal: 'never' }, { ask: false, reason: 'dismissed' }],
    ['not now stays pending, collapsed', { dismissal: 'not-now' }, { ask: true, reason: 'ask', collapsed: true }],
    ['rated for this resolution', { rating: { ticketResolvedAt: '2026-11-20T09:00:00.000Z' } }, { ask: false, reason: 'rated' }],
    ['reopened and resolved again offers an update', { rating: { ticketResolvedAt: '2026-11-10T09:00:00.000Z' } }, { ask: true, reason: 'update', update: true }],
    ['an update is still bound by the window', { rating: { ticketResolvedAt: '2026-09-01T00:00:00.000Z' }, resolvedAt: '2026-10-01T00:00:00.000Z' }, { ask: false, reason: 'window-passed' }],
    ['a reopened rated ticket that is open again is not', { ticket: { ...base.ticket, resolved: false }, rating: { ticketResolvedAt: '2026-11-10T09:00:00.000Z' } }, { ask: false, reason: 'not-resolved' }],
  ])('%s', (_name, change, expected) => {
    expect(decideEligibility({ ...base, ...change })).toMatchObject(expected);
  });
});
