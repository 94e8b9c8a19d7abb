// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SlaBadge } from '../../components/SlaBadge';
import type { SlaEvaluation, Ticket } from '../../utils/schema';
import { setTestLanguage } from '../setup/i18n';
import { chinaCalendar as cn, chinaPolicy as policyCn, itHelpdesk, makeTicket, usCalendar as us, usPolicy as policyUs } from '../sla/fixtures';

const ticket = (fields: Partial<Ticket>) => makeTicket({ project: 'IT', ...fields });

// Tuesday 2026-03-10, 10:00 in Shanghai (02:00Z): a plain working morning.
const tuesdayMorning = '2026-03-10T02:00:00.000Z';
const clockAt = (iso: string) => () => new Date(iso);

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('SlaBadge', () => {
  it.each([
    // [case, language, ticket fields, now, expected text, state]
    ['open P1, 15 min in', 'en', { priority: 'P1', createdAt: '2026-03-10T01:45:00Z' }, tuesdayMorning, 'Response due in 45m', 'running'],
    ['open P1, 50 min in', 'en', { priority: 'P1', createdAt: '2026-03-10T01:10:00Z' }, tuesdayMorning, 'Response due in 10m', 'at-risk'],
    ['responded P2, resolution running', 'en', { priority: 'P2', createdAt: '2026-03-10T01:00:00Z', firstResponseAt: '2026-03-10T01:30:00Z' }, '2026-03-10T07:45:00Z', 'Resolve in 2h 15m', 'running'],
    ['P1 overdue by a business day and 3h', 'en', { priority: 'P1', createdAt: '2026-03-06T07:00:00Z' }, '2026-03-10T02:00:00Z', 'Overdue 1d 3h', 'breached'],
    ['resolved in time', 'en', { priority: 'P3', createdAt: '2026-03-10T01:00:00Z', firstResponseAt: '2026-03-10T01:10:00Z', resolved: true, resolvedAt: '2026-03-10T03:00:00Z' }, tuesdayMorning, 'Met', 'met'],
    ['waiting for customer', 'en', { priority: 'P3', createdAt: '2026-03-10T01:00:00Z', status: 'Waiting for customer', statusHistory: [{ status: 'Open', at: '2026-03-10T01:00:00Z' }, { status: 'Waiting for customer', at: '2026-03-10T01:20:00Z' }] }, tuesdayMorning, 'Paused', 'paused'],
    ['open P1, 15 min in (Chinese)', 'zh_CN', { priority: 'P1', createdAt: '2026-03-10T01:45:00Z' }, tuesdayMorning, '45分钟 内需响应', 'running'],
    ['overdue (Chinese)', 'zh_CN', { priority: 'P1', createdAt: '2026-03-06T07:00:00Z' }, tuesdayMorning, '已超时 1天3小时', 'breached'],
    ['resolved in time (Chinese)', 'zh_CN', { priority: 'P3', createdAt: '2026-03-10T01:00:00Z', resolved: true, resolvedAt: '2026-03-10T03:00:00Z' }, tuesdayMorning, '已达标', 'met'],
  ] as const)('%s (%s): "%s"', (_name, language, fields, now, text, state) => {
    setTestLanguage(language);
    render(<SlaBadge ticket={ticket(fields as Partial<Ticket>)} policy={policyCn!} calendar={cn!} service={itHelpdesk} now={clockAt(now)} />);
    const pill = screen.getByRole('status');
    expect(pill.getAttribute('data-state')).toBe(state);
    expect(pill.querySelector('[aria-hidden="true"]:not(.sf-sla-dot)')?.textContent).toBe(text);
    expect(pill.getAttribute('aria-label')).toContain(text);
  });
});
