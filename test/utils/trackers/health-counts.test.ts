/**
 * The worker's counts: a miss adds to its local day and tracker (capped), old days leave with
 * their ids and acknowledgements, the options summary starts on Monday, and only rows the backend
 * has not acknowledged as they are now are sent again.
 */
import { describe, expect, it } from 'vitest';
import { DetectionHealthItem, MAX_DAILY_PAGES } from '../../../utils/contracts/detection-health';
import { countMiss, healthSummary, localDay, markSent, mondayOf, pruneHealth, unsentRows } from '../../../utils/trackers/health-counts';
import type { DetectionMiss } from '../../../utils/trackers/health';

const statusMiss: DetectionMiss = { tracker: 'gitlab', missing: ['status'], emptyChains: ['state', 'statusAnchor'] };
const titleMiss: DetectionMiss = { tracker: 'jira', missing: ['title', 'status'], emptyChains: ['title'], version: '9.12.2' };
let ids = 0;
const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
const empty = () => DetectionHealthItem.parse({});

describe('detection health counts', () => {
  it('counts per day and tracker, with chains and the stated version, one id per day', () => {
    let item = empty();
    item = countMiss(item, statusMiss, '2026-11-30', newId);
    item = countMiss(item, statusMiss, '2026-11-30', newId);
    item = countMiss(item, titleMiss, '2026-12-01', newId);
    expect(item.days['2026-11-30']?.gitlab).toEqual({ title: 0, status: 2, emptyChains: { state: 2, statusAnchor: 2 } });
    expect(item.days['2026-12-01']?.jira).toEqual({ title: 1, status: 1, emptyChains: { title: 1 }, version: '9.12.2' });
    expect(item.reportIds['2026-11-30']).not.toEqual(item.reportIds['2026-12-01']);
    expect(DetectionHealthItem.safeParse(item).success).toBe(true);
  });

  it('stops at the daily cap, so a page faking navigations cannot grow the counts', () => {
    let item = empty();
    item = countMiss(item, statusMiss, '2026-11-30', newId);
    item.days['2026-11-30']!.gitlab!.status = MAX_DAILY_PAGES;
    item = countMiss(item, statusMiss, '2026-11-30', newId);
    expect(item.days['2026-11-30']?.gitlab?.status).toBe(MAX_DAILY_PAGES);
  });

  it('keeps 14 days: older counts, ids and acknowledgements go', () => {
    let item = countMiss(empty(), statusMiss, '2026-11-01', newId);
    item = markSent(item, unsentRows(item));
    item = pruneHealth(countMiss(item, statusMiss, '2026-11-14', newId), '2026-11-14');
    expect(Object.keys(item.days)).toEqual(['2026-11-01', '2026-11-14']);
    item = pruneHealth(item, '2026-11-15');
    expect(Object.keys(item.days)).toEqual(['2026-11-14']);
    expect(Object.keys(item.reportIds)).toEqual(['2026-11-14']);
    expect(item.acked).toEqual({});
  });

  it('summarises from this week\'s Monday on (Sunday belongs to the week before)', () => {
    expect(mondayOf('2026-12-02')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    let item = countMiss(empty(), statusMiss, '2026-11-29', newId);
    for (let page = 0; page < 3; page++) item = countMiss(item, statusMiss, '2026-12-01', newId);
    item = countMiss(item, titleMiss, '2026-12-02', newId);
    expect(healthSummary(item, '2026-12-02', false)).toEqual({
      since: '2026-11-30',
      items: [
        { tracker: 'gitlab', fact: 'status', pages: 3 },
        { tracker: 'jira', fact: 'status', pages: 1 },
        { tracker: 'jira', fact: 'title', pages: 1 },
      ],
      shared: false,
    });
  });

  it('sends only what the backend has not acknowledged as it is now', () => {
    let item = countMiss(empty(), statusMiss, '2026-12-01', newId);
    const first = unsentRows(item);
    expect(first).toEqual([{ installId: item.reportIds['2026-12-01'], day: '2026-12-01', tracker: 'gitlab', title: 0, status: 1, emptyChains: { state: 1, statusAnchor: 1 } }]);
    // A miss while the request was in flight: marking the sent rows keeps the newer count unsent.
    const during = countMiss(item, statusMiss, '2026-12-01', newId);
    item = markSent(during, first);
    expect(unsentRows(item).map((row) => row.status)).toEqual([2]);
    item = markSent(item, unsentRows(item));
    expect(unsentRows(item)).toEqual([]);
  });

  it('local days follow the clock of this computer', () => {
    const at = new Date(2026, 11, 2, 23, 59);
    expect(localDay(at)).toBe('2026-12-02');
  });
});
