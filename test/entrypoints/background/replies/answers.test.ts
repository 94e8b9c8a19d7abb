// The answers' outbox: saveAnswer/flushAnswers ⇄ IndexedDB (fake-indexeddb) ⇄ a real HTTP server on loopback.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFeedbackDb, readAllReplies, readSyncMeta, type FeedbackDb } from '../../../../entrypoints/background/storage/db';
import { saveRating } from '../../../../entrypoints/background/outbox/outbox';
import { syncReplies } from '../../../../entrypoints/background/replies/reply-sync';
import { flushAnswers, saveAnswer } from '../../../../entrypoints/background/replies/answers';
import { listReplies } from '../../../../entrypoints/background/replies/reply-list';
import { startRepliesServer, type RepliesServer } from '../replies-server';

const T0 = Date.parse('2026-11-03T08:00:00.000Z');
const DAY = 24 * 60 * 60_000;
let server: RepliesServer;
let db: FeedbackDb;
let ratingId: string;

const settings = (backendUrl = server.url) => ({ backendUrl, token: 'sekret' });
const flush = (at: number, backendUrl?: string) => flushAnswers({ db, settings: settings(backendUrl), now: () => at, timeoutMs: 2_000 });

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openFeedbackDb();
  server = await startRepliesServer();
  const ticketUrl = 'https://github.com/acme/app/issues/1';
  const rating = await saveRating(db, { ticketUrl, facts: { ticketKey: 'acme/app#1', ticketUrl, tracker: 'github', origin: 'https://github.com' }, draft: { overall: 2, tags: [] }, now: new Date(T0 - 1000) });
  ratingId = rating.id;
  server.threads.set(ratingId, { ratingId, followUp: { state: 'replied', updatedAt: '2026-11-03T07:00:00.000Z' }, replies: [{ id: 'r1', text: 'Fixed?', author: { name: 'Grace' }, at: '2026-11-03T07:00:00.000Z' }] });
  await syncReplies({ db, settings: settings(), now: () => T0 });
});
afterEach(async () => {
  db.close();
  await server.close();
});

describe('answers outbox', () => {
  it('an answer given offline waits (for days) and is sent once when the backend is back', async () => {
    await saveAnswer(db, ratingId, { resolved: false, comment: '  Still broken  ' }, T0);
    expect((await listReplies(db)).items[0]).toMatchObject({ answer: { resolved: false, comment: 'Still broken' }, answerPending: true });
    expect(await flush(T0, 'http://127.0.0.1:9')).toEqual({ sent: 0, failed: 1 });
    // Reopening the database is a worker restart: the answer is still queued.
    db.close();
    db = await openFeedbackDb();
    expect(await flush(T0 + 3 * DAY)).toEqual({ sent: 1, failed: 0 });
    expect(await flush(T0 + 4 * DAY)).toEqual({ sent: 0, failed: 0 });
    expect(server.answerRequests).toEqual([{ ratingId, answer: { resolved: false, comment: 'Still broken' } }]);
    expect((await listReplies(db)).items[0]).toMatchObject({ answerPending: false, answer: { resolved: false } });
  });

  it('a send whose reply is lost (worker killed mid-send) is sent again; the backend holds the answer once', async () => {
    await saveAnswer(db, ratingId, { resolved: false }, T0);
    server.loseNextAnswerReply();
    expect(await flush(T0)).toEqual({ sent: 0, failed: 1 });
    expect(await flush(T0 + DAY)).toEqual({ sent: 1, failed: 0 });
    expect(server.answers).toEqual(new Map([[ratingId, { resolved: false }]]));
  });

  it('the latest answer wins; a reply sync meanwhile does not bring back the older one', async () => {
    await saveAnswer(db, ratingId, { resolved: true }, T0);
    await saveAnswer(db, ratingId, { resolved: false }, T0);
    server.threads.set(ratingId, { ...server.threads.get(ratingId)!, answer: { resolved: true } });
    await syncReplies({ db, settings: settings(), now: () => T0 + 60_000 });
    expect((await listReplies(db)).items[0]!.answer).toEqual({ resolved: false });
    await flush(T0);
    expect(server.answerRequests.map((request) => request.answer)).toEqual([{ resolved: false }]);
  });

  it('401 keeps the answer queued and raises "check your token"', async () => {
    await saveAnswer(db, ratingId, { resolved: true }, T0);
    server.failNext(401);
    expect(await flush(T0)).toEqual({ sent: 0, failed: 1 });
    expect((await readSyncMeta(db)).lastError).toMatchObject({ kind: 'auth', status: 401 });
    expect((await readAllReplies(db))[0]!.pendingAnswer).toMatchObject({ resolved: true, attempts: 1 });
  });
});
