// @vitest-environment happy-dom
// "You said, we did": the service's latest improvement in the SLA badge's popover and above the
// stars of the rating panel, as text, in English and Chinese.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { IMPROVEMENT_SHORT } from '../../components/ImprovementNote';
import { RatingWidget } from '../../components/RatingWidget';
import { SlaBadge } from '../../components/SlaBadge';
import type { Improvement, Service } from '../../utils/contracts/schema';
import { latestImprovement } from '../../utils/catalogue/services';
import { setTestLanguage } from '../setup/i18n';
import { chinaCalendar, chinaPolicy, itHelpdesk, makeTicket } from '../utils/sla/fixtures';

const hostile = '<img src=x onerror="window.__pwned=1"> Password resets now take 5 minutes';
const older: Improvement = { id: 'imp-1', text: 'VPN set-up guide rewritten', at: '2026-10-01T08:00:00.000Z', author: { name: 'Iris Ops' } };
const newer: Improvement = { id: 'imp-2', text: hostile, at: '2026-11-02T08:00:00.000Z', author: { name: 'Iris Ops' } };
// Out of order on purpose: the newest by time wins, not the first in the list.
const service: Service = { ...itHelpdesk!, improvements: [older, newer] };

const ticket = makeTicket({ project: 'IT', priority: 'P1', createdAt: '2026-03-10T01:45:00Z' });
const now = () => new Date('2026-03-10T02:00:00.000Z');

const openPopover = () => {
  fireEvent.focus(screen.getByRole('status'));
  return screen.getByRole('tooltip');
};
const renderPanel = (improvement: Improvement | undefined) =>
  render(<RatingWidget serviceName="IT Helpdesk" improvement={improvement} onSubmit={vi.fn()} onDismiss={vi.fn(async () => undefined)} />);

beforeEach(() => fakeBrowser.reset());
afterEach(() => cleanup());

describe('latestImprovement', () => {
  it('is the newest by time, undefined without any', () => {
    expect(latestImprovement(service)?.id).toBe('imp-2');
    expect(latestImprovement({ improvements: [newer, older] })?.id).toBe('imp-2');
    expect(latestImprovement({ improvements: [] })).toBeUndefined();
    expect(latestImprovement({})).toBeUndefined();
    expect(latestImprovement(undefined)).toBeUndefined();
  });
});

describe('the SLA badge popover', () => {
  it('shows the latest improvement as text, with who and when', () => {
    render(<SlaBadge ticket={ticket} policy={chinaPolicy!} calendar={chinaCalendar!} service={service} now={now} />);
    const note = openPopover().querySelector<HTMLElement>('[data-service-feedback="improvement"]')!;
    expect(note.textContent).toContain(`You said, we did: ${hostile}`);
    expect(note.textContent).toContain('Iris Ops, Nov 2, 2026');
    expect(note.textContent).not.toContain('VPN set-up guide');
    // Markup in the text stays text: no element was made from it.
    expect(note.querySelector('img')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    // A tooltip holds no controls: no "Show all" even for long texts.
    expect(note.querySelector('button')).toBeNull();
    // The screen reader hears it with the badge: it is inside the element the pill points at.
    expect(screen.getByRole('status').getAttribute('aria-describedby')).toBe(screen.getByRole('tooltip').id);
  });

  it('says it in Chinese', () => {
    setTestLanguage('zh_CN');
    render(<SlaBadge ticket={ticket} policy={chinaPolicy!} calendar={chinaCalendar!} service={{ ...service, improvements: [{ ...older, author: { name: '' } }] }} now={now} />);
    const note = openPopover().querySelector<HTMLElement>('[data-service-feedback="improvement"]')!;
    expect(note.textContent).toContain('您的反馈，我们的改进： VPN set-up guide rewritten');
    // No author name: only the date.
    expect(note.querySelector('.sf-improvement__meta')?.textContent).toBe(new Date(older.at).toLocaleDateString('zh-CN', { dateStyle: 'medium' }));
  });

  it('shows nothing of the kind without improvements', () => {
    render(<SlaBadge ticket={ticket} policy={chinaPolicy!} calendar={chinaCalendar!} service={itHelpdesk} now={now} />);
    expect(openPopover().querySelector('[data-service-feedback="improvement"]')).toBeNull();
  });
});

describe('the rating panel', () => {
  it('shows the improvement between the heading and the stars', () => {
    renderPanel(newer);
    const dialog = screen.getByRole('dialog');
    const note = dialog.querySelector<HTMLElement>('[data-service-feedback="improvement"]')!;
    const stars = within(dialog).getByRole('radiogroup', { name: 'Overall' });
    const heading = within(dialog).getByRole('heading');
    expect(heading.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(note.compareDocumentPosition(stars) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(note.textContent).toContain(hostile);
    expect(note.querySelector('img')).toBeNull();
    // The automatic opening still puts no focus anywhere, and a short text needs no button.
    expect(within(note).queryByRole('button')).toBeNull();
  });

  it('shortens a long text behind "Show all", without splitting a character', () => {
    const long = '🎉'.repeat(IMPROVEMENT_SHORT + 40);
    renderPanel({ ...newer, text: long });
    const note = screen.getByRole('dialog').querySelector<HTMLElement>('[data-service-feedback="improvement"]')!;
    const text = () => note.querySelector('.sf-improvement__text')!.textContent!;
    expect(text()).toBe(`${'🎉'.repeat(IMPROVEMENT_SHORT)}…`);
    const more = within(note).getByRole('button', { name: 'Show all' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(text()).toBe(long);
    const less = within(note).getByRole('button', { name: 'Show less' });
    expect(less.getAttribute('aria-expanded')).toBe('true');
  });

  it('says "Show all" in Chinese', () => {
    setTestLanguage('zh_CN');
    renderPanel({ ...newer, text: 'x'.repeat(IMPROVEMENT_SHORT + 1) });
    expect(screen.getByRole('button', { name: '显示全部' })).toBeTruthy();
  });

  it('has no note without an improvement', () => {
    renderPanel(undefined);
    expect(screen.getByRole('dialog').querySelector('[data-service-feedback="improvement"]')).toBeNull();
  });
});
