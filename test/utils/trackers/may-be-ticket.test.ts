// @vitest-environment happy-dom
/**
 * The watcher's one URL question: on every saved page where detection finds a ticket the answer
 * is yes (a no would keep the ticket UI from loading), and on the trackers' listed non-ticket
 * pages it is no (those pages load the watcher only).
 */
import { describe, expect, it } from 'vitest';
import { detectTicket } from '../../../utils/trackers';
import { STATIC_TICKET_UI } from '../../../utils/trackers/built-in-matches';
import { mayBeTicket, ticketTrackerFor } from '../../../utils/trackers/may-be-ticket';
import { nonTicketExamples } from '../../../utils/trackers/url-examples';
import '../../../utils/trackers/generic/urls';
import { loadFixtures } from './fixture-pages';

const tickets = loadFixtures().filter((page) => page.expected !== null);
const builtInNonTickets = nonTicketExamples.filter((list) => list.tracker !== 'generic').flatMap((list) => list.urls).filter((url) => /github\.com|gitlab\.com|atlassian\.net/.test(url));

describe('mayBeTicket', () => {
  it('has ticket pages and non-ticket URLs to check (the lists are not empty)', () => {
    expect(tickets.length).toBeGreaterThan(10);
    expect(builtInNonTickets.length).toBeGreaterThan(10);
  });

  it.each(tickets.map((page) => [`${page.tracker}/${page.name}`, page] as const))('says yes where detection finds a ticket: %s', (_, page) => {
    const doc = new DOMParser().parseFromString(page.html, 'text/html');
    expect(detectTicket(page.url, doc, page.options)).not.toBeNull();
    expect(mayBeTicket(page.url, page.options.trackers)).toBe(true);
  });

  it.each(builtInNonTickets)('says no on the built-in non-ticket page %s', (url) => {
    expect(mayBeTicket(new URL(url))).toBe(false);
  });

  it('follows a configured origin and its rules, not the built-in hosts', () => {
    const redmine = { origin: 'https://redmine.example.org', type: 'generic', pathPattern: '^/issues/(?<key>\\d+)$', selectors: { title: 'h2', status: '.status' }, resolvedStatuses: ['Closed'] } as never;
    expect(mayBeTicket(new URL('https://redmine.example.org/issues/4711'), [redmine])).toBe(true);
    expect(mayBeTicket(new URL('https://redmine.example.org/projects/x'), [redmine])).toBe(false);
    expect(mayBeTicket(new URL('https://redmine.example.org/issues/4711'))).toBe(false);
    expect(mayBeTicket(new URL('https://github.example.com/a/b/issues/3'), [{ origin: 'https://github.example.com', type: 'github' } as never])).toBe(true);
  });

  /** A manifest match pattern (`https://*.host/path*`) as the browser reads it, for these checks. */
  const matchesPattern = (pattern: string, url: URL) => {
    const [, scheme, host, path] = /^(\w+):\/\/([^/]+)(\/.*)$/.exec(pattern)!;
    const hostOk = host!.startsWith('*.') ? url.hostname.endsWith(host!.slice(1)) : url.hostname === host;
    const glob = new RegExp(`^${path!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    return url.protocol === `${scheme}:` && hostOk && glob.test(url.pathname + url.search);
  };

  it("the manifest's ticket UI patterns (STATIC_TICKET_UI) cover each built-in tracker's saved ticket pages and never load another tracker's UI", () => {
    for (const [tracker, patterns] of Object.entries(STATIC_TICKET_UI)) {
      const matched = tickets.filter((page) => patterns.some((pattern) => matchesPattern(pattern, page.url)));
      expect(matched.length, `${tracker}: some saved ticket page gets its UI from the manifest`).toBeGreaterThan(0);
      for (const page of matched) expect(ticketTrackerFor(page.url), page.url.href).toBe(tracker);
    }
    for (const url of builtInNonTickets.filter((href) => /\/(issues|pulls|merge_requests)$/.test(new URL(href).pathname))) {
      expect(Object.values(STATIC_TICKET_UI).flat().some((pattern) => matchesPattern(pattern, new URL(url))), `${url}: a list loads no ticket UI`).toBe(false);
    }
  });
});
