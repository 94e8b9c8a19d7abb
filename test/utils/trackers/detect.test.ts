// @vitest-environment happy-dom
/** detectTicket's registry rules beyond the saved pages: origins, overrides, stale views, limits. */
import { describe, expect, it } from 'vitest';
import { Ticket } from '../../../utils/contracts/schema';
import { detectTicket, findMountAnchor, GENERIC_PRESETS } from '../../../utils/trackers';
import { loadFixtures, parsePage } from './fixture-pages';

const fixtures = loadFixtures();
const page = (tracker: string, name: string) => {
  const found = fixtures.find((candidate) => candidate.tracker === tracker && candidate.name === name)!;
  return { ...found, doc: parsePage(found.html) };
};

describe('which tracker serves a page', () => {
  it('gives null on a host that is neither built in nor configured, even with a ticket-shaped page', () => {
    const github = page('github', 'react-issue-open');
    expect(detectTicket(new URL('https://git.unknown.example/acme/platform/issues/42'), github.doc)).toBeNull();
  });

  it('gives null on plain http for a built-in host name', () => {
    const github = page('github', 'react-issue-open');
    expect(detectTicket(new URL('http://github.com/acme/platform/issues/42'), github.doc)).toBeNull();
  });

  it('reads a configured origin with its type (GitHub Enterprise)', () => {
    const github = page('github', 'react-issue-open');
    const ticket = detectTicket(new URL('https://github.example.com/acme/platform/issues/42'), github.doc, {
      trackers: [{ origin: 'https://github.example.com', type: 'github' }],
    });
    expect(ticket).toMatchObject({ origin: 'https://github.example.com', key: 'acme/platform#42', url: 'https://github.example.com/acme/platform/issues/42' });
  });

  it('gives null on a configured Jira origin whose page is not Jira (e.g. a wiki under /browse)', () => {
    const wiki = parsePage('<html><head><meta name="application-name" content="Wiki.js"></head><body><h1 id="summary-val">OPS-12 notes</h1><span id="status-val">Draft</span></body></html>');
    const trackers = [{ origin: 'https://wiki.corp.example', type: 'jira' as const }];
    expect(detectTicket(new URL('https://wiki.corp.example/browse/OPS-12'), wiki, { trackers })).toBeNull();
    wiki.querySelector('meta')!.setAttribute('content', 'JIRA');
    expect(detectTicket(new URL('https://wiki.corp.example/browse/OPS-12'), wiki, { trackers })?.key).toBe('OPS-12');
  });

  it('reads a generic tracker with a broken pattern as no ticket instead of throwing', () => {
    const redmine = page('generic', 'redmine-open');
    const tracker = { origin: 'https://redmine.example.org', type: 'generic' as const, ...GENERIC_PRESETS.redmine, resolvedStatuses: [...GENERIC_PRESETS.redmine.resolvedStatuses], pathPattern: '(?<key>\\d+' };
    expect(detectTicket(redmine.url, redmine.doc, { trackers: [tracker] })).toBeNull();
  });
});

describe('selector overrides from configuration', () => {
  it('replace one chain by name, so a redesign is fixed without a store release', () => {
    const github = page('github', 'react-issue-open');
    github.doc.querySelector('bdi[data-testid="issue-title"]')!.setAttribute('data-testid', 'issue-title-v2');
    expect(detectTicket(github.url, github.doc)?.title).toBeUndefined();
    const fixed = detectTicket(github.url, github.doc, { selectorOverrides: { github: { title: ['bdi[data-testid="issue-title-v2"]'] } } });
    expect(fixed?.title).toBe('Staging database is read-only since Monday');
  });

  it('move the mount anchor too', () => {
    const gitlab = page('gitlab', 'issue-open');
    const ticket = detectTicket(gitlab.url, gitlab.doc)!;
    const anchor = findMountAnchor(ticket, gitlab.doc, { selectorOverrides: { gitlab: { statusAnchor: ['h1[data-testid="issue-title"]'] } } });
    expect(anchor?.tagName).toBe('H1');
  });
});

describe('mount anchors', () => {
  it('GitHub mounts beside the header chip, not its sticky copy, whatever their order', () => {
    const github = page('github', 'react-issue-open');
    const sticky = github.doc.querySelector('[data-testid="sticky-header"]')!;
    github.doc.querySelector('[data-testid="issue-viewer-container"]')!.prepend(sticky);
    const anchor = findMountAnchor(detectTicket(github.url, github.doc)!, github.doc);
    expect(anchor?.closest('[data-testid="issue-header"]')).not.toBeNull();
  });
});

describe('stale views during SPA navigation', () => {
  it('Jira: the URL already names another issue than the one shown → null until the view catches up', () => {
    const cloud = page('jira', 'cloud-browse-open');
    expect(detectTicket(new URL('https://acme.atlassian.net/browse/OPS-13'), cloud.doc)).toBeNull();
  });

  it('GitHub: the header still shows another number → null', () => {
    const github = page('github', 'react-issue-open');
    expect(detectTicket(new URL('https://github.com/acme/platform/issues/43'), github.doc)).toBeNull();
  });

  it('GitHub: digits in the title are not mistaken for the number', () => {
    const github = page('github', 'react-issue-open');
    const heading = github.doc.querySelector('[data-testid="issue-header"] h1')!;
    const wrapper = github.doc.createElement('span');
    heading.querySelector('bdi')!.textContent = 'HTTP 500 on /health';
    wrapper.append(heading.querySelector('bdi')!);
    heading.prepend(wrapper); // <h1><span><bdi>HTTP 500…</bdi></span> <span>#42</span></h1>
    expect(detectTicket(github.url, github.doc)).toMatchObject({ key: 'acme/platform#42', title: 'HTTP 500 on /health' });
  });

  it('a ticket URL whose view has not rendered yet → null', () => {
    expect(detectTicket(new URL('https://github.com/acme/platform/issues/42'), parsePage('<html><body><div id="loading"></div></body></html>'))).toBeNull();
  });
});

describe('contract limits', () => {
  it('clips an enormous title and label so the Ticket still passes the schema', () => {
    const github = page('github', 'hostile-title');
    github.doc.querySelector('bdi[data-testid="issue-title"]')!.textContent = 'x'.repeat(5000);
    github.doc.querySelector('[data-testid="sidebar-labels-section"] span')!.textContent = 'y'.repeat(500);
    const ticket = detectTicket(github.url, github.doc)!;
    expect(ticket.title).toHaveLength(1000);
    expect(ticket.labels[0]).toHaveLength(200);
    expect(Ticket.parse(ticket)).toEqual(ticket);
  });
});

describe('GitLab work-item state', () => {
  it('reads a closed work item as resolved from its state icon, whatever the language', () => {
    const gitlab = page('gitlab', 'work-item-closed');
    gitlab.doc.querySelector('.gl-badge-content')!.textContent = '已关闭';
    gitlab.doc.querySelector('.gl-badge.badge-info')!.classList.remove('badge-info');
    expect(detectTicket(gitlab.url, gitlab.doc)).toMatchObject({ status: '已关闭', resolved: true });
  });

  it('does not take the confidential badge beside it for the state', () => {
    const gitlab = page('gitlab', 'work-item-closed');
    gitlab.doc.querySelector('svg[data-testid="issue-close-icon"]')!.closest('.gl-badge')!.remove();
    expect(detectTicket(gitlab.url, gitlab.doc)?.status).toBeUndefined();
  });

  it('reads the author login from the profile link when the link has no data-username', () => {
    const gitlab = page('gitlab', 'work-item-open');
    expect(detectTicket(gitlab.url, gitlab.doc)?.reporter).toBe('sec-team');
  });
});
