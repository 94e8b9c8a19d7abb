// The worker's loop against the real backend (node:http + SQLite file): a rating flushed with a
// personal token, the owner's reply through the API, reply sync, the answer's outbox, the answer stored once.
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeedbackDb, type FeedbackDb } from '../../../../entrypoints/background/storage/db';
import { saveRating } from '../../../../entrypoints/background/outbox/outbox';
import { flushOutbox } from '../../../../entrypoints/background/outbox/sync';
import { syncReplies } from '../../../../entrypoints/background/replies/reply-sync';
import { flushAnswers, saveAnswer } from '../../../../entrypoints/background/replies/answers';
import { listReplies } from '../../../../entrypoints/background/replies/reply-list';
import { readRows, startTestServer, type TestServer } from '../../../server/helpers';
import { IT_OWNER, REQUESTER, loopConfig } from '../../../server/loop/helpers';

let server: TestServer;
let db: FeedbackDb;
beforeAll(async () => {
  server = await startTestServer({ config: loopConfig() });
  globalThis.indexedDB = new IDBFactory();
  db = await openFeedbackDb();
});
afterAll(async () => {
  db.close();
  await server.dispose();
});

describe('the loop against the real backend', () => {
  it('reply arrives as text, "No, still broken" is stored once, an idle check is a 304', async () => {
    const settings = { backendUrl: server.url, token: REQUESTER, anonymous: false, sendTitles: true };
    const now = Date.now();
    const ticketUrl = 'https://github.com/acme/app/issues/7';
    const rating = await saveRating(db, {
      ticketUrl,
      facts: { ticketKey: 'acme/app#7', ticketUrl, tracker: 'github', origin: 'https://github.com', serviceId: 'it-helpdesk', rater: 'requester@example.com' },
      draft: { overall: 2, tags: [] },
      now: new Date(now - 60_000),
    });
    expect(await flushOutbox({ db, settings, now: () => now })).toMatchObject({ synced: 1 });

    const hostile = '<img src=x onerror=alert(1)>';
    const replied = await fetch(`${server.url}/v1/ratings/${rating.id}/replies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${IT_OWNER}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: hostile }),
    });
    expect(replied.status).toBe(201);

    expect(await syncReplies({ db, settings, now: () => now })).toMatchObject({ state: 'done', newReplies: 1 });
    expect((await listReplies(db)).items[0]).toMatchObject({ ratingId: rating.id, unread: true, followUp: 'replied', replies: [{ text: hostile, author: { name: 'Iris Ops' } }] });
    // Nothing changed: the ETag answers.
    expect(await syncReplies({ db, settings, now: () => now + 60_000 })).toMatchObject({ state: 'done', newReplies: 0 });

    await saveAnswer(db, rating.id, { resolved: false, comment: 'Still broken' }, now);
    expect(await flushAnswers({ db, settings, now: () => now })).toEqual({ sent: 1, failed: 0 });
    // A second send of the same answer (a worker killed before it settled) is absorbed.
    await saveAnswer(db, rating.id, { resolved: false, comment: 'Still broken' }, now);
    expect(await flushAnswers({ db, settings, now: () => now })).toEqual({ sent: 1, failed: 0 });
    const tables = readRows(server.database.databasePath!, `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%answer%'`) as Array<{ name: string }>;
    const rows = readRows(server.database.databasePath!, `SELECT * FROM ${tables[0]!.name}`) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ resolved: 0, comment: 'Still broken' });

    await syncReplies({ db, settings, now: () => now + 120_000 });
    expect((await listReplies(db)).items[0]).toMatchObject({ answer: { resolved: false, comment: 'Still broken' }, answerPending: false });
  });
});
