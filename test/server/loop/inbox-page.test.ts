// The Inbox page: person sign-in, own services only, order, escaping, CSRF-checked forms, languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, csrfOf, getPage, INGEST, makeRating, postForm, postRatings, queryRows, signIn as signInAs, startTestServer, type TestServer } from '../helpers';
import { IT_OWNER, PLATFORM_OWNER, loopConfig } from './helpers';

const HOSTILE = '<script>alert("owned")</script>';
let server: TestServer;
const high = makeRating({ serviceId: 'it-helpdesk', overall: 5, comment: 'great', ratedAt: '2026-03-09T09:00:00Z' });
const low = makeRating({ serviceId: 'it-helpdesk', overall: 1, comment: HOSTILE, rater: 'carol', slaMet: false, communication: 2, tags: ['slow'], ratedAt: '2026-03-02T09:00:00Z' });
const anonymous = makeRating({ serviceId: 'it-helpdesk', overall: 2, rater: undefined, ratedAt: '2026-03-03T09:00:00Z' });
const platform = makeRating({ serviceId: 'platform', overall: 1, comment: 'platform only', ratedAt: '2026-03-04T09:00:00Z' });

const signIn = (token: string) => signInAs(server, token);
const page = (cookie: string, path = '/inbox', headers: Record<string, string> = {}) => getPage(server, cookie, path, headers);
const post = (cookie: string, path: string, form: Record<string, string>) => postForm(server, cookie, path, form);

let owner: string;
beforeAll(async () => {
  server = await startTestServer({ config: loopConfig() });
  await postRatings(server, [high, low, anonymous, platform], INGEST);
  owner = await signIn(IT_OWNER);
});
afterAll(async () => {
  await server.dispose();
});

describe('the Inbox page', () => {
  it('signs an owner in to their inbox: own services, low scores first, escaped, a <main>, no requester for anonymous', async () => {
    const { status, text } = await page(owner);
    expect(status).toBe(200);
    expect(text.match(/<main>/g)).toHaveLength(1);
    expect(text).toMatch(/<\/header><main><form class="filters"/);
    expect(text).not.toContain('platform only');
    expect(text).not.toContain(HOSTILE);
    expect(text).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;');
    expect(text.indexOf(low.id)).toBeLessThan(text.indexOf(anonymous.id));
    expect(text.indexOf(anonymous.id)).toBeLessThan(text.indexOf(high.id));
    expect(text).toContain('Requester: carol');
    expect(text).toContain('Requester: anonymous');
    expect(text).toContain('SLA missed');
    expect(text).toContain(`href="${low.ticketUrl}"`);
    expect(text).not.toMatch(/<script/i);
  });

  it('sends owners from / to the inbox and filters by score and date', async () => {
    expect((await page(owner, '/')).location).toBe('/inbox');
    const filtered = await page(owner, '/inbox?maxOverall=2&from=2026-03-03');
    expect(filtered.text).toContain(anonymous.id);
    expect(filtered.text).not.toContain(low.id);
    expect(filtered.text).not.toContain(high.id);
    expect((await page(owner, '/inbox?service=platform')).status).toBe(400);
  });

  it('replies, acknowledges and publishes with the CSRF token; without it nothing is stored', async () => {
    const csrf = csrfOf((await page(owner)).text);
    expect((await post(owner, `/inbox/ratings/${low.id}/reply`, { text: 'Called you back', csrf: 'forged' })).status).toBe(403);
    expect(await queryRows(server.database, 'SELECT COUNT(*) AS n FROM replies')).toEqual([{ n: 0 }]);
    expect((await post(owner, `/inbox/ratings/${low.id}/reply`, { text: 'Called you back', csrf })).status).toBe(303);
    expect((await post(owner, `/inbox/ratings/${anonymous.id}/state`, { state: 'acknowledged', csrf })).status).toBe(303);
    expect((await post(owner, '/inbox/services/it-helpdesk/improvements', { text: 'Callbacks within 1 hour', csrf })).status).toBe(303);
    const after = await page(owner);
    expect(after.text).toContain('Called you back');
    expect(await queryRows(server.database, 'SELECT state FROM follow_ups WHERE rating_id = ?', anonymous.id)).toEqual([{ state: 'acknowledged' }]);
    expect(await queryRows(server.database, 'SELECT text FROM improvements')).toEqual([{ text: 'Callbacks within 1 hour' }]);
  });

  it('refuses another service and bad input with 4xx naming the field, storing nothing', async () => {
    const csrf = csrfOf((await page(owner)).text);
    const before = await queryRows(server.database, 'SELECT (SELECT COUNT(*) FROM replies) + (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM improvements) AS n');
    const other = await post(owner, `/inbox/ratings/${platform.id}/reply`, { text: 'not mine', csrf });
    expect(other.status).toBe(403);
    expect((await post(owner, '/inbox/services/platform/improvements', { text: 'not mine', csrf })).status).toBe(403);
    const empty = await post(owner, `/inbox/ratings/${low.id}/reply`, { text: '', csrf });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('text: must not be empty');
    expect((await post(owner, `/inbox/ratings/${low.id}/state`, { state: 'closed', csrf })).status).toBe(400);
    expect(await queryRows(server.database, 'SELECT (SELECT COUNT(*) FROM replies) + (SELECT COUNT(*) FROM audit_log) + (SELECT COUNT(*) FROM improvements) AS n')).toEqual(before);
  });

  it('speaks Chinese, shows admins every service, and sends visitors without a session to the sign-in', async () => {
    const zh = await page(owner, '/inbox', { 'Accept-Language': 'zh-CN' });
    expect(zh.text).toContain('反馈收件箱');
    const admin = await signIn(ADMIN);
    expect((await page(admin)).text).toContain('platform only');
    const other = await signIn(PLATFORM_OWNER);
    expect((await page(other)).text).not.toContain(low.id);
    expect((await page('', '/inbox')).location).toBe('/');
  });
});
