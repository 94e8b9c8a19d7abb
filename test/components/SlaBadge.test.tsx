// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SlaBadge } from '../../components/SlaBadge';
import { pageColorScheme, systemColorScheme } from '../../components/sla-color-scheme';
import type { SlaEvaluation, Ticket } from '../../utils/contracts/schema';
import { setTestLanguage } from '../setup/i18n';
import { chinaCalendar as cn, chinaPolicy as policyCn, itHelpdesk, makeTicket, usCalendar as us, usPolicy as policyUs } from '../utils/sla/fixtures';

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

describe('SlaBadge details popover', () => {
  const openTicket = ticket({ priority: 'P1', createdAt: '2026-03-10T01:45:00Z' });

  it('opens on keyboard focus with every goal, the calendar, its hours and the service', () => {
    render(<SlaBadge ticket={openTicket} policy={policyCn} calendar={cn} service={itHelpdesk} now={clockAt(tuesdayMorning)} />);
    const pill = screen.getByRole('status');
    expect(screen.queryByRole('tooltip')).toBeNull();
    fireEvent.focus(pill);
    const popover = screen.getByRole('tooltip');
    expect(pill.getAttribute('aria-describedby')).toBe(popover.id);
    const response = popover.querySelector('[data-goal="firstResponse"]')!;
    expect(response.textContent).toContain('First response');
    expect(response.textContent).toContain('Target1h');
    expect(response.textContent).toContain('Elapsed15m');
    expect(response.textContent).toContain('Remaining45m');
    // Due 10:45 Shanghai = 02:45Z, shown in the reader's own zone and locale.
    const due = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-03-10T02:45:00Z'));
    expect(response.textContent).toContain(`Due${due}`);
    expect(popover.querySelector('[data-goal="resolution"]')?.textContent).toContain('Target4h');
    expect(popover.textContent).toContain('China mainland 2026 (09:00-12:00, 13:00-18:00) (Asia/Shanghai)');
    expect(popover.textContent).toContain('Mon–Fri 09:00–12:00, 13:00–18:00');
    expect(popover.textContent).toContain('IT Help Desk');
    expect(popover.textContent).toContain(itHelpdesk.commitment!);
    fireEvent.keyDown(pill, { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('opens on hover and closes when the pointer leaves', () => {
    const { container } = render(<SlaBadge ticket={openTicket} policy={policyCn} calendar={cn} now={clockAt(tuesdayMorning)} />);
    const badge = container.querySelector('.sf-sla')!;
    fireEvent.mouseEnter(badge);
    expect(screen.getByRole('tooltip')).toBeTruthy();
    fireEvent.mouseLeave(badge);
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('a popover shown by hover is dismissed by Escape wherever focus is (WCAG 1.4.13)', () => {
    const { container } = render(<SlaBadge ticket={openTicket} policy={policyCn} calendar={cn} now={clockAt(tuesdayMorning)} />);
    fireEvent.mouseEnter(container.querySelector('.sf-sla')!);
    expect(screen.getByRole('tooltip')).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('is in Chinese for Chinese readers', () => {
    setTestLanguage('zh_CN');
    render(<SlaBadge ticket={openTicket} policy={policyCn} calendar={cn} service={itHelpdesk} now={clockAt(tuesdayMorning)} />);
    fireEvent.focus(screen.getByRole('status'));
    const popover = screen.getByRole('tooltip');
    expect(popover.querySelector('[data-goal="firstResponse"]')?.textContent).toContain('首次响应');
    expect(popover.textContent).toContain('剩余45分钟');
    expect(popover.textContent).toContain('周一–周五 09:00–12:00, 13:00–18:00');
  });

  it('says which years lack holiday data instead of silently counting them as working days', () => {
    // The example China calendar covers 2026 only; a P4 ticket opened on 2026-12-30 is due in 2027.
    const late = ticket({ priority: 'P4', createdAt: '2026-12-30T02:00:00Z' });
    const { unmount } = render(<SlaBadge ticket={late} policy={policyCn} calendar={cn} now={clockAt('2026-12-31T09:00:00Z')} />);
    fireEvent.focus(screen.getByRole('status'));
    expect(screen.getByRole('tooltip').querySelector('[data-service-feedback="holiday-data-missing"]')?.textContent).toBe(
      'Holiday data missing for 2027: those days count as working days.',
    );
    unmount();
    render(<SlaBadge ticket={openTicket} policy={policyCn} calendar={cn} now={clockAt(tuesdayMorning)} />);
    fireEvent.focus(screen.getByRole('status'));
    expect(screen.getByRole('tooltip').querySelector('[data-service-feedback="holiday-data-missing"]')).toBeNull();
  });

  it('names the missing year in Chinese too', () => {
    setTestLanguage('zh_CN');
    render(<SlaBadge ticket={ticket({ priority: 'P4', createdAt: '2026-12-30T02:00:00Z' })} policy={policyCn} calendar={cn} now={clockAt('2026-12-31T09:00:00Z')} />);
    fireEvent.focus(screen.getByRole('status'));
    expect(screen.getByRole('tooltip').textContent).toContain('缺少 2027 年的节假日数据');
  });

  it('renders names from the config as text, never as markup', () => {
    const service = { ...itHelpdesk, name: '<img src=x onerror=alert(1)>', commitment: '<b>fast</b>' };
    const { container } = render(<SlaBadge ticket={openTicket} policy={policyCn} calendar={cn} service={service} now={clockAt(tuesdayMorning)} />);
    fireEvent.focus(screen.getByRole('status'));
    expect(container.querySelector('img, b')).toBeNull();
    expect(screen.getByRole('tooltip').textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('SlaBadge behaviour', () => {
  it('renders nothing when no goal applies', () => {
    const noGoals = { ...policyCn, goals: {} };
    const { container } = render(<SlaBadge ticket={ticket({ priority: 'P1', createdAt: '2026-03-10T01:45:00Z' })} policy={noGoals} calendar={cn} now={clockAt(tuesdayMorning)} />);
    expect(container.innerHTML).toBe('');
    const { container: unmeasurable } = render(<SlaBadge ticket={ticket({ priority: 'P1' })} policy={policyCn} calendar={cn} now={clockAt(tuesdayMorning)} />);
    expect(unmeasurable.innerHTML).toBe('');
  });

  it("shows Jira Service Management's own clock instead of computing", () => {
    const external: SlaEvaluation = {
      source: 'jira-service-management',
      firstResponse: { state: 'breached', targetMinutes: 60, elapsedMinutes: 120, remainingMinutes: -60 },
    };
    render(<SlaBadge ticket={ticket({ priority: 'P1', createdAt: '2026-03-10T01:45:00Z' })} policy={policyCn} calendar={cn} external={external} now={clockAt(tuesdayMorning)} />);
    const pill = screen.getByRole('status');
    expect(pill.getAttribute('data-state')).toBe('breached');
    expect(pill.textContent).toContain('Overdue 1h');
    fireEvent.focus(pill);
    expect(screen.getByRole('tooltip').textContent).toContain("Jira Service Management's own SLA clock");
  });

  it('ticks once a minute on one timer, follows prop changes, and stops on unmount', () => {
    vi.useFakeTimers({ now: new Date('2026-03-10T02:00:30Z') });
    const open = ticket({ priority: 'P1', createdAt: '2026-03-10T01:45:00Z' });
    const { rerender, unmount } = render(<SlaBadge ticket={open} policy={policyCn} calendar={cn} />);
    const text = () => screen.getByRole('status').querySelector('[aria-hidden="true"]:not(.sf-sla-dot)')?.textContent;
    expect(text()).toBe('Response due in 45m');
    expect(vi.getTimerCount()).toBe(1);
    act(() => void vi.advanceTimersByTime(29_000)); // not yet the next minute
    expect(text()).toBe('Response due in 45m');
    act(() => void vi.advanceTimersByTime(1_000)); // 02:01:00
    expect(text()).toBe('Response due in 44m');
    act(() => void vi.advanceTimersByTime(5 * 60_000));
    expect(text()).toBe('Response due in 39m');
    expect(vi.getTimerCount()).toBe(1);
    rerender(<SlaBadge ticket={{ ...open, firstResponseAt: '2026-03-10T02:00:00Z' }} policy={policyCn} calendar={cn} />);
    expect(text()).toBe('Resolve in 3h 39m');
    unmount();
    // A minute timer that outlived the badge would re-arm itself when run; the render library's
    // own pending frames just finish.
    vi.runOnlyPendingTimers();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps no timer when nothing is ticking', () => {
    vi.useFakeTimers({ now: new Date(tuesdayMorning) });
    render(<SlaBadge ticket={ticket({ priority: 'P3', createdAt: '2026-03-10T01:00:00Z', resolved: true, resolvedAt: '2026-03-10T01:30:00Z' })} policy={policyCn} calendar={cn} />);
    expect(screen.getByRole('status').getAttribute('data-state')).toBe('met');
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    ['light', 'light'],
    ['dark', 'dark'],
  ] as const)('takes the colour scheme the mount passes (%s) and ships its own sf- styles', (scheme, expected) => {
    const { container } = render(
      <SlaBadge ticket={ticket({ priority: 'P2', createdAt: '2026-11-25T20:00:00Z' })} policy={policyUs} calendar={us} colorScheme={scheme} now={clockAt('2026-11-25T21:00:00Z')} />,
    );
    expect(container.querySelector('.sf-sla')?.getAttribute('data-sf-scheme')).toBe(expected);
    const css = container.querySelector('style')?.textContent ?? '';
    expect(css).toContain('[data-sf-scheme="dark"]');
    expect(css).toContain(':focus-visible');
    expect([...css.matchAll(/^\.([\w-]+)/gm)].every(([, name]) => name!.startsWith('sf-'))).toBe(true);
  });
});

describe('pageColorScheme (what the mount passes as colorScheme)', () => {
  afterEach(() => {
    for (const name of ['data-color-mode', 'data-light-theme', 'data-dark-theme']) document.documentElement.removeAttribute(name);
  });

  it.each([
    ['GitHub forced dark', { 'data-color-mode': 'dark' }, 'dark'],
    ['GitHub forced light', { 'data-color-mode': 'light' }, 'light'],
    ['GitHub auto with a dark theme even by day', { 'data-color-mode': 'auto', 'data-light-theme': 'dark_dimmed', 'data-dark-theme': 'dark' }, 'dark'],
    ['GitHub auto with the usual themes, light system', { 'data-color-mode': 'auto', 'data-light-theme': 'light', 'data-dark-theme': 'dark' }, 'light'],
    ['any other page follows the system (light here)', {}, 'light'],
  ])('%s', (_name, attributes, expected) => {
    for (const [name, value] of Object.entries(attributes)) document.documentElement.setAttribute(name, value);
    expect(pageColorScheme(document)).toBe(expected);
  });

  it('follows a dark system preference', () => {
    const view = { matchMedia: (query: string) => ({ matches: query === '(prefers-color-scheme: dark)' }) as MediaQueryList };
    expect(systemColorScheme(view)).toBe('dark');
  });
});
