// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { COMMENT_MAX, RatingWidget, syncCheckDelay, type RatingWidgetProps } from '../../components/RatingWidget';
import type { RatingDraft, RatingView } from '../../utils/contracts/messages';
import { setTestLanguage } from '../setup/i18n';

const RATING_ID = '6f1c1a4e-2b7d-4c55-9a51-3f5f4b0e8d21';

function savedFrom(draft: RatingDraft, overrides: Partial<RatingView> = {}): RatingView {
  return { ...draft, id: RATING_ID, ticketUrl: 'https://github.com/acme/platform/issues/7', ratedAt: '2026-11-05T08:00:00.000Z', syncState: 'waiting', ...overrides };
}

function setup(props: Partial<RatingWidgetProps> = {}) {
  const onSubmit = vi.fn(async (draft: RatingDraft) => savedFrom(draft));
  const onDismiss = vi.fn(async () => undefined);
  render(<RatingWidget serviceName="Platform Engineering" onSubmit={onSubmit} onDismiss={onDismiss} {...props} />);
  return { onSubmit, onDismiss };
}

const overallStars = () => screen.getByRole('radiogroup', { name: 'Overall' });
const star = (n: number) => within(overallStars()).getByRole('radio', { name: `${n} of 5 stars` });
const pill = () => screen.getByRole('button', { name: /^(Rate this service|Rated \d\/5|Update your rating)$/ });
const panel = () => screen.getByRole('dialog');
const checkedOverall = () => overallStars().querySelector('[aria-checked="true"]')?.getAttribute('aria-label');

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('RatingWidget', () => {
  it('asks about the service by name, with five labelled stars', () => {
    setup();
    expect(screen.getByRole('heading', { name: "How was the Platform Engineering team's service?" })).toBeTruthy();
    expect(overallStars().querySelectorAll('[role="radio"]')).toHaveLength(5);
  });

  it('names the project when no service matched', () => {
    setup({ serviceName: undefined, project: 'acme/tools' });
    expect(screen.getByRole('heading').textContent).toBe('How was the service you got on acme/tools?');
  });

  it('moves and selects with the arrow keys, Home and End, keeping one tab stop', () => {
    setup();
    const group = overallStars();
    expect(star(1).tabIndex).toBe(0);
    star(1).focus();
    fireEvent.keyDown(group, { key: 'ArrowRight' });
    expect(checkedOverall()).toBe('1 of 5 stars');
    fireEvent.keyDown(group, { key: 'ArrowRight' });
    fireEvent.keyDown(group, { key: 'ArrowUp' });
    expect(checkedOverall()).toBe('3 of 5 stars');
    expect(document.activeElement).toBe(star(3));
    fireEvent.keyDown(group, { key: 'End' });
    expect(checkedOverall()).toBe('5 of 5 stars');
    fireEvent.keyDown(group, { key: 'ArrowLeft' });
    expect(checkedOverall()).toBe('4 of 5 stars');
    fireEvent.keyDown(group, { key: 'Home' });
    expect(checkedOverall()).toBe('1 of 5 stars');
    expect([1, 2, 3, 4, 5].map((n) => star(n).tabIndex)).toEqual([0, -1, -1, -1, -1]);
  });

  it('Enter submits the chosen score', async () => {
    const { onSubmit } = setup();
    fireEvent.click(star(4));
    fireEvent.keyDown(star(4), { key: 'Enter' });
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ overall: 4, tags: [], communication: undefined, understanding: undefined, proactiveness: undefined, comment: undefined }));
    expect(await screen.findByText('Thanks for your feedback!')).toBeTruthy();
  });

  it('refuses to submit without stars and says why', async () => {
    const { onSubmit } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose 1 to 5 stars first.');
    expect(overallStars().getAttribute('aria-invalid')).toBe('true');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('opens by itself for an unrated ticket, beside its pill, without taking focus from the page', () => {
    setup();
    expect(pill().getAttribute('aria-expanded')).toBe('true');
    expect(panel().id).toBe(pill().getAttribute('aria-controls'));
    expect(document.activeElement).toBe(document.body);
  });

  it('Escape closes the panel back to the pill and focuses it; the pill opens it again on the first star', () => {
    setup();
    star(1).focus();
    fireEvent.keyDown(star(1), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(pill().getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(pill());
    fireEvent.click(pill());
    expect(document.activeElement).toBe(star(1));
  });

  it('reopening right after Escape, before the close has painted, still puts focus on the stars', async () => {
    setup();
    await waitFor(() => expect(panel()).toBeTruthy());
    // Plain DOM events, not testing-library's act(): effects stay pending as in a busy browser.
    pill().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await Promise.resolve();
    await Promise.resolve();
    expect(screen.queryByRole('dialog')).toBeNull();
    pill().click();
    await waitFor(() => expect(panel()).toBeTruthy());
    await new Promise((resolve) => setTimeout(resolve, 150)); // past any deferred effect
    expect(document.activeElement).toBe(star(1));
  });

  it('the pill and the close button toggle the panel; the draft survives closing', () => {
    setup();
    fireEvent.click(star(4));
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(pill());
    fireEvent.click(pill());
    expect(checkedOverall()).toBe('4 of 5 stars');
    expect(document.activeElement).toBe(star(4));
    fireEvent.click(pill());
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Escape on the pill closes the open panel', () => {
    setup();
    fireEvent.keyDown(pill(), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('names the service in the pill’s tooltip', () => {
    setup();
    expect(pill().title).toBe("Rate the Platform Engineering team's service");
    cleanup();
    setup({ serviceName: undefined });
    expect(pill().title).toBe('Rate the service on this ticket');
  });

  it.each([
    ['fits right of the pill: aligned to its left edge', 1024, 100, false, ''],
    ['would run off the right: aligned to the pill’s right edge', 1024, 900, true, ''],
    ['fits neither way (narrow window): pinned 8 px from the window’s left', 480, 160, false, '-152px'],
  ])('%s', async (_name, windowWidth, pillLeft, alignedEnd, pinnedLeft) => {
    // happy-dom has no layout: the pill starts at `pillLeft` and is 120 px wide, the panel 360 px.
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
      const [left, width] = this.classList.contains('sf-rating') ? [pillLeft, 360] : [pillLeft, 120];
      return { left, right: left + width, width, top: 0, bottom: 20, height: 20, x: left, y: 0, toJSON: () => ({}) };
    });
    vi.spyOn(document.documentElement, 'clientWidth', 'get').mockReturnValue(windowWidth);
    setup();
    // Measured in the next animation frame.
    await waitFor(() => expect(panel().classList.contains('sf-rating--end')).toBe(alignedEnd));
    await waitFor(() => expect(panel().style.left).toBe(pinnedLeft));
  });

  it('asks what went wrong on a low score, and what stood out otherwise', () => {
    setup();
    fireEvent.click(star(2));
    expect(screen.getByRole('group', { name: 'What went wrong?' })).toBeTruthy();
    expect(screen.getByLabelText('Passed around')).toBeTruthy();
    fireEvent.click(star(5));
    expect(screen.getByRole('group', { name: 'What stood out?' })).toBeTruthy();
    expect(screen.queryByLabelText('Passed around')).toBeNull();
  });

  it('sends optional dimensions, tags of the current score and the trimmed comment', async () => {
    const { onSubmit } = setup();
    fireEvent.click(star(5));
    fireEvent.click(screen.getByLabelText('Friendly'));
    fireEvent.click(screen.getByRole('radiogroup', { name: 'Communication (optional)' }).querySelectorAll('button')[3]!);
    fireEvent.input(screen.getByLabelText('Comment (optional)'), { target: { value: '  Sorted in an hour \n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]?.[0]).toMatchObject({ overall: 5, communication: 4, tags: ['friendly'], comment: 'Sorted in an hour' });
  });

  it('counts comment characters and stops at 2,000', () => {
    setup();
    fireEvent.click(star(3));
    const comment = screen.getByLabelText('Comment (optional)') as HTMLTextAreaElement;
    fireEvent.input(comment, { target: { value: 'hello' } });
    expect(screen.getByText(`5 / ${COMMENT_MAX}`)).toBeTruthy();
    expect(screen.getByText(`5 of ${COMMENT_MAX} characters used`)).toBeTruthy();
    fireEvent.input(comment, { target: { value: 'x'.repeat(2100) } });
    expect(screen.getByText(`2000 / ${COMMENT_MAX}`)).toBeTruthy();
    expect(comment.maxLength).toBe(COMMENT_MAX);
  });

  it('Enter in the comment is a new line; Ctrl+Enter sends', async () => {
    const { onSubmit } = setup();
    fireEvent.click(star(3));
    const comment = screen.getByLabelText('Comment (optional)');
    fireEvent.keyDown(comment, { key: 'Enter' });
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.keyDown(comment, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  });

  it('keeps typed keys from reaching the tracker page’s shortcuts', () => {
    setup();
    const pageShortcut = vi.fn();
    document.addEventListener('keydown', pageShortcut);
    fireEvent.click(star(3));
    fireEvent.keyDown(screen.getByLabelText('Comment (optional)'), { key: 'c' });
    document.removeEventListener('keydown', pageShortcut);
    expect(pageShortcut).not.toHaveBeenCalled();
  });

  it('after submit shows thanks and a summary; Edit reopens it prefilled', async () => {
    const { onSubmit } = setup();
    fireEvent.click(star(2));
    fireEvent.click(screen.getByLabelText('Too slow'));
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }));
    expect(await screen.findByText('You gave 2 of 5 stars.')).toBeTruthy();
    expect(screen.getByText('Too slow')).toBeTruthy();
    expect(screen.getByText('Saved; waiting to sync.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    expect(checkedOverall()).toBe('2 of 5 stars');
    expect((screen.getByLabelText('Too slow') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(star(4));
    fireEvent.click(screen.getByRole('button', { name: 'Update rating' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    // The praise set replaced the problem set, so the old tag no longer applies.
    expect(onSubmit.mock.calls[1]?.[0]).toMatchObject({ overall: 4, tags: [] });
  });

  it('starts closed when already rated; the pill shows the score and opens the summary, with why it was not accepted', () => {
    setup({ existing: savedFrom({ overall: 3, tags: [] }, { syncState: 'rejected', lastError: 'tags: unknown tag' }) });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(pill().textContent).toContain('Rated 3/5');
    expect(pill().classList.contains('sf-rate-pill--problem')).toBe(true);
    fireEvent.click(pill());
    expect(screen.getByText('The server did not accept it: tags: unknown tag')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit' }));
  });

  it('Escape during an edit returns to the summary, not a half-done form', () => {
    setup({ existing: savedFrom({ overall: 3, tags: [] }) });
    fireEvent.click(pill());
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    expect(document.activeElement).toBe(star(3));
    fireEvent.keyDown(star(3), { key: 'Escape' });
    fireEvent.click(pill());
    expect(screen.getByText('You gave 3 of 5 stars.')).toBeTruthy();
  });

  it('offers an update on a ticket resolved again', () => {
    setup({ existing: savedFrom({ overall: 3, tags: [] }), update: true });
    expect(pill().textContent).toContain('Update your rating');
    expect(screen.getByText('This ticket was resolved again. Update your rating?')).toBeTruthy();
    expect(checkedOverall()).toBe('3 of 5 stars');
  });

  it('Not now closes to the pill and records it; Don’t ask stops asking and leaves nothing once closed', async () => {
    const { onDismiss } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Not now' }));
    expect(onDismiss).toHaveBeenCalledWith('not-now');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(pill());

    cleanup();
    const second = setup();
    fireEvent.click(screen.getByRole('button', { name: "Don't ask for this ticket" }));
    expect(second.onDismiss).toHaveBeenCalledWith('never');
    expect(screen.getByRole('status').textContent).toBe("Got it: we won't ask about this ticket again.");
    expect(screen.queryByRole('button', { name: 'Rate this service' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(document.querySelector('.sf-rate')).toBeNull();
  });

  it('starts closed, as the pill, after an earlier Not now', () => {
    setup({ collapsed: true });
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(pill().getAttribute('aria-expanded')).toBe('false');
  });

  it('shows a save failure in words and keeps the form', async () => {
    setup({ onSubmit: vi.fn(async () => Promise.reject(new Error('rating.submit: this ticket was never seen'))) });
    fireEvent.click(star(5));
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Your rating was not saved: rating.submit: this ticket was never seen');
    expect(overallStars()).toBeTruthy();
  });

  it('speaks Simplified Chinese', () => {
    setTestLanguage('zh_CN');
    setup();
    expect(screen.getByRole('heading').textContent).toBe('Platform Engineering 团队的服务怎么样？');
    const overall = screen.getByRole('radiogroup', { name: '总体评价' });
    expect(within(overall).getByRole('radio', { name: '4 星（共 5 星）' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '以后再说' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '评价此服务' }).getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(within(overall).getByRole('radio', { name: '1 星（共 5 星）' }));
    expect(screen.getByRole('group', { name: '哪里做得不好？' })).toBeTruthy();
  });

  it('renders a hostile service name as text', () => {
    setup({ serviceName: '<img src=x onerror="window.pwned=1">' });
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByRole('heading').textContent).toContain('<img src=x onerror="window.pwned=1">');
  });
});

describe('RatingWidget follows a saved rating through the outbox', () => {
  const waiting = savedFrom({ overall: 4, tags: [] });
  const inState = (syncState: RatingView['syncState'], lastError?: string) => ({ ...waiting, syncState, lastError });
  /** Lets the fake clock run `ms` and the re-read's promise and render settle. */
  const elapse = (ms: number) =>
    act(async () => {
      await vi.advanceTimersByTimeAsync(ms);
    });
  const syncLine = () => document.querySelector('.sf-rating__sync')?.textContent;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });

  it.each([
    [0, 2_000],
    [1, 5_000],
    [2, 15_000],
    [3, 60_000],
    [40, 60_000],
  ])('re-read %i comes %i ms after the one before', (attempt, delay) => {
    expect(syncCheckDelay(attempt)).toBe(delay);
  });

  it('after 2 s, 5 s, … shows syncing, then sent to the team by name, then stops asking', async () => {
    const answers = [inState('syncing'), inState('synced')];
    const onRefresh = vi.fn(async () => answers.shift());
    setup({ existing: waiting, onRefresh });
    fireEvent.click(pill());
    expect(syncLine()).toBe('Saved; waiting to sync.');
    await elapse(1_999);
    expect(onRefresh).not.toHaveBeenCalled();
    await elapse(1);
    expect(syncLine()).toBe('Sending…');
    await elapse(5_000);
    expect(syncLine()).toBe('Sent to the Platform Engineering team.');
    await elapse(60 * 60_000);
    expect(onRefresh).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['rejected', 'comment: too long', 'The server did not accept it: comment: too long'],
    ['auth', 'HTTP 401', 'Not sent yet: check your token in the options.'],
  ] as const)('a rating %s says so, marks the pill and stops asking', async (state, error, text) => {
    const onRefresh = vi.fn(async () => inState(state, error));
    const { onSubmit } = setup({ onRefresh });
    fireEvent.click(star(4));
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }));
    await elapse(0);
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(syncLine()).toBe('Saved; waiting to sync.');
    await elapse(2_000);
    expect(syncLine()).toBe(text);
    expect(pill().classList.contains('sf-rate-pill--problem')).toBe(true);
    await elapse(60 * 60_000);
    expect(onRefresh).toHaveBeenCalledTimes(1);
  });

  it('keeps asking every minute while it waits, through a failed re-read; sent to "the team" without a service', async () => {
    let calls = 0;
    const onRefresh = vi.fn(async () => {
      calls++;
      if (calls === 2) throw new Error('rating.get: the background sent no valid reply');
      return inState(calls < 6 ? 'waiting' : 'synced');
    });
    setup({ existing: waiting, onRefresh, serviceName: undefined, project: 'acme/tools' });
    fireEvent.click(pill());
    await elapse(2_000 + 5_000 + 15_000 + 60_000 + 60_000);
    expect(onRefresh).toHaveBeenCalledTimes(5);
    expect(syncLine()).toBe('Saved; waiting to sync.');
    await elapse(60_000);
    expect(syncLine()).toBe('Sent to the team.');
  });

  it('stops asking once the widget is gone, and never asks about a rating that settled', async () => {
    const onRefresh = vi.fn(async () => inState('waiting'));
    setup({ existing: waiting, onRefresh });
    await elapse(1_000);
    cleanup();
    await elapse(60 * 60_000);
    expect(onRefresh).not.toHaveBeenCalled();

    setup({ existing: inState('synced'), onRefresh });
    await elapse(60 * 60_000);
    expect(onRefresh).not.toHaveBeenCalled();
  });
});

describe('RatingWidget keyboard and focus (WCAG 2.2)', () => {
  it('after sending, focus lands on the thank-you line, not on body', async () => {
    setup();
    fireEvent.click(star(4));
    star(4).focus();
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }));
    const thanks = await screen.findByText('Thanks for your feedback!');
    await waitFor(() => expect(document.activeElement).toBe(thanks));
    expect(thanks.getAttribute('role')).toBe('status');
    expect(thanks.tabIndex).toBe(-1);
  });

  it('Enter on a tag checkbox toggles the tag and does not send the rating', async () => {
    const { onSubmit } = setup();
    fireEvent.click(star(5));
    const fast = screen.getByRole('checkbox', { name: 'Fast' });
    fast.focus();
    fireEvent.keyDown(fast, { key: 'Enter' });
    expect((fast as HTMLInputElement).checked).toBe(true);
    fireEvent.keyDown(fast, { key: 'Enter' });
    expect((fast as HTMLInputElement).checked).toBe(false);
    fireEvent.keyDown(fast, { key: 'Enter' });
    await act(async () => undefined);
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ overall: 5, tags: ['fast'] })));
  });

  it('closes when focus moves to something outside it, leaves focus there, and keeps the draft', () => {
    const outside = document.createElement('button');
    outside.textContent = 'Page link';
    document.body.append(outside);
    setup();
    fireEvent.click(star(2));
    star(2).focus();
    fireEvent.focusOut(star(2), { relatedTarget: outside });
    outside.focus();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(outside);
    fireEvent.click(pill());
    expect(checkedOverall()).toBe('2 of 5 stars');
    outside.remove();
  });

  it('stays open when focus moves within it or the window loses focus', () => {
    setup();
    fireEvent.focusOut(star(1), { relatedTarget: star(2) });
    fireEvent.focusOut(star(2), { relatedTarget: null });
    expect(panel()).toBeTruthy();
  });

  it('a click elsewhere on the page closes it; a click inside does not', () => {
    setup();
    fireEvent.pointerDown(star(3));
    expect(panel()).toBeTruthy();
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Escape pressed on the page closes a panel that opened by itself, without taking focus', () => {
    const outside = document.createElement('a');
    outside.href = '#x';
    document.body.append(outside);
    outside.focus();
    setup();
    expect(panel()).toBeTruthy();
    fireEvent.keyDown(outside, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it('tells chosen stars from unchosen ones by shape as well as colour', () => {
    setup();
    fireEvent.click(star(3));
    const glyphs = [1, 2, 3, 4, 5].map((n) => star(n).textContent);
    expect(glyphs).toEqual(['★', '★', '★', '☆', '☆']);
  });
});
