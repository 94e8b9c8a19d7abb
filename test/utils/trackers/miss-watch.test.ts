// @vitest-environment happy-dom
/**
 * When a miss is judged: after the page has been quiet, at the latest after the longest wait on a
 * page that keeps changing, once per URL visit, and never after the loop stopped.
 */
import { describe, expect, it } from 'vitest';
import type { DetectionMiss } from '../../../utils/trackers/health';
import { watchForMisses } from '../../../utils/trackers/miss-watch';
import { loadFixtures, parsePage } from './fixture-pages';

const fixtures = loadFixtures();
const openIssue = fixtures.find((fixture) => fixture.tracker === 'github' && fixture.name === 'react-issue-open')!;

function redesigned(): Document {
  const doc = parsePage(openIssue.html);
  for (const chip of doc.querySelectorAll('[data-testid="header-state"]')) chip.removeAttribute('data-testid');
  return doc;
}

/** A hand-driven clock and timer queue. */
function harness(doc: Document, href = openIssue.url.href) {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  const reports: DetectionMiss[] = [];
  const page = { href, doc };
  const watch = watchForMisses({
    page: () => ({ url: new URL(page.href), doc: page.doc, options: {} }),
    report: (miss) => reports.push(miss),
    setTimeout: (run, ms) => {
      timers.set(nextId, { at: now + ms, run });
      return nextId++;
    },
    clearTimeout: (id) => void (id !== undefined && timers.delete(id)),
    now: () => now,
    quietMs: 100,
    maxWaitMs: 1_000,
  });
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].run();
    }
    now = until;
  };
  return { watch, reports, advance, page, pending: () => timers.size };
}

describe('watchForMisses', () => {
  it('reports a redesigned page once it has been quiet, with facts only', () => {
    const { watch, reports, advance } = harness(redesigned());
    watch.looked();
    advance(99);
    expect(reports).toEqual([]);
    advance(1);
    expect(reports).toEqual([{ tracker: 'github', missing: ['status'], emptyChains: ['state', 'statusAnchor'] }]);
  });

  it('a page that keeps changing is judged at the latest after the longest wait', () => {
    const { watch, reports, advance } = harness(redesigned());
    for (let step = 0; step < 30; step++) {
      watch.looked();
      advance(50);
    }
    expect(reports).toHaveLength(1);
  });

  it('judges a URL once per visit; another URL is judged again, and so is coming back', () => {
    const { watch, reports, advance, page } = harness(redesigned());
    watch.looked();
    advance(200);
    watch.looked();
    advance(200);
    expect(reports).toHaveLength(1);
    page.href = 'https://github.com/acme/platform/issues/99';
    watch.looked();
    advance(200);
    page.href = openIssue.url.href;
    watch.looked();
    advance(200);
    expect(reports).toHaveLength(3);
  });

  it('reports nothing for a page that gives title and status', () => {
    const { watch, reports, advance } = harness(parsePage(openIssue.html));
    watch.looked();
    advance(2_000);
    expect(reports).toEqual([]);
  });

  it('stop cancels the pending judgement', () => {
    const { watch, reports, advance, pending } = harness(redesigned());
    watch.looked();
    watch.stop();
    expect(pending()).toBe(0);
    advance(2_000);
    expect(reports).toEqual([]);
  });
});
