// Sessions in the database and ratings people can trust, without an IdP: token sign-in's sessions
// (idle and absolute limits, sign-out across restarts) and the spoofing case of issue 15.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, INGEST, bearer, makeRating, postRatings, queryRows, startTestServer, writeRows, type TestServer } from '../helpers';

const RAE = 'demo-requester-token'; // requester@example.com in config/example.json
const OWNER = 'demo-owner-it-helpdesk';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

async function signIn(token: string): Promise<string> {
  const response = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ token }), redirect: 'manual' });
  expect(response.status).toBe(303);
  return response.headers.get('Set-Cookie')!.split(';')[0]!;
}
const inboxStatus = async (cookie: string) => (await fetch(`${server.url}/inbox`, { headers: { Cookie: cookie }, redirect: 'manual' })).status;
const write = (sql: string, ...params: unknown[]) => writeRows(server.database, sql, ...params);

describe('sessions in the database', () => {
  it('keeps a session across a restart, and a signed-out one stays signed out after a restart', async () => {
    const kept = await signIn(OWNER);
    const ended = await signIn(OWNER);
    expect(await inboxStatus(ended)).toBe(200);
    await fetch(`${server.url}/logout`, { method: 'POST', headers: { Cookie: ended }, redirect: 'manual' });
    const fresh = await signIn(OWNER);
    server = await server.restart();
    expect(await inboxStatus(kept)).toBe(303); // a person's sign-out ended every session of theirs
    expect(await inboxStatus(ended)).toBe(303);
    expect(await inboxStatus(fresh)).toBe(200);
  });

  it('ends a session after 8 hours without a request, and 7 days after sign-in whatever the activity', async () => {
    const idle = await signIn(OWNER);
    const old = await signIn(ADMIN);
    const stored = await queryRows(server.database, 'SELECT id_hash, subject, created_at FROM auth_sessions ORDER BY created_at DESC LIMIT 2');
    const hours = (n: number) => Date.now() - n * 3600_000;
    await write('UPDATE auth_sessions SET last_seen_at = ? WHERE id_hash = ?', hours(8.01), stored.find((row) => row.subject !== 'admin')!.id_hash);
    await write('UPDATE auth_sessions SET expires_at = ? WHERE id_hash = ?', hours(0.01), stored.find((row) => row.subject === 'admin')!.id_hash);
    expect(await inboxStatus(idle)).toBe(303);
    expect((await fetch(`${server.url}/v1/report`, { headers: { Cookie: old } })).status).toBe(401);
    // An ended session is deleted, not just refused.
    expect(await queryRows(server.database, 'SELECT COUNT(*) AS n FROM auth_sessions WHERE id_hash IN (?, ?)', stored[0]!.id_hash, stored[1]!.id_hash)).toEqual([{ n: 0 }]);
  });

  it('stores only a digest of the cookie', async () => {
    const cookie = await signIn(ADMIN);
    const value = cookie.split('=')[1]!;
    const rows = await queryRows(server.database, 'SELECT id_hash FROM auth_sessions');
    expect(JSON.stringify(rows)).not.toContain(value);
  });
});

describe('ratings people can trust', () => {
  it('the spoofing case: a rating "from" someone through another token no longer replaces theirs', async () => {
    const original = makeRating({ rater: 'requester@example.com', overall: 5, comment: 'Great help' });
    expect((await (await postRatings(server, [original], RAE)).json()).accepted).toBe(1);
    const spoof = { ...original, ratedAt: '2026-03-05T09:00:00.000Z', overall: 1, comment: 'Terrible (not really Rae)' };
    for (const token of [INGEST, OWNER, ADMIN]) {
      const answer = await (await postRatings(server, [spoof], token)).json();
      expect(answer.rejected).toEqual([{ id: original.id, error: 'id: already used by a rating from another rater' }]);
    }
    expect(await queryRows(server.database, 'SELECT rater, overall, comment, verified FROM ratings WHERE id = ?', original.id)).toEqual([
      { rater: 'requester@example.com', overall: 5, comment: 'Great help', verified: 1 },
    ]);
    // Rae herself can edit it.
    const edit = await (await postRatings(server, [{ ...spoof, comment: 'Still great' }], RAE)).json();
    expect(edit.accepted).toBe(1);
  });

  it("an anonymous rating from a person can be edited by no one else, and shows no identity", async () => {
    const anonymous = makeRating({ rater: undefined, overall: 2, comment: 'slow' });
    expect((await (await postRatings(server, [anonymous], RAE)).json()).accepted).toBe(1);
    const hijack = { ...anonymous, ratedAt: '2026-03-05T09:00:00.000Z', comment: 'changed' };
    expect((await (await postRatings(server, [hijack], INGEST)).json()).rejected).toHaveLength(1);
    expect((await (await postRatings(server, [hijack], OWNER)).json()).rejected).toHaveLength(1);
    const csv = await (await fetch(`${server.url}/v1/ratings.csv`, { headers: bearer(ADMIN) })).text();
    const line = csv.split('\r\n').find((row) => row.startsWith(anonymous.id))!;
    expect(line).toContain('slow');
    expect(line).not.toContain('requester');
    expect(line.endsWith(',true')).toBe(true);
  });

  it('marks ratings through a shared token unverified in the report and the CSV', async () => {
    const shared = makeRating({ rater: 'someone', comment: 'via the shared token', ratedAt: new Date().toISOString() });
    expect((await (await postRatings(server, [shared], INGEST)).json()).accepted).toBe(1);
    const csv = await (await fetch(`${server.url}/v1/ratings.csv`, { headers: bearer(ADMIN) })).text();
    expect(csv.split('\r\n')[0]!.endsWith(',verified')).toBe(true);
    expect(csv.split('\r\n').find((row) => row.startsWith(shared.id))!.endsWith(',false')).toBe(true);
    const cookie = await signIn(ADMIN);
    const page = await (await fetch(`${server.url}/`, { headers: { Cookie: cookie } })).text();
    expect(page).toMatch(/via the shared token|unverified \(shared token\)/);
    expect(page).toContain('unverified (shared token)');
  });
});
