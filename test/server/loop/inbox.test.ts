// People, the owners' inbox, replies, follow-ups and the audit trail, on the real server and SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, INGEST, bearer, makeRating, postRatings, queryRows, startTestServer, type TestServer } from '../helpers';
import { IT_OWNER, PERSON_ADMIN, PLATFORM_OWNER, REQUESTER, loopConfig } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: loopConfig() });
});
afterAll(async () => {
  await server.dispose();
});

const call = async (method: string, path: string, token: string, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, { method, headers: bearer(token), body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, any> };
};
const count = async (table: string) => ((await queryRows(server.database, `SELECT COUNT(*) AS n FROM ${table}`))[0] as { n: number }).n;

describe('people and personal tokens', () => {
  it('stores the person as rater, ignoring the body; an anonymous rating stays without rater', async () => {
    const named = makeRating({ rater: 'someone-else' });
    const anonymous = makeRating({ rater: undefined });
    expect((await postRatings(server, [named, anonymous], REQUESTER)).status).toBe(200);
    const rows = await queryRows(server.database, 'SELECT id, rater FROM ratings WHERE id IN (?, ?)', named.id, anonymous.id);
    expect(Object.fromEntries(rows.map((row) => [row.id, row.rater]))).toEqual({ [named.id]: 'requester@example.com', [anonymous.id]: null });
  });

  it('rejects a config whose person token is short or reuses another token, naming the field', async () => {
    const { parseConfig } = await import('../../../server/config/server-config');
    const bad = { ...loopConfig(), people: [{ email: 'a@example.com', name: 'A', token: 'short' }, { email: 'b@example.com', name: 'B', token: INGEST }] };
    expect(() => parseConfig(bad, 'test')).toThrow(/people\[0\]\.token: must be at least 16 characters[\s\S]*people\[1\]\.token: already used/);
  });

  it('keeps the admin token working and refuses the inbox to ingest tokens and to people who own nothing', async () => {
    expect((await call('GET', '/v1/inbox', ADMIN)).status).toBe(200);
    expect((await call('GET', '/v1/inbox', INGEST)).status).toBe(403);
    expect((await call('GET', '/v1/inbox', REQUESTER)).status).toBe(403);
    expect((await call('GET', '/v1/inbox', 'not-a-known-token-at-all')).status).toBe(401);
  });
});

describe('inbox, replies and follow-ups', () => {
  const low = makeRating({ serviceId: 'it-helpdesk', overall: 1, comment: 'nobody called back', ratedAt: '2026-03-05T09:00:00.000Z' });
  const anonymous = makeRating({ serviceId: 'it-helpdesk', overall: 2, rater: undefined, ratedAt: '2026-03-04T09:00:00.000Z' });
  const platform = makeRating({ serviceId: 'platform', overall: 2, ratedAt: '2026-03-06T09:00:00.000Z' });
  beforeAll(async () => {
    await postRatings(server, [low, anonymous, platform], INGEST);
  });

  it('shows owners their own services only, newest first; admins see all', async () => {
    const mine = await call('GET', '/v1/inbox', IT_OWNER);
    expect(mine.status).toBe(200);
    const services = new Set(mine.body.items.map((item: any) => item.rating.serviceId));
    expect([...services]).toEqual(['it-helpdesk']);
    const times = mine.body.items.map((item: any) => Date.parse(item.rating.ratedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const all = await call('GET', '/v1/inbox?maxOverall=2', PERSON_ADMIN);
    expect(all.body.items.map((item: any) => item.rating.id)).toEqual(expect.arrayContaining([low.id, anonymous.id, platform.id]));
    expect((await call('GET', '/v1/inbox?service=platform', IT_OWNER)).status).toBe(403);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Record<string, any> } = await call('GET', `/v1/inbox?limit=1${cursor ? `&cursor=${cursor}` : ''}`, IT_OWNER);
      seen.push(...page.body.items.map((item: any) => item.rating.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const whole = await call('GET', '/v1/inbox', IT_OWNER);
    expect(seen).toEqual(whole.body.items.map((item: any) => item.rating.id));
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it('replies (201, follow-up → replied), keeps who and when, and never names an anonymous rater', async () => {
    const reply = await call('POST', `/v1/ratings/${anonymous.id}/replies`, IT_OWNER, { text: 'Sorry, we called back today.' });
    expect(reply.status).toBe(201);
    expect(reply.body.reply).toMatchObject({ text: 'Sorry, we called back today.', author: { name: 'Iris Ops' } });
    expect(Object.keys(reply.body.reply).sort()).toEqual(['at', 'author', 'id', 'text']);
    const inbox = await call('GET', '/v1/inbox?state=replied', IT_OWNER);
    const item = inbox.body.items.find((entry: any) => entry.rating.id === anonymous.id);
    expect(item.followUp.state).toBe('replied');
    expect(item.rating.rater).toBeNull();
    expect(JSON.stringify(inbox.body)).not.toContain('alice');
    const audit = await call('GET', `/v1/admin/audit?rating=${anonymous.id}`, ADMIN);
    expect(audit.body.items.map((row: any) => [row.action, row.actor])).toEqual([
      ['follow-up', 'it-ops-lead@example.com'],
      ['reply', 'it-ops-lead@example.com'],
    ]);
    expect((await call('GET', '/v1/admin/audit', IT_OWNER)).status).toBe(403);
  });

  it('moves the follow-up and records each change', async () => {
    for (const state of ['acknowledged', 'resolved']) {
      const answer = await call('PATCH', `/v1/ratings/${low.id}/follow-up`, IT_OWNER, { state });
      expect(answer.status).toBe(200);
      expect(answer.body.followUp.state).toBe(state);
    }
    const rows = await queryRows(server.database, "SELECT detail FROM audit_log WHERE rating_id = ? AND action = 'follow-up' ORDER BY id", low.id);
    expect(rows.map((row) => JSON.parse(row.detail as string).state)).toEqual(['acknowledged', 'resolved']);
    expect(await queryRows(server.database, 'SELECT state FROM follow_ups WHERE rating_id = ?', low.id)).toEqual([{ state: 'resolved' }]);
  });

  it('gives the owner of service A 403 on service B, storing nothing', async () => {
    const before = [await count('replies'), await count('follow_ups'), await count('audit_log')];
    expect((await call('POST', `/v1/ratings/${platform.id}/replies`, IT_OWNER, { text: 'not mine' })).status).toBe(403);
    expect((await call('PATCH', `/v1/ratings/${platform.id}/follow-up`, IT_OWNER, { state: 'resolved' })).status).toBe(403);
    expect((await call('POST', `/v1/ratings/${low.id}/replies`, PLATFORM_OWNER, { text: 'not mine' })).status).toBe(403);
    expect([await count('replies'), await count('follow_ups'), await count('audit_log')]).toEqual(before);
  });

  it.each([
    ['POST', 'replies', { text: '' }, 'text:'],
    ['POST', 'replies', { text: 'x'.repeat(4001) }, 'text:'],
    ['POST', 'replies', {}, 'text:'],
    ['PATCH', 'follow-up', { state: 'closed' }, 'state:'],
    ['PATCH', 'follow-up', [], '(root):'],
  ])('%s %s with %j → 400 naming the field, nothing stored', async (method, path, body, field) => {
    const before = [await count('replies'), await count('follow_ups'), await count('audit_log')];
    const answer = await call(method, `/v1/ratings/${low.id}/${path}`, IT_OWNER, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.startsWith(field)).toBe(true);
    expect([await count('replies'), await count('follow_ups'), await count('audit_log')]).toEqual(before);
  });

  it.each([
    ['/v1/inbox?state=open', 'state:'],
    ['/v1/inbox?maxOverall=9', 'maxOverall:'],
    ['/v1/inbox?cursor=%%%', 'cursor:'],
    ['/v1/inbox?limit=0', 'limit:'],
  ])('GET %s → 400 naming the parameter', async (path, field) => {
    const answer = await call('GET', path, IT_OWNER);
    expect(answer.status).toBe(400);
    expect(answer.body.error.startsWith(field)).toBe(true);
  });

  it('signs admin-token replies as Admin and checks the audit route\'s limit by name', async () => {
    const reply = await call('POST', `/v1/ratings/${platform.id}/replies`, ADMIN, { text: 'On it' });
    expect(reply.body.reply.author).toEqual({ name: 'Admin' });
    const bad = await call('GET', '/v1/admin/audit?limit=0', ADMIN);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^limit:/);
    const fresh = await call('GET', '/v1/inbox?state=new&service=platform', ADMIN);
    expect(fresh.body.items.map((item: any) => item.rating.id)).not.toContain(platform.id);
  });

  it('answers 400 for a malformed id, 404 for an unknown one, and malformed JSON by name', async () => {
    expect((await call('POST', '/v1/ratings/not-a-uuid/replies', IT_OWNER, { text: 'hi' })).body.error).toMatch(/^id:/);
    expect((await call('POST', `/v1/ratings/${makeRating().id}/replies`, IT_OWNER, { text: 'hi' })).status).toBe(404);
    const broken = await fetch(`${server.url}/v1/ratings/${low.id}/replies`, { method: 'POST', headers: bearer(IT_OWNER), body: '{' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/^body:/);
  });
});
