// @vitest-environment happy-dom
/**
 * Detection health: a ticket URL whose settled page gives no title or status is a miss, reported
 * with tracker, facts, empty chains and a stated version only; a selector override that finds
 * the moved chip ends the miss; daily counts add up, age out and summarise per tracker.
 */
import { describe, expect, it } from 'vitest';
import { detectionMiss, HEALTH_DAYS, recordMiss, summariseMisses, type DetectionHealth } from '../../../utils/trackers/health';
import { loadFixtures, parsePage } from './fixture-pages';

const fixtures = loadFixtures();
const page = (tracker: string, name: string) => fixtures.find((candidate) => candidate.tracker === tracker && candidate.name === name)!;

/** The GitHub issue page after a "redesign": the state chip lost its test id and moved into a new wrapper. */
function redesignedGitHub(): { url: URL; doc: Document } {
  const open = page('github', 'react-issue-open');
  const doc = parsePage(open.html);
  // The chip appears twice (the sticky header's copy too): both moved.
  for (const chip of doc.querySelectorAll('[data-testid="header-state"]')) {
    chip.removeAttribute('data-testid');
    chip.setAttribute('data-component', 'IssueStateChip');
  }
  return { url: open.url, doc };
}

describe('detectionMiss', () => {
  it('is null on every saved ticket page (they all give title and status) and on every non-ticket page', () => {
    for (const fixture of fixtures) {
      const miss = detectionMiss(fixture.url, parsePage(fixture.html), fixture.options);
      expect(miss, `${fixture.tracker}/${fixture.name}`).toBeNull();
    }
  });

  it('reports a redesigned GitHub page: status missing, its chains empty, and no URL, title or page text', () => {
    const { url, doc } = redesignedGitHub();
    const miss = detectionMiss(url, doc);
    expect(miss).toEqual({ tracker: 'github', missing: ['status'], emptyChains: ['state', 'statusAnchor'] });
    const said = JSON.stringify(miss);
    for (const secret of [url.href, url.pathname, 'Staging database', 'acme', 'ann-dev']) expect(said).not.toContain(secret);
  });

  it('an override that names the moved chip ends the miss (as pushed through the backend config)', () => {
    const { url, doc } = redesignedGitHub();
    const selectorOverrides = { github: { state: ['[data-component="IssueStateChip"]'], statusAnchor: ['[data-component="IssueStateChip"]'] } };
    expect(detectionMiss(url, doc, { selectorOverrides })).toBeNull();
  });

  it('a configured tracker whose page lost both title and status reports both, with Jira DC\'s stated version', () => {
    const server = page('jira', 'server-context-path-open');
    const doc = parsePage(server.html);
    doc.querySelector('#summary-val')?.remove();
    doc.querySelector('#status-val')?.remove();
    const miss = detectionMiss(server.url, doc, server.options);
    expect(miss?.tracker).toBe('jira');
    expect(miss?.missing).toEqual(['title', 'status']);
    expect(miss?.emptyChains).toEqual(expect.arrayContaining(['title', 'status', 'statusAnchor']));
    expect(miss?.version).toBe('9.12.2');
  });

  it('a Redmine page whose status markup changed is a miss of the generic tracker', () => {
    const redmine = page('generic', 'redmine-open');
    const doc = parsePage(redmine.html);
    doc.querySelector('.status.attribute')!.className = 'field-status';
    expect(detectionMiss(redmine.url, doc, redmine.options)).toEqual({ tracker: 'generic', missing: ['status'], emptyChains: ['status', 'statusAnchor'] });
  });

  it('a page that cannot be a ticket is never a miss, however empty', () => {
    const doc = parsePage('<html><body></body></html>');
    expect(detectionMiss(new URL('https://github.com/acme/platform/issues'), doc)).toBeNull();
    expect(detectionMiss(new URL('https://example.org/issues/1'), doc)).toBeNull();
  });
});

describe('daily counts', () => {
  const miss = { tracker: 'gitlab' as const, missing: ['status' as const], emptyChains: ['status'] };

  it('adds per day, tracker and fact, and summarises from a day on', () => {
    let health: DetectionHealth = {};
    health = recordMiss(health, miss, '2026-11-30'); // Monday
    health = recordMiss(health, miss, '2026-12-01');
    health = recordMiss(health, { ...miss, missing: ['title', 'status'] }, '2026-12-02');
    health = recordMiss(health, { tracker: 'github', missing: ['status'], emptyChains: [] }, '2026-11-29');
    expect(health['2026-12-02']).toEqual({ gitlab: { title: 1, status: 1 } });
    expect(summariseMisses(health, '2026-11-30')).toEqual([
      { tracker: 'gitlab', fact: 'status', pages: 3 },
      { tracker: 'gitlab', fact: 'title', pages: 1 },
    ]);
    expect(summariseMisses(health, '2026-11-01')).toContainEqual({ tracker: 'github', fact: 'status', pages: 1 });
  });

  it(`keeps ${HEALTH_DAYS} days and drops older ones; the input is not changed`, () => {
    const before: DetectionHealth = { '2026-11-01': { jira: { status: 4 } }, '2026-11-19': { jira: { status: 1 } } };
    const after = recordMiss(before, miss, '2026-12-02');
    expect(Object.keys(after).sort()).toEqual(['2026-11-19', '2026-12-02']);
    expect(before['2026-11-01']).toEqual({ jira: { status: 4 } });
  });
});
