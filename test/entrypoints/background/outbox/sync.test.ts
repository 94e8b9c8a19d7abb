// The outbox state machine end to end: IndexedDB (fake-indexeddb) ⇄ flushOutbox ⇄ a real HTTP server on loopback.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFeedbackDb, readAllRatings, readSyncMeta, type FeedbackDb } from '../../../../entrypoints/background/storage/db';
import { TOO_LARGE_ERROR, type RatingDraft } from '../../../../utils/contracts/messages';
import { claimDue, outboxStatus, recoverInterrupted, saveRating, STALE_SYNCING_MS, type RatingFacts } from '../../../../entrypoints/background/outbox/outbox';
import { RETRY_BASE_MS, RETRY_MAX_MS } from '../../../../utils/feedback/retry';
import { flushOutbox, type FlushOptions } from '../../../../entrypoints/background/outbox/sync';
import { startRatingsServer, type RatingsServer } from '../ratings-server';

const T0 = Date.parse('2026-11-03T08:00:00.000Z');
let server: RatingsServer;
let db: FeedbackDb;

function facts(n: number): RatingFacts {
  return {
    ticketKey: `OPS-${n}`,
    ticketUrl: `https://acme.atlassian.net/browse/OPS-${n}`,
    tracker: 'jira',
    origin: 'https://acme.atlassian.net',
    serviceId: 'it-helpdesk',
    ticketTitle: `Laptop ${n} will not boot`,
    rater: 'ada@example.com',
    resolvedAt: '2026-11-02T10:00:00.000Z',
  };
}

async function rate(n: number, draft: Partial<RatingDraft> = {}, at = T0 - 1000 + n) {
  const ticket = facts(n);
  return saveRating(db, { ticketUrl: ticket.ticketUrl, facts: ticket, draft: { overall: 4, tags: [], ...draft }, now: new Date(at) });
}

function flush(options: Partial<FlushOptions> & { at?: number } = {}) {
  const { at = T0, ...rest } = options;
  return flushOutbox({
    db,
    settings: { backendUrl: server.url, token: 'sekret', anonymous: false, sendTitles: true },
    now: () => at,
    random: () => 0,
    timeoutMs: 2_000,
    ...rest,
  });
}

async function states(): Promise<string[]> {
  return (await readAllRatings(db)).sort((a, b) => a.rating.ticketKey.localeCompare(b.rating.ticketKey)).map((record) => record.syncState);
}

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openFeedbackDb();
  server = await startRatingsServer();
});

afterEach(async () => {
  db.close();
  await server.close();
});

describe('flushOutbox against a real HTTP server', () => {
  it('sends waiting ratings with the bearer token and marks them synced', async () => {
    await rate(1);
    await rate(2);
    const result = await flush();
    expect(result).toMatchObject({ state: 'done', synced: 2, rejected: 0 });
    expect(server.rows.size).toBe(2);
    expect(server.requests[0]?.authorization).toBe('Bearer sekret');
    expect(await states()).toEqual(['synced', 'synced']);
    expect((await readSyncMeta(db)).lastSyncAt).toBe(new Date(T0).toISOString());
    expect(await flush()).toMatchObject({ state: 'idle' });
    expect(server.requests).toHaveLength(1);
  });

  it('sends 250 ratings in batches of at most 100', async () => {
    for (let n = 1; n <= 250; n++) await rate(n);
    await flush();
    expect(server.requests.map((request) => request.ratings.length)).toEqual([100, 100, 50]);
    expect(server.rows.size).toBe(250);
  });

  it('backs off after a 500 and succeeds on the retry once it is due', async () => {
    await rate(1);
    server.misbehave({ kind: 'status', status: 500 });
    const failed = await flush();
    expect(failed.problem).toMatchObject({ kind: 'server', status: 500 });
    const [record] = await readAllRatings(db);
    expect(record).toMatchObject({ syncState: 'waiting', attempts: 1, nextAttemptAt: T0 + RETRY_BASE_MS, lastError: 'status 500' });

    await flush({ at: T0 + RETRY_BASE_MS - 1 });
    expect(server.requests).toHaveLength(1);
    await flush({ at: T0 + RETRY_BASE_MS });
    expect(server.requests).toHaveLength(2);
    expect(await states()).toEqual(['synced']);
    expect((await readSyncMeta(db)).lastError).toBeUndefined();
  });

  it('keeps doubling the wait, capped at one hour', async () => {
    await rate(1);
    let at = T0;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 9; attempt++) {
      server.misbehave({ kind: 'status', status: 503 });
      await flush({ at });
      const [record] = await readAllRatings(db);
      waits.push(record!.nextAttemptAt - at);
      at = record!.nextAttemptAt;
    }
    expect(waits.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(waits.at(-1)).toBe(RETRY_MAX_MS);
  });

  it('treats a timeout as a retry, not a loss', async () => {
    await rate(1);
    server.misbehave({ kind: 'hang' });
    const result = await flush({ timeoutMs: 150 });
    expect(result.problem?.kind).toBe('timeout');
    expect(await states()).toEqual(['waiting']);
    await flush({ at: T0 + RETRY_MAX_MS });
    expect(await states()).toEqual(['synced']);
    expect(server.rows.size).toBe(1);
  });

  it('treats an unreachable backend as a network problem', async () => {
    await rate(1);
    await server.close();
    const result = await flush();
    expect(result.problem?.kind).toBe('network');
    expect((await readAllRatings(db))[0]).toMatchObject({ syncState: 'waiting', attempts: 1 });
    expect((await readSyncMeta(db)).lastError?.kind).toBe('network');
    server = await startRatingsServer(); // afterEach closes something
  });

  it('retries an answer that does not match RatingsResponse', async () => {
    await rate(1);
    server.misbehave({ kind: 'garbage' });
    expect((await flush()).problem?.kind).toBe('invalid-response');
    expect(await states()).toEqual(['waiting']);
  });

  it('keeps per-rating rejections with the reason and never resends them', async () => {
    await rate(1);
    await rate(2, { comment: 'spam spam' });
    await rate(3);
    server.rejectWhen((rating) => (rating.comment?.includes('spam') ? 'comment: refused by the content filter' : undefined));
    expect(await flush()).toMatchObject({ synced: 2, rejected: 1 });
    expect(await states()).toEqual(['synced', 'rejected', 'synced']);
    const status = await outboxStatus(db, true);
    expect(status.rejected).toEqual([expect.objectContaining({ ticketKey: 'OPS-2', error: 'comment: refused by the content filter' })]);

    await flush({ at: T0 + 10 * RETRY_MAX_MS, force: true });
    expect(server.requests).toHaveLength(1);

    // Editing the rejected rating queues it again, under the same id.
    server.rejectWhen(undefined);
    const edited = await rate(2, { comment: 'slow but fine' }, T0 + 1000);
    await flush({ at: T0 + 1000 });
    expect(server.rows.get(edited.id)?.comment).toBe('slow but fine');
    expect(await states()).toEqual(['synced', 'synced', 'synced']);
  });

  it('finds the one bad rating when the whole request gets a 400', async () => {
    await rate(1);
    await rate(2);
    await rate(3);
    server.misbehave({ kind: 'status', status: 400, body: { error: 'ratings[1].tags: unknown tag' } }, { kind: 'status', status: 200, body: { accepted: 1, duplicates: 0, rejected: [] } }, { kind: 'status', status: 400, body: { error: 'tags: unknown tag' } });
    const result = await flush();
    expect(result).toMatchObject({ synced: 2, rejected: 1 });
    expect(server.requests.map((request) => request.ratings.length)).toEqual([3, 1, 1, 1]);
    const rejected = (await readAllRatings(db)).find((record) => record.syncState === 'rejected');
    expect(rejected).toMatchObject({ rating: { ticketKey: 'OPS-2' }, lastError: 'tags: unknown tag' });
  });

  it('splits a batch answered 413 in halves until the parts fit, and rejects a rating that never fits', async () => {
    for (let n = 1; n <= 7; n++) await rate(n, n === 5 ? { comment: 'long story '.repeat(180) } : {});
    server.limitBody(1800); // about three ordinary ratings; the one with a 2,000-character comment never fits
    const result = await flush();
    expect(result).toMatchObject({ synced: 6, rejected: 1 });
    expect([...server.rows.values()].map((rating) => rating.ticketKey).sort()).toEqual(['OPS-1', 'OPS-2', 'OPS-3', 'OPS-4', 'OPS-6', 'OPS-7']);
    const status = await outboxStatus(db, true);
    expect(status.rejected).toEqual([expect.objectContaining({ ticketKey: 'OPS-5', error: TOO_LARGE_ERROR })]);
    expect(result.problem).toBeUndefined();

    // Never retried: later flushes, even "Sync now", send nothing more.
    const sent = server.requests.length;
    await flush({ at: T0 + 10 * RETRY_MAX_MS, force: true });
    expect(server.requests).toHaveLength(sent);
    expect(await states()).toEqual(['synced', 'synced', 'synced', 'synced', 'rejected', 'synced', 'synced']);
  });

  it('rejects a lone rating answered 413 with the size reason', async () => {
    await rate(1, { comment: 'long story '.repeat(180) });
    server.limitBody(1800);
    expect(await flush()).toMatchObject({ synced: 0, rejected: 1 });
    expect((await outboxStatus(db, true)).rejected).toEqual([expect.objectContaining({ error: TOO_LARGE_ERROR })]);
  });

  it.each([401, 403])('holds ratings in the auth state on %i until the token changes or Sync now', async (status) => {
    await rate(1);
    server.misbehave({ kind: 'status', status, body: { error: 'invalid token' } });
    const result = await flush();
    expect(result.problem).toMatchObject({ kind: 'auth', status });
    expect(await states()).toEqual(['auth']);
    expect((await outboxStatus(db, true)).counts.auth).toBe(1);

    await flush({ at: T0 + 10 * RETRY_MAX_MS });
    expect(server.requests).toHaveLength(1);
    await flush({ at: T0 + 1, force: true });
    expect(await states()).toEqual(['synced']);
  });

  it('counts a resend after a lost reply as a duplicate, never a second row', async () => {
    const saved = await rate(1);
    server.misbehave({ kind: 'store-then-fail' });
    await flush();
    expect(server.rows.size).toBe(1);
    expect(await states()).toEqual(['waiting']);
    await flush({ at: T0 + RETRY_MAX_MS });
    expect(server.requests.map((request) => request.ratings.map((rating) => rating.id))).toEqual([[saved.id], [saved.id]]);
    expect(server.rows.size).toBe(1);
    expect(await states()).toEqual(['synced']);
  });

  it('an edit keeps the id with a newer ratedAt and replaces the row', async () => {
    const first = await rate(1, { overall: 2 });
    await flush();
    const edited = await rate(1, { overall: 5 }, T0);
    expect(edited.id).toBe(first.id);
    expect(edited.rating.ratedAt > first.rating.ratedAt).toBe(true);
    await flush();
    expect(server.rows.size).toBe(1);
    expect(server.rows.get(first.id)?.overall).toBe(5);
  });

  it('an edit made while the old version is in flight is sent afterwards', async () => {
    const first = await rate(1, { overall: 2 });
    const editingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      await rate(1, { overall: 5 }, T0 + 5);
      return response;
    };
    await flush({ fetchImpl: editingFetch });
    expect(await states()).toEqual(['waiting']);
    await flush({ at: T0 + 10 });
    expect(server.rows.get(first.id)?.overall).toBe(5);
    expect(await states()).toEqual(['synced']);
  });

  it('strips the rater when anonymous and the title when titles may not be sent', async () => {
    await rate(1);
    await flush({ settings: { backendUrl: server.url, token: 't', anonymous: true, sendTitles: false } });
    const [sent] = server.requests[0]!.ratings;
    expect(sent).not.toHaveProperty('rater');
    expect(sent).not.toHaveProperty('ticketTitle');
    expect(sent?.ticketKey).toBe('OPS-1');
    // Kept locally for the person's own summary.
    expect((await readAllRatings(db))[0]?.rating.rater).toBe('ada@example.com');
  });

  it('without a backend, ratings wait locally', async () => {
    await rate(1);
    expect(await flush({ settings: { anonymous: false, sendTitles: true } })).toMatchObject({ state: 'local' });
    expect(await states()).toEqual(['waiting']);
    expect(server.requests).toHaveLength(0);
  });

  describe('the worker killed in the middle of a flush', () => {
    it('re-sends a claimed batch that never left, after reopening the database', async () => {
      for (let n = 1; n <= 3; n++) await rate(n);
      await claimDue(db, { now: T0, limit: 100 }); // marked syncing … and the worker dies here
      db.close();
      db = await openFeedbackDb();
      expect(await states()).toEqual(['syncing', 'syncing', 'syncing']);
      // A flush soon after leaves a possibly live flush alone …
      await flush({ at: T0 + 1000 });
      expect(server.requests).toHaveLength(0);
      // … and takes over once the claim is stale.
      await flush({ at: T0 + STALE_SYNCING_MS + 1 });
      expect(server.rows.size).toBe(3);
      expect(await states()).toEqual(['synced', 'synced', 'synced']);
    });

    it('after the server stored the batch but before it was marked: one row per rating, nothing lost', async () => {
      for (let n = 1; n <= 5; n++) await rate(n);
      let delivered = false;
      const dyingFetch: typeof fetch = async (input, init) => {
        await fetch(input, init);
        delivered = true;
        return new Promise<Response>(() => {}); // the worker is gone: this flush never settles
      };
      void flush({ fetchImpl: dyingFetch });
      await expect.poll(() => delivered).toBe(true);
      db.close();

      db = await openFeedbackDb();
      expect(await states()).toEqual(Array(5).fill('syncing'));
      expect(await recoverInterrupted(db)).toBe(5); // browser start-up
      await flush({ at: T0 + 1 });
      expect(server.rows.size).toBe(5);
      expect(server.requests.flatMap((request) => request.ratings)).toHaveLength(10);
      expect(await states()).toEqual(Array(5).fill('synced'));
      expect((await outboxStatus(db, true)).counts).toMatchObject({ synced: 5, waiting: 0, syncing: 0 });
    });
  });

  it('two flushes at once never send the same rating twice', async () => {
    for (let n = 1; n <= 150; n++) await rate(n);
    await Promise.all([flush(), flush()]);
    const sentIds = server.requests.flatMap((request) => request.ratings.map((rating) => rating.id));
    expect(new Set(sentIds).size).toBe(sentIds.length);
    expect(server.rows.size).toBe(150);
  });
});
