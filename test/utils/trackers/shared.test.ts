// @vitest-environment happy-dom
/** The shared readers every adapter relies on: dates, bots and first response, selector overrides. */
import { describe, expect, it, vi } from 'vitest';
import { queryFirst, readDate, toUtcIso, withOverrides } from '../../../utils/trackers/dom';
import { firstResponseAt, firstResponseOnTimeline, isBot, type CommentFact } from '../../../utils/trackers/people';

describe('toUtcIso', () => {
  it.each([
    ['2026-11-03T09:15:00+0800', '2026-11-03T01:15:00.000Z'],
    ['2024-11-13T20:27:56.526+0000', '2024-11-13T20:27:56.526Z'],
    ['2026-10-30T17:40:00-0500', '2026-10-30T22:40:00.000Z'],
    ['2026-11-03T09:15:00+08:00', '2026-11-03T01:15:00.000Z'],
    ['2026-11-02T08:30:00Z', '2026-11-02T08:30:00.000Z'],
    ['3 days ago', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s → %s', (text, iso) => {
    expect(toUtcIso(text)).toBe(iso);
  });
});

describe('readDate', () => {
  it('prefers the datetime attribute over the title and the text', () => {
    const box = document.createElement('div');
    box.innerHTML = '<span title="2020-01-01T00:00:00Z"><time datetime="2026-11-03T09:15:00+0800">2019-05-05</time></span>';
    expect(readDate(box.firstElementChild)).toBe('2026-11-03T01:15:00.000Z');
  });

  it.each([
    ['admin 于 2026-11-26 10:00:00', '2026-11-26T10:00:00'],
    ['李四 于 2026-11-26 09:05', '2026-11-26T09:05:00'],
  ])('finds a zone-less date-time inside the text (ZenTao: %s), in the browser\'s local time', (text, local) => {
    const cell = document.createElement('td');
    cell.textContent = text;
    expect(readDate(cell)).toBe(new Date(local).toISOString());
  });

  it.each([
    // Redmine `format_time` in English (default "%m/%d/%Y %I:%M %p"): the date comes from the link's `from=`.
    ['<a title="11/24/2026 09:15 AM" href="/projects/hd/activity?from=2026-11-24">8 days</a>', '2026-11-24T09:15:00'],
    ['<a title="11/24/2026 12:05 AM" href="/projects/hd/activity?from=2026-11-24">8 days</a>', '2026-11-24T00:05:00'],
    ['<a title="11/24/2026 04:40 PM" href="/projects/hd/activity?from=2026-11-24">8 days</a>', '2026-11-24T16:40:00'],
    ['<a title="11/24/2026 12:30 PM" href="/activity?from=2026-11-24&amp;user_id=3">8 days</a>', '2026-11-24T12:30:00'],
    // Day-first formats (German "%d.%m.%Y %H:%M"): the link's date decides, never the text.
    ['<a title="03.11.2026 17:20" href="/projects/hd/activity?from=2026-11-03">1 month</a>', '2026-11-03T17:20:00'],
    // Year-first formats (Chinese, ISO-like custom settings) need no link.
    ['<abbr title="2026-12-01 14:30">1 hour</abbr>', '2026-12-01T14:30:00'],
  ])('reads a zone-less title (Redmine %s) as local time', (html, local) => {
    const box = document.createElement('div');
    box.innerHTML = html;
    expect(readDate(box.firstElementChild)).toBe(new Date(local).toISOString());
  });

  it('leaves a zone-less title alone when its date could be month-first or day-first', () => {
    const box = document.createElement('div');
    box.innerHTML = '<abbr title="03/11/2026 05:20 PM">1 month</abbr>';
    expect(readDate(box.firstElementChild)).toBeUndefined();
  });

  it('reads a title with a zone exactly', () => {
    const box = document.createElement('div');
    box.innerHTML = '<a title="2026-11-02T10:15:00+01:00" href="/activity?from=2026-11-02">3 days</a>';
    expect(readDate(box.firstElementChild)).toBe('2026-11-02T09:15:00.000Z');
  });

  it.each([['2026-02-30 10:00'], ['2026-13-01 10:00'], ['2026-11-24 25:00']])('rejects an impossible local time %s', (title) => {
    const box = document.createElement('div');
    box.innerHTML = `<abbr title="${title}">x</abbr>`;
    expect(readDate(box.firstElementChild)).toBeUndefined();
  });

  it('leaves text without a date-time alone', () => {
    const cell = document.createElement('td');
    cell.textContent = 'admin 于 昨天';
    expect(readDate(cell)).toBeUndefined();
  });
});

describe('isBot', () => {
  it.each([
    ['dependabot[bot]', true],
    ['github-actions[bot]', true],
    ['renovate-bot', true],
    ['gitlab_bot', true],
    ['Automation for Jira', true],
    ['abbot', false],
    ['ann-dev', false],
  ])('%s → %s', (login, bot) => {
    expect(isBot(login)).toBe(bot);
  });

  it('honours the configured ignore list, case-insensitively', () => {
    expect(isBot('Night.Shift', ['night.shift'])).toBe(true);
  });
});

describe('firstResponseAt', () => {
  const comments = [
    { author: 'ann', at: '2026-11-02T01:00:00.000Z' },
    { author: 'ci[bot]', at: '2026-11-02T01:01:00.000Z' },
    { author: 'triage-team', at: '2026-11-02T01:02:00.000Z' },
    { author: 'li', at: '2026-11-02T03:00:00.000Z' },
    { author: 'eve', at: '2026-11-02T02:00:00.000Z' },
  ];

  it('is the earliest comment by someone else that is not a bot or ignored', () => {
    expect(firstResponseAt(comments, 'ANN', ['triage-team'])).toBe('2026-11-02T02:00:00.000Z');
  });

  it('is undefined when only the reporter and bots spoke', () => {
    expect(firstResponseAt(comments.slice(0, 2), 'ann')).toBeUndefined();
  });
});

describe('firstResponseOnTimeline', () => {
  /** A timeline of `count` entries: the reporter and a bot take turns, one responder at `responderAt`. */
  const timeline = (count: number, responderAt: number): CommentFact[] =>
    Array.from({ length: count }, (_, index) => ({
      author: index === responderAt ? 'eve' : index % 2 ? 'ann' : 'ci[bot]',
      at: new Date(Date.UTC(2026, 10, 2, 0, index)).toISOString(),
    }));
  const reading = (entries: CommentFact[]) => {
    const read = vi.fn((entry: CommentFact) => entry);
    return { read, answer: () => firstResponseOnTimeline(entries, read, 'ann') };
  };

  it.each([
    ['oldest first', (entries: CommentFact[]) => entries],
    ['newest first', (entries: CommentFact[]) => [...entries].reverse()],
  ])('%s: finds the first response and stops there (a 500-entry page reads a handful)', (_order, arrange) => {
    const { read, answer } = reading(arrange(timeline(500, 3)));
    expect(answer()).toBe('2026-11-02T00:03:00.000Z');
    // Both ends (to learn the order), then entries up to the responder.
    expect(read.mock.calls.length).toBeLessThanOrEqual(5);
  });

  it.each([
    ['oldest first', (entries: CommentFact[]) => entries],
    ['newest first', (entries: CommentFact[]) => [...entries].reverse()],
  ])('%s: agrees with the full search on every position of the responder', (_order, arrange) => {
    for (let position = 0; position < 6; position++) {
      const entries = arrange(timeline(6, position));
      expect(firstResponseOnTimeline(entries, (entry) => entry, 'ANN', ['triage-team'])).toBe(firstResponseAt(entries, 'ANN', ['triage-team']));
    }
  });

  it('reads every entry once, and no more, when nobody responded', () => {
    const { read, answer } = reading(timeline(40, -1));
    expect(answer()).toBeUndefined();
    expect(read).toHaveBeenCalledTimes(40);
  });

  it('a one-entry timeline and an empty one', () => {
    expect(firstResponseOnTimeline([{ author: 'eve', at: '2026-11-02T00:00:00.000Z' }], (entry) => entry, 'ann')).toBe('2026-11-02T00:00:00.000Z');
    expect(firstResponseOnTimeline([], (entry: CommentFact) => entry, 'ann')).toBeUndefined();
  });
});

describe('selector overrides', () => {
  const defaults = { title: ['h1.new', 'h1.classic'], status: ['.state'] } as const;

  it('replace a whole chain by name and ignore unknown names', () => {
    const merged = withOverrides(defaults, { title: ['h2.custom'], bogus: ['x'] });
    expect(merged).toEqual({ title: ['h2.custom'], status: ['.state'] });
  });

  it('an invalid selector reads as not found instead of throwing', () => {
    document.body.innerHTML = '<h1 class="classic">Title</h1>';
    expect(queryFirst(document, ['h1[', 'h1.classic'])?.textContent).toBe('Title');
  });
});
