// The requester's side (replies/query with its ETag, answers) and improvements, on the real server and SQLite file.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, INGEST, bearer, makeRating, postRatings, queryRows, startTestServer, type TestServer } from '../helpers';
import { IT_OWNER, PLATFORM_OWNER, REQUESTER, loopConfig } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: loopConfig() });
});
afterAll(async () => {
  await server.dispose();
});

const call = async (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${server.url}${path}`, { method, headers: bearer(token, headers), body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('ETag'), body: (text ? JSON.parse(text) : null) as Record<string, any> };
};
const count = async (table: string) => ((await queryRows(server.database, `SELECT COUNT(*) AS n FROM ${table}`))[0] as { n: number }).n;

describe('POST /v1/replies/query and answers', () => {
  const mine = makeRating({ serviceId: 'it-helpdesk', overall: 1 });
  const quiet = makeRating({ serviceId: 'it-helpdesk', overall: 5 });
  beforeAll(async () => {
    await postRatings(server, [mine, quiet], REQUESTER);
  });

  it('returns only ratings with a reply or follow-up, and 304 on the same ETag until something changes', async () => {
    const ids = [mine.id, quiet.id, randomUUID()];
    const empty = await call('POST', '/v1/replies/query', REQUESTER, { ids });
    expect(empty.body).toEqual({ items: [] });
    await call('POST', `/v1/ratings/${mine.id}/replies`, IT_OWNER, { text: 'Fixed the printer.' });
    const first = await call('POST', '/v1/replies/query', REQUESTER, { ids });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0]).toMatchObject({ ratingId: mine.id, followUp: { state: 'replied' }, replies: [{ text: 'Fixed the printer.', author: { name: 'Iris Ops' } }] });
    expect(first.body.items[0].answer).toBeUndefined();
    const idle = await call('POST', '/v1/replies/query', REQUESTER, { ids }, { 'If-None-Match': first.etag! });
    expect(idle.status).toBe(304);
    await call('PATCH', `/v1/ratings/${mine.id}/follow-up`, IT_OWNER, { state: 'resolved' });
    const changed = await call('POST', '/v1/replies/query', REQUESTER, { ids }, { 'If-None-Match': first.etag! });
    expect(changed.status).toBe(200);
    expect(changed.body.items[0].followUp.state).toBe('resolved');
  });

  it("tells no one else about a person's loop: not the owner who replied, not a shared token", async () => {
    for (const token of [IT_OWNER, PLATFORM_OWNER, INGEST]) {
      expect((await call('POST', '/v1/replies/query', token, { ids: [mine.id, quiet.id] })).body).toEqual({ items: [] });
    }
  });

  it('keeps the latest answer (idempotent) and lets only the rater answer', async () => {
    expect((await call('POST', `/v1/ratings/${mine.id}/answer`, REQUESTER, { resolved: false, comment: 'still broken' })).status).toBe(200);
    expect((await call('POST', `/v1/ratings/${mine.id}/answer`, REQUESTER, { resolved: true })).status).toBe(200);
    expect((await call('POST', `/v1/ratings/${mine.id}/answer`, REQUESTER, { resolved: true })).status).toBe(200);
    expect(await queryRows(server.database, 'SELECT resolved, comment FROM answers WHERE rating_id = ?', mine.id)).toEqual([{ resolved: 1, comment: null }]);
    const query = await call('POST', '/v1/replies/query', REQUESTER, { ids: [mine.id] });
    expect(query.body.items[0].answer).toMatchObject({ resolved: true });
    expect((await call('POST', `/v1/ratings/${mine.id}/answer`, PLATFORM_OWNER, { resolved: false })).status).toBe(403);
    expect((await call('POST', `/v1/ratings/${mine.id}/answer`, ADMIN, { resolved: false })).status).toBe(403);
    // A shared token cannot speak for a rating a person sent signed in.
    const shared = await call('POST', `/v1/ratings/${mine.id}/answer`, INGEST, { resolved: false, comment: 'via the shared token' });
    expect(shared).toMatchObject({ status: 403, body: { error: 'id: only the person who gave this rating can answer for it' } });
    expect(await queryRows(server.database, 'SELECT resolved, comment FROM answers WHERE rating_id = ?', mine.id)).toEqual([{ resolved: 1, comment: null }]);
  });

  it("an anonymous rating sent signed in is answered by its person only, not by the service's owner", async () => {
    const anonymous = makeRating({ serviceId: 'it-helpdesk', overall: 1, rater: undefined });
    await postRatings(server, [anonymous], REQUESTER);
    await call('POST', `/v1/ratings/${anonymous.id}/replies`, IT_OWNER, { text: 'We are on it.' });
    for (const token of [IT_OWNER, INGEST, PLATFORM_OWNER]) {
      expect((await call('POST', `/v1/ratings/${anonymous.id}/answer`, token, { resolved: true })).status).toBe(403);
    }
    expect(await queryRows(server.database, 'SELECT COUNT(*) AS n FROM answers WHERE rating_id = ?', anonymous.id)).toEqual([{ n: 0 }]);
    expect((await call('POST', `/v1/ratings/${anonymous.id}/answer`, REQUESTER, { resolved: false })).status).toBe(200);
    expect((await call('POST', '/v1/replies/query', REQUESTER, { ids: [anonymous.id] })).body.items).toHaveLength(1);
  });

  it('an unverified rating (shared token) keeps the older rule, but its service owner cannot settle an anonymous one', async () => {
    const named = makeRating({ serviceId: 'it-helpdesk', overall: 2, rater: 'requester@example.com' });
    const anonymous = makeRating({ serviceId: 'it-helpdesk', overall: 2, rater: undefined });
    await postRatings(server, [named, anonymous], INGEST);
    expect((await call('POST', `/v1/ratings/${named.id}/answer`, PLATFORM_OWNER, { resolved: true })).status).toBe(403);
    expect((await call('POST', `/v1/ratings/${named.id}/answer`, REQUESTER, { resolved: true })).status).toBe(200);
    expect((await call('POST', `/v1/ratings/${named.id}/answer`, INGEST, { resolved: false })).status).toBe(200);
    expect((await call('POST', `/v1/ratings/${anonymous.id}/answer`, IT_OWNER, { resolved: true })).status).toBe(403);
    expect((await call('POST', `/v1/ratings/${anonymous.id}/answer`, PLATFORM_OWNER, { resolved: true })).status).toBe(200);
    expect((await call('POST', `/v1/ratings/${anonymous.id}/answer`, INGEST, { resolved: false })).status).toBe(200);
  });

  it.each([
    ['/v1/replies/query', { ids: ['nope'] }, 'ids[0]:'],
    ['/v1/replies/query', { ids: Array.from({ length: 501 }, () => randomUUID()) }, 'ids:'],
    ['/v1/replies/query', {}, 'ids:'],
    ['answer', { resolved: 'yes' }, 'resolved:'],
    ['answer', { resolved: true, comment: 'x'.repeat(2001) }, 'comment:'],
  ])('%s with bad input → 400 naming the field, nothing stored', async (path, body, field) => {
    const before = [await count('answers'), await count('audit_log')];
    const answer = await call('POST', path === 'answer' ? `/v1/ratings/${mine.id}/answer` : path, REQUESTER, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.startsWith(field)).toBe(true);
    expect([await count('answers'), await count('audit_log')]).toEqual(before);
  });
});

describe('improvements', () => {
  it('lets owners and admins publish, anyone read, and /v1/config carry the latest 3 with a new ETag', async () => {
    const before = await call('GET', '/v1/config', INGEST);
    const texts = ['Faster triage', 'Phone line at 8:00', 'New laptop pool', 'Weekend rota'];
    for (const text of texts) expect((await call('POST', '/v1/services/it-helpdesk/improvements', IT_OWNER, { text })).status).toBe(201);
    expect((await call('POST', '/v1/services/platform/improvements', ADMIN, { text: 'Status page' })).status).toBe(201);
    const list = await call('GET', '/v1/services/it-helpdesk/improvements', REQUESTER);
    expect(list.body.items.map((item: any) => item.text)).toEqual([...texts].reverse());
    const after = await call('GET', '/v1/config', INGEST, undefined, { 'If-None-Match': before.etag! });
    expect(after.status).toBe(200);
    expect(after.etag).not.toBe(before.etag);
    const service = after.body.services.find((entry: any) => entry.id === 'it-helpdesk');
    expect(service.improvements.map((item: any) => item.text)).toEqual(texts.slice(1).reverse());
    expect(service.improvements[0]).toMatchObject({ author: { name: 'Iris Ops' } });
    expect((await call('GET', '/v1/config', INGEST, undefined, { 'If-None-Match': after.etag! })).status).toBe(304);
  });

  it('refuses other services, unknown services and bad text, storing nothing', async () => {
    const before = await count('improvements');
    expect((await call('POST', '/v1/services/platform/improvements', IT_OWNER, { text: 'not mine' })).status).toBe(403);
    expect((await call('POST', '/v1/services/it-helpdesk/improvements', INGEST, { text: 'shared token' })).status).toBe(403);
    expect((await call('POST', '/v1/services/no-such/improvements', ADMIN, { text: 'x' })).status).toBe(404);
    expect((await call('GET', '/v1/services/no-such/improvements', INGEST)).body.error).toMatch(/^id: unknown service/);
    for (const body of [{ text: '' }, { text: 'x'.repeat(1001) }, { words: 'x' }]) {
      const answer = await call('POST', '/v1/services/it-helpdesk/improvements', IT_OWNER, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(/^text:/);
    }
    expect(await count('improvements')).toBe(before);
  });
});
