// Reply sync end to end: ratings in IndexedDB (fake-indexeddb) ⇄ syncReplies ⇄ a real HTTP server on loopback.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFeedbackDb, readAllReplies, readCorruptReports, readSyncMeta, type FeedbackDb } from '../../../../entrypoints/background/storage/db';
import { saveRating } from '../../../../entrypoints/background/outbox/outbox';
import { markRepliesRead, pruneReplies, REPLY_SYNC_MIN_INTERVAL_MS, syncReplies } from '../../../../entrypoints/background/replies/reply-sync';
import { listReplies } from '../../../../entrypoints/background/replies/reply-list';
import type { ReplyThread } from '../../../../utils/contracts/replies';
import { startRepliesServer, type RepliesServer } from '../replies-server';

const T0 = Date.parse('2026-11-03T08:00:00.000Z');
const DAY = 24 * 60 * 60_000;
let server: RepliesServer;
let db: FeedbackDb;

async function rate(n: number, at = T0 - 1000) {
  const ticketUrl = `https://github.com/acme/app/issues/${n}`;
  const facts = { ticketKey: `acme/app#${n}`, ticketUrl, tracker: 'github' as const, origin: 'https://github.com' };
  return saveRating(db, { ticketUrl, facts, draft: { overall: 2, tags: [] }, now: new Date(at) });
}

function thread(ratingId: string, replies: Array<{ id: string; text: string; at: string }>): ReplyThread {
  return {
    ratingId,
    followUp: { state: 'replied', updatedAt: replies.at(-1)?.at ?? new Date(T0).toISOString() },
    replies: replies.map((reply) => ({ ...reply, author: { name: 'Grace (IT Help Desk)' } })),
  };
}

const sync = (at = T0, force = false, backendUrl = server.url) =>
  syncReplies({ db, settings: { backendUrl, token: 'sekret' }, now: () => at, timeoutMs: 2_000, force });

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openFeedbackDb();
  server = await startRepliesServer();
});
afterEach(async () => {
  db.close();
  await server.close();
});

describe('reply sync', () => {
  it('asks for the ratings of the last 90 days with the token and stores the replies, unread', async () => {
    const recent = await rate(1);
    const old = await rate(2, T0 - 91 * DAY);
    server.threads.set(recent.id, thread(recent.id, [{ id: 'r1', text: 'Replaced the disk.', at: '2026-11-03T07:00:00.000Z' }]));

    expect(await sync()).toMatchObject({ state: 'done', newReplies: 1 });
    expect(server.queries).toEqual([{ ids: [recent.id], authorization: 'Bearer sekret' }]);
    expect(server.queries[0]!.ids).not.toContain(old.id);
    const list = await listReplies(db);
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ ratingId: recent.id, unread: true, followUp: 'replied', replies: [{ text: 'Replaced the disk.' }] });
  });

  it('an idle check sends the ETag back and a 304 keeps what is stored; a new reply comes with a new ETag', async () => {
    const rating = await rate(1);
    server.threads.set(rating.id, thread(rating.id, [{ id: 'r1', text: 'On it', at: '2026-11-03T07:00:00.000Z' }]));
    await sync(T0);
    expect(await sync(T0 + 60_000)).toMatchObject({ state: 'done', newReplies: 0 });
    expect(server.notModified()).toBe(1);
    expect((await listReplies(db)).items[0]!.replies.map((reply) => reply.id)).toEqual(['r1']);
    server.threads.set(rating.id, thread(rating.id, [{ id: 'r1', text: 'On it', at: '2026-11-03T07:00:00.000Z' }, { id: 'r2', text: 'Done', at: '2026-11-03T08:30:00.000Z' }]));
    expect(await sync(T0 + 120_000)).toMatchObject({ newReplies: 1 });
    expect(server.notModified()).toBe(1);
  });

  it('sends at most 500 ids per request', async () => {
    for (let n = 0; n < 1001; n++) await rate(n, T0 - 1000 - n);
    await sync();
    expect(server.queries.map((query) => query.ids.length)).toEqual([500, 500, 1]);
    expect(new Set(server.queries.flatMap((query) => query.ids)).size).toBe(1001);
  });

  it('checks at most once per 30 s unless forced', async () => {
    await rate(1);
    await sync(T0);
    expect((await sync(T0 + REPLY_SYNC_MIN_INTERVAL_MS - 1)).state).toBe('throttled');
    expect((await sync(T0 + REPLY_SYNC_MIN_INTERVAL_MS)).state).toBe('done');
    expect((await sync(T0 + REPLY_SYNC_MIN_INTERVAL_MS + 1, true)).state).toBe('done');
    expect(server.queries).toHaveLength(3);
  });

  it('keeps the read state across syncs; a newer reply is unread again', async () => {
    const rating = await rate(1);
    server.threads.set(rating.id, thread(rating.id, [{ id: 'r1', text: 'Looking into it.', at: '2026-11-03T07:00:00.000Z' }]));
    await sync(T0);
    await markRepliesRead(db, [rating.id]);
    await sync(T0 + 60_000);
    expect((await listReplies(db)).unread).toBe(0);
    server.threads.set(
      rating.id,
      thread(rating.id, [
        { id: 'r1', text: 'Looking into it.', at: '2026-11-03T07:00:00.000Z' },
        { id: 'r2', text: 'Fixed now.', at: '2026-11-03T08:30:00.000Z' },
      ]),
    );
    expect(await sync(T0 + 120_000)).toMatchObject({ newReplies: 1 });
    expect((await listReplies(db)).items[0]).toMatchObject({ unread: true, replies: [{ id: 'r1' }, { id: 'r2' }] });
  });

  it('401/403 is the outbox problem "check your token" and keeps what is stored', async () => {
    const rating = await rate(1);
    server.threads.set(rating.id, thread(rating.id, [{ id: 'r1', text: 'Hi', at: '2026-11-03T07:00:00.000Z' }]));
    await sync(T0);
    server.failNext(403);
    expect(await sync(T0 + 60_000)).toMatchObject({ state: 'failed', problem: { kind: 'auth', status: 403 } });
    expect((await readSyncMeta(db)).lastError).toMatchObject({ kind: 'auth', status: 403 });
    expect(await readAllReplies(db)).toHaveLength(1);
  });

  it('a backend that is down keeps the stored replies and raises no token problem', async () => {
    const rating = await rate(1);
    server.threads.set(rating.id, thread(rating.id, [{ id: 'r1', text: 'Hi', at: '2026-11-03T07:00:00.000Z' }]));
    await sync(T0);
    server.failNext(503);
    expect(await sync(T0 + 60_000)).toMatchObject({ state: 'failed', problem: { kind: 'server' } });
    const closed = 'http://127.0.0.1:9';
    expect(await sync(T0 + 120_000, false, closed)).toMatchObject({ state: 'failed', problem: { kind: 'network' } });
    expect((await readSyncMeta(db)).lastError).toBeUndefined();
    expect((await listReplies(db)).items).toHaveLength(1);
  });

  it('replies survive a restart (a new connection) and corrupt records are skipped and reported', async () => {
    const rating = await rate(1);
    server.threads.set(rating.id, thread(rating.id, [{ id: 'r1', text: 'Hi', at: '2026-11-03T07:00:00.000Z' }]));
    await sync(T0);
    await db.put('replies', { ratingId: 'not-a-uuid', ticketUrl: 'nope' } as never);
    db.close();
    db = await openFeedbackDb();
    expect((await listReplies(db)).items.map((item) => item.ratingId)).toEqual([rating.id]);
    expect((await readCorruptReports(db)).map((report) => report.store)).toEqual(['replies']);
  });

  it('follows retention: replies of ratings older than 90 days are removed', async () => {
    const rating = await rate(1);
    server.threads.set(rating.id, thread(rating.id, [{ id: 'r1', text: 'Hi', at: '2026-11-03T07:00:00.000Z' }]));
    await sync(T0);
    expect(await pruneReplies(db, T0 + 89 * DAY)).toBe(0);
    expect(await pruneReplies(db, T0 + 91 * DAY)).toBe(1);
    expect(await readAllReplies(db)).toEqual([]);
  });

  it('stores nothing the backend answers about ids it was not asked', async () => {
    const rating = await rate(1);
    const stranger = crypto.randomUUID();
    server.threads.set(rating.id, thread(rating.id, [{ id: 'r1', text: 'Hi', at: '2026-11-03T07:00:00.000Z' }]));
    // The test server answers only asked ids; a mislabelled thread stands in for a confused backend.
    server.threads.set(rating.id, { ...thread(stranger, [{ id: 'r9', text: 'x', at: '2026-11-03T07:00:00.000Z' }]) });
    await sync(T0);
    expect(await readAllReplies(db)).toEqual([]);
  });
});
