// Retention (entrypoints/background/storage/retention.ts) on the real database code and the real background: fake-indexeddb,
// fakeBrowser alarms and messages, and a real ratings server on loopback where a sync is involved.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { compactRating, readAllRatings, readRatedTicket, readRatingForTicket, type FeedbackDb, type OutboxRecord, type TicketRecord } from '../../../../entrypoints/background/storage/db';
import type { SyncState } from '../../../../utils/contracts/messages';
import { sendMessage } from '../../../../platform/send-message';
import { outboxStatus, saveRating, settle, type Outcome } from '../../../../entrypoints/background/outbox/outbox';
import { pruneLocalData, PRUNE_BATCH_SIZE, RETENTION_ALARM, RETENTION_PERIOD_MINUTES, SYNCED_RATING_RETENTION_DAYS, type PruneOptions } from '../../../../entrypoints/background/storage/retention';
import type { Ticket } from '../../../../utils/contracts/schema';
import { exampleConfig, startBackground, stopBackground } from '../harness';
import { startRatingsServer, type RatingsServer } from '../ratings-server';

const DAY_MS = 24 * 60 * 60_000;
const NOW = new Date('2026-11-30T08:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

let clock = NOW;
let db: FeedbackDb;
let server: RatingsServer | undefined;

const urlOf = (n: number) => `https://acme.atlassian.net/browse/IT-${n}`;

function ticket(n: number, change: Partial<Ticket> = {}): Ticket {
  const url = urlOf(n);
  return { tracker: 'jira', origin: 'https://acme.atlassian.net', key: `IT-${n}`, kind: 'issue', url, title: `VPN ${n} drops`, project: 'IT', reporter: 'ada', viewer: 'ada', resolved: true, labels: [], components: [], ...change };
}

/** A seen-ticket record as ticket.seen writes it; resolved `resolvedDaysAgo` days ago unless undefined. */
async function seen(n: number, seenDaysAgo: number, resolvedDaysAgo: number | undefined = seenDaysAgo) {
  const resolvedAt = resolvedDaysAgo === undefined ? undefined : daysAgo(resolvedDaysAgo).toISOString();
  const record: TicketRecord = {
    url: urlOf(n),
    ticket: ticket(n, { resolved: resolvedAt !== undefined, resolvedAt }),
    firstSeenAt: daysAgo(seenDaysAgo).toISOString(),
    seenAt: daysAgo(seenDaysAgo).toISOString(),
    resolvedAt,
    service: { id: 'it-helpdesk', name: 'IT Helpdesk', whoMayRate: 'requester' },
  };
  await db.put('tickets', record);
}

/**
 * A rating given `daysAgoRated` days ago, taken through the real outbox to `state`: saved, then
 * claimed and settled at that time (so `synced` ones carry the syncedAt that settle writes).
 */
async function rated(n: number, daysAgoRated: number, state: SyncState, resolvedDaysAgo = daysAgoRated + 1): Promise<OutboxRecord> {
  const at = daysAgo(daysAgoRated);
  const record = await saveRating(db, {
    ticketUrl: urlOf(n),
    draft: { overall: 1 + (n % 5), communication: 4, tags: ['fast'], comment: `Comment ${n}` },
    facts: { ticketKey: `IT-${n}`, ticketUrl: urlOf(n), tracker: 'jira', origin: 'https://acme.atlassian.net', ticketTitle: `VPN ${n} drops`, rater: 'ada' },
    ticketResolvedAt: daysAgo(resolvedDaysAgo).toISOString(),
    now: at,
  });
  if (state === 'waiting') return record;
  const claimed: OutboxRecord = { ...record, syncState: 'syncing', syncingSince: at.getTime(), sentRevision: record.revision };
  await db.put('ratings', claimed);
  const outcomes: Record<Exclude<SyncState, 'waiting' | 'syncing'>, Outcome> = {
    synced: { kind: 'synced' },
    rejected: { kind: 'rejected', error: 'comment: too long' },
    auth: { kind: 'auth', error: 'token expired' },
  };
  if (state !== 'syncing') await settle(db, [claimed], () => outcomes[state], at.getTime());
  return (await readRatingForTicket(db, urlOf(n)))!;
}

const prune = (change: Partial<PruneOptions> = {}) => pruneLocalData(db, { now: NOW, historyDays: 90, ratingWindowDays: 28, ...change });
const keys = async (store: 'tickets' | 'ratings' | 'ratedTickets' | 'dismissals') => (await db.getAllKeys(store)).sort();

async function setSettings(value: Record<string, unknown>) {
  await fakeBrowser.storage.local.set({ settings: { local: exampleConfig, ...value } });
}

beforeEach(async () => {
  clock = NOW;
  db = await startBackground(() => clock);
});

afterEach(async () => {
  await stopBackground(db);
  await server?.close();
  server = undefined;
});

describe('retention of ratings', () => {
  it.each(['waiting', 'syncing', 'auth', 'rejected'] as const)('never touches a %s rating, however old, nor its ticket', async (state) => {
    await seen(1, 700);
    const before = await rated(1, 700, state);
    const result = await prune({ historyDays: 1 });
    expect(result).toEqual({ ratingsCompacted: 0, ticketsForgotten: 0, batches: 1 });
    expect(await readAllRatings(db)).toEqual([before]);
    expect(await keys('tickets')).toEqual([urlOf(1)]);
    expect(await keys('ratedTickets')).toEqual([]);
  });

  it(`compacts ratings synced more than ${SYNCED_RATING_RETENTION_DAYS} days ago and keeps younger ones whole`, async () => {
    const old = await rated(1, SYNCED_RATING_RETENTION_DAYS + 1, 'synced');
    const young = await rated(2, SYNCED_RATING_RETENTION_DAYS - 1, 'synced');
    const statusBefore = await outboxStatus(db, true);

    expect(await prune()).toMatchObject({ ratingsCompacted: 1 });
    expect((await readAllRatings(db)).map((record) => record.id)).toEqual([young.id]);
    expect(await readRatedTicket(db, urlOf(1))).toEqual({
      ticketUrl: urlOf(1),
      id: old.id,
      ticketKey: 'IT-1',
      tracker: 'jira',
      origin: 'https://acme.atlassian.net',
      ratedAt: old.rating.ratedAt,
      overall: old.rating.overall,
      communication: 4,
      tags: ['fast'],
      comment: old.rating.comment,
      ticketResolvedAt: old.ticketResolvedAt,
      syncedAt: daysAgo(SYNCED_RATING_RETENTION_DAYS + 1).toISOString(),
      revision: 0,
    });
    // Read back, it is still a synced rating of that ticket, with its comment, minus the title.
    const back = await readRatingForTicket(db, urlOf(1));
    expect(back).toMatchObject({ id: old.id, syncState: 'synced', ticketResolvedAt: old.ticketResolvedAt, rating: { overall: old.rating.overall, communication: 4, tags: ['fast'] } });
    expect(back?.rating.comment).toBe(old.rating.comment);
    expect(back?.rating.ticketTitle).toBeUndefined();
    // "Synced" in the popup still counts every accepted rating.
    expect(await outboxStatus(db, true)).toEqual(statusBefore);
    // A second run finds nothing more to do.
    expect(await prune()).toMatchObject({ ratingsCompacted: 0, ticketsForgotten: 0 });
  });

  it('keeps a synced rating whole while its ticket is listed and would be pending without it', async () => {
    // A backend may set a rating window longer than the retention period.
    await seen(1, 1, 200);
    await rated(1, 199, 'synced', 200);
    expect(await prune({ ratingWindowDays: 365 })).toMatchObject({ ratingsCompacted: 0 });
    expect(await keys('ratedTickets')).toEqual([]);
    expect(await prune({ ratingWindowDays: 28 })).toMatchObject({ ratingsCompacted: 1 });
  });

  it('an edit of a compacted rating keeps its id, goes back to waiting and drops the compact record', async () => {
    await seen(1, 1, 200);
    const old = await rated(1, 199, 'synced', 200);
    await prune();
    const edited = await sendMessage('rating.submit', { ticketUrl: urlOf(1), draft: { overall: 5, tags: [] } });
    expect(edited).toMatchObject({ id: old.id, overall: 5, syncState: 'waiting' });
    expect(Date.parse(edited.ratedAt)).toBeGreaterThan(Date.parse(old.rating.ratedAt));
    expect(await keys('ratedTickets')).toEqual([]);
    expect((await readAllRatings(db)).map((record) => [record.id, record.revision, record.syncedAt])).toEqual([[old.id, 1, undefined]]);
    expect((await outboxStatus(db, false)).counts).toMatchObject({ waiting: 1, synced: 0 });
  });
});

describe('retention of seen tickets', () => {
  it('forgets tickets not seen for historyDays with their "not now", keeps "don\'t ask" and tickets whose rating is not accepted', async () => {
    await seen(1, 100); // resolved, never rated
    await seen(2, 100, undefined); // never resolved
    await seen(3, 100);
    await rated(3, 99, 'rejected');
    await seen(4, 100);
    await rated(4, 99, 'synced');
    await seen(5, 100);
    await seen(6, 10);
    await db.put('dismissals', { ticketUrl: urlOf(1), kind: 'not-now', at: daysAgo(100).toISOString() });
    await db.put('dismissals', { ticketUrl: urlOf(5), kind: 'never', at: daysAgo(100).toISOString() });

    expect(await prune()).toMatchObject({ ticketsForgotten: 4, ratingsCompacted: 1 });
    expect(await keys('tickets')).toEqual([urlOf(3), urlOf(6)]);
    expect(await keys('dismissals')).toEqual([urlOf(5)]);
    // The synced rating of the forgotten ticket 4 is still known; the rejected one is untouched.
    expect((await readRatingForTicket(db, urlOf(4)))?.syncState).toBe('synced');
    expect((await readRatingForTicket(db, urlOf(3)))?.syncState).toBe('rejected');
  });

  it("honours the person's history setting", async () => {
    await seen(1, 8);
    await seen(2, 6);
    expect(await prune({ historyDays: 7 })).toMatchObject({ ticketsForgotten: 1 });
    expect(await keys('tickets')).toEqual([urlOf(2)]);
  });

  it('refuses a batch size that is not a whole number ≥ 1', async () => {
    await expect(prune({ batchSize: 0 })).rejects.toThrow(/batchSize must be a whole number ≥ 1, got 0/);
  });
});

describe('what the person sees is unchanged by a prune', () => {
  async function popupView() {
    const pending = await sendMessage('pending.list', { offset: 0, limit: 500 });
    const status = await sendMessage('outbox.status', {});
    return { pending, status };
  }

  it('the pending list, its counts, the outbox counts and the toolbar badge', async () => {
    await setSettings({ backendUrl: 'http://127.0.0.1:9/', historyDays: 90 });
    // Waiting for feedback: five resolved in the last days, one of them snoozed.
    for (let n = 1; n <= 5; n++) await seen(n, n, n);
    await db.put('dismissals', { ticketUrl: urlOf(5), kind: 'not-now', at: daysAgo(1).toISOString() });
    // Rated and synced long ago: 20 tickets not seen since, 5 the person still opens now and then.
    for (let n = 10; n < 30; n++) {
      await seen(n, 200, 201);
      await rated(n, 200, 'synced', 201);
    }
    for (let n = 30; n < 35; n++) {
      await seen(n, 2, 201);
      await rated(n, 200, 'synced', 201);
    }
    // Not yet accepted, old: kept.
    for (let n = 40; n < 43; n++) {
      await seen(n, 200, 201);
      await rated(n, 200, n === 40 ? 'rejected' : 'waiting', 201);
    }
    // Seen long ago, never resolved.
    for (let n = 50; n < 60; n++) await seen(n, 200, undefined);

    await sendMessage('rating.dismiss', { ticketUrl: urlOf(5), kind: 'not-now' }); // refreshes the badge
    const before = await popupView();
    expect(before.pending).toMatchObject({ total: 5, snoozed: 1 });
    expect(before.status.counts).toMatchObject({ synced: 25, waiting: 2, rejected: 1 });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('4');

    await fakeBrowser.alarms.onAlarm.trigger({ name: RETENTION_ALARM, scheduledTime: NOW.getTime() });
    await expect.poll(() => db.count('ratedTickets')).toBe(25);
    await expect.poll(() => db.count('tickets')).toBe(5 + 5 + 3);

    expect(await popupView()).toEqual(before);
    await sendMessage('rating.dismiss', { ticketUrl: urlOf(5), kind: 'not-now' });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('4');
  });

  it('a ticket rated, synced and pruned long ago is still rated when seen again: not pending, the widget shows the stars', async () => {
    server = await startRatingsServer();
    await setSettings({ backendUrl: server.url, token: 'good' });
    clock = daysAgo(150);
    const resolvedAt = daysAgo(151).toISOString();
    await sendMessage('ticket.seen', { ticket: ticket(1, { resolvedAt }) });
    const given = await sendMessage('rating.submit', { ticketUrl: urlOf(1), draft: { overall: 4, understanding: 5, tags: ['clear'], comment: 'Fixed fast' } });
    await expect.poll(async () => (await sendMessage('outbox.status', {})).counts.synced).toBe(1);

    clock = NOW;
    await fakeBrowser.alarms.onAlarm.trigger({ name: RETENTION_ALARM, scheduledTime: NOW.getTime() });
    await expect.poll(() => keys('ratedTickets')).toEqual([urlOf(1)]);
    expect(await keys('tickets')).toEqual([]);
    expect(await keys('ratings')).toEqual([]);

    const context = await sendMessage('ticket.seen', { ticket: ticket(1, { resolvedAt }) });
    expect(context.eligibility).toMatchObject({ ask: false, reason: 'rated' });
    expect(context.rating).toMatchObject({ id: given.id, overall: 4, understanding: 5, tags: ['clear'], comment: 'Fixed fast', syncState: 'synced' });
    expect((await sendMessage('rating.get', { ticketUrl: urlOf(1) })).rating?.id).toBe(given.id);
    expect((await sendMessage('pending.list', { offset: 0, limit: 10 })).total).toBe(0);
    await expect.poll(() => fakeBrowser.action.getBadgeText({})).toBe('');

    // Edited: the backend replaces its row (same id), nothing is counted twice.
    await sendMessage('rating.submit', { ticketUrl: urlOf(1), draft: { overall: 2, tags: [] } });
    await expect.poll(() => server!.rows.get(given.id)?.overall).toBe(2);
    expect(server.rows.size).toBe(1);
    await expect.poll(async () => (await sendMessage('outbox.status', {})).counts).toMatchObject({ synced: 1, waiting: 0 });
  });

  it('a tracker that shows no resolution time: the forgotten, rated ticket is not taken for a new resolution', async () => {
    server = await startRatingsServer();
    await setSettings({ backendUrl: server.url, token: 'good' });
    clock = daysAgo(150);
    const withoutTime = { ...ticket(2), resolvedAt: undefined };
    await sendMessage('ticket.seen', { ticket: withoutTime });
    await sendMessage('rating.submit', { ticketUrl: urlOf(2), draft: { overall: 5 } });
    await expect.poll(async () => (await sendMessage('outbox.status', {})).counts.synced).toBe(1);

    clock = NOW;
    await fakeBrowser.alarms.onAlarm.trigger({ name: RETENTION_ALARM, scheduledTime: NOW.getTime() });
    await expect.poll(() => keys('ratedTickets')).toEqual([urlOf(2)]);
    expect(await keys('tickets')).toEqual([]);

    // Seen again with no time on the page: still the resolution it was rated for, so no "update your rating".
    const context = await sendMessage('ticket.seen', { ticket: withoutTime });
    expect(context.eligibility).toMatchObject({ ask: false, reason: 'rated' });
  });
});

describe('when retention runs', () => {
  it(`a daily alarm (${RETENTION_PERIOD_MINUTES} minutes) exists once the worker starts`, async () => {
    await expect.poll(() => fakeBrowser.alarms.get(RETENTION_ALARM)).toMatchObject({ name: RETENTION_ALARM, periodInMinutes: 24 * 60 });
  });

  it('at browser start-up', async () => {
    await rated(1, 100, 'synced');
    await fakeBrowser.runtime.onStartup.trigger();
    await expect.poll(() => keys('ratedTickets')).toEqual([urlOf(1)]);
  });
});

describe('10,000 old synced ratings', () => {
  /** Writes n synced outbox records directly, in one transaction (seeding through the outbox would take minutes). */
  async function seedSynced(count: number) {
    const template = await rated(0, 400, 'synced');
    await db.delete('ratings', template.id);
    const tx = db.transaction('ratings', 'readwrite');
    for (let n = 1; n <= count; n++) {
      const id = crypto.randomUUID();
      const syncedAt = new Date(daysAgo(400).getTime() + n * 1000).toISOString();
      void tx.store.put({ ...template, id, ticketUrl: urlOf(n), rating: { ...template.rating, id, ticketUrl: urlOf(n), ticketKey: `IT-${n}` }, syncedAt });
    }
    await tx.done;
  }

  it(`are compacted in batches of ${PRUNE_BATCH_SIZE}, one transaction each, leaving unsent ratings alone`, { timeout: 60_000 }, async () => {
    await seedSynced(10_000);
    for (let n = 20_001; n <= 20_050; n++) await rated(n, 400, 'waiting');
    const transaction = vi.spyOn(db, 'transaction');

    const started = performance.now();
    const result = await prune();
    const elapsed = performance.now() - started;
    console.info(`retention: 10,000 synced ratings compacted in ${Math.round(elapsed)} ms (fake-indexeddb)`);

    // 20 batches of 500 ratings, then one empty pass over tickets.
    expect(result).toEqual({ ratingsCompacted: 10_000, ticketsForgotten: 0, batches: 20 });
    const readwrite = transaction.mock.calls.filter((call) => call[1] === 'readwrite');
    expect(readwrite).toHaveLength(21);
    expect(await db.count('ratedTickets')).toBe(10_000);
    expect(await db.count('ratings')).toBe(50);
    expect((await readAllRatings(db)).every((record) => record.syncState === 'waiting')).toBe(true);
  });

  /** Breaks the 750th compaction — half-way through the second batch of 500 — in one of two ways. */
  const failures = {
    'the worker is stopped (the transaction aborts)': () => {
      let puts = 0;
      const put = IDBObjectStore.prototype.put;
      return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
        if (this.name === 'ratedTickets' && ++puts === 750) this.transaction.abort();
        return put.apply(this, args);
      });
    },
    'a step throws after the compact records are written': () => {
      let deletes = 0;
      const remove = IDBObjectStore.prototype.delete;
      return vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(function (this: IDBObjectStore, ...args) {
        if (this.name === 'ratings' && ++deletes === 750) throw new Error('disk on fire');
        return remove.apply(this, args);
      });
    },
  };

  it.each(Object.keys(failures) as Array<keyof typeof failures>)('when %s mid-prune, every batch is done or undone, and the next run finishes', { timeout: 60_000 }, async (failure) => {
    await seedSynced(2_000);
    const spy = failures[failure]();
    await expect(prune()).rejects.toThrow();
    spy.mockRestore();

    // Batch one (500) committed; nothing of batch two did: every rating is whole or compact, never both or neither.
    const live = new Set(await db.getAllKeysFromIndex('ratings', 'ticketUrl'));
    const compact = new Set(await db.getAllKeys('ratedTickets'));
    expect([live.size, compact.size]).toEqual([1_500, 500]);
    expect([...compact].filter((url) => live.has(url))).toEqual([]);

    expect(await prune()).toMatchObject({ ratingsCompacted: 1_500 });
    expect([await db.count('ratings'), await db.count('ratedTickets')]).toEqual([0, 2_000]);
  });
});

describe('the compact record', () => {
  it("keeps the person's own comment (an edit replaces the backend's row), not the ticket title or the rater", () => {
    const record = {
      id: '00000000-0000-4000-8000-000000000001',
      ticketUrl: urlOf(1),
      rating: { id: '00000000-0000-4000-8000-000000000001', ticketKey: 'IT-1', ticketUrl: urlOf(1), tracker: 'jira', origin: 'https://acme.atlassian.net', ticketTitle: 'Secret project', comment: 'Private words', rater: 'ada', overall: 3, tags: [], ratedAt: NOW.toISOString() },
      syncState: 'synced',
      attempts: 1,
      nextAttemptAt: 0,
      updatedAt: NOW.toISOString(),
      revision: 2,
      syncedAt: NOW.toISOString(),
    } satisfies OutboxRecord;
    const compact = JSON.stringify(compactRating(record));
    expect(compact).not.toMatch(/Secret project|ada/);
    expect(compact).toContain('Private words');
  });
});
