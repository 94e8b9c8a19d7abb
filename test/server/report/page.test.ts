// The report page: login flow with an HttpOnly cookie, escaping of page-provided values, CSP, languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, INGEST, makeRating, postRatings, startTestServer, type TestServer } from '../helpers';

const HOSTILE_COMMENT = '<script>alert("owned")</script> & <img src=x onerror=alert(1)>';

let server: TestServer;
let cookie: string;

async function login(token: string): Promise<Response> {
  return fetch(`${server.url}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
}

beforeAll(async () => {
  server = await startTestServer();
  await postRatings(server, [
    makeRating({ serviceId: 'it-helpdesk', overall: 5, slaMet: true, comment: 'Fixed my laptop within an hour', ratedAt: '2026-03-02T09:00:00Z' }),
    makeRating({ serviceId: 'it-helpdesk', overall: 2, slaMet: false, comment: HOSTILE_COMMENT, ratedAt: '2026-03-10T09:00:00Z', ticketUrl: 'https://acme.atlassian.net/browse/IT-9?q="><script>alert(1)</script>' }),
    makeRating({ serviceId: '"><svg onload=alert(1)>', overall: 3, ratedAt: '2026-03-10T10:00:00Z', comment: 'odd service id' }),
  ]);
  const response = await login(ADMIN);
  cookie = response.headers.get('Set-Cookie')!.split(';')[0]!;
});
afterAll(async () => {
  await server.dispose();
});

const getPage = (path = '/', headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers: { Cookie: cookie, ...headers } });

describe('login flow', () => {
  it('shows the login form (and no report data) without a session', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<form method="post" action="/login">');
    expect(page).toContain('type="password" name="token"');
    expect(page).not.toContain('Fixed my laptop');
  });

  it('puts the sign-in form in one <main> landmark (axe: landmark-one-main, region)', async () => {
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page.match(/<main>/g)).toHaveLength(1);
    expect(page).toMatch(/<body><main><h1>[^<]+<\/h1>\s*<form method="post" action="\/login">[\s\S]*<\/form><\/main><\/body>/);
  });

  it.each([
    ['the ingest token', INGEST],
    ['a wrong token', 'not-the-admin-token'],
    ['an empty token', ''],
  ])('refuses %s with 401, an error message and no cookie', async (_label, token) => {
    const response = await login(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('Set-Cookie')).toBeNull();
    expect(await response.text()).toContain('That token is neither the admin token nor a personal token.');
  });

  it('sets an HttpOnly SameSite=Strict session cookie that does not contain the token', async () => {
    const response = await login(ADMIN);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/');
    const setCookie = response.headers.get('Set-Cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toContain(ADMIN);
  });

  it('lets the session read the report API but not write ratings', async () => {
    expect((await getPage('/v1/report')).status).toBe(200);
    const post = await fetch(`${server.url}/v1/ratings`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ratings: [makeRating()] }),
    });
    expect(post.status).toBe(401);
  });

  it('rejects a forged or tampered cookie', async () => {
    const [name, value] = cookie.split('=') as [string, string];
    const [, id, signature] = value.split('.');
    for (const forged of [`${Date.now() + 3_600_000}.${id}.${signature}`, `${value.slice(0, -2)}AA`, ADMIN, '']) {
      const response = await fetch(`${server.url}/`, { headers: { Cookie: `${name}=${forged}` } });
      expect(await response.text()).toContain('action="/login"');
    }
  });

  it('signs out: clears the cookie and the old value stops working', async () => {
    const session = (await login(ADMIN)).headers.get('Set-Cookie')!.split(';')[0]!;
    expect((await fetch(`${server.url}/v1/report`, { headers: { Cookie: session } })).status).toBe(200);
    const response = await fetch(`${server.url}/logout`, { method: 'POST', headers: { Cookie: session }, redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('Set-Cookie')).toMatch(/Max-Age=0/);
    expect((await fetch(`${server.url}/v1/report`, { headers: { Cookie: session } })).status).toBe(401);
    expect(await (await fetch(`${server.url}/`, { headers: { Cookie: session } })).text()).toContain('action="/login"');
    expect((await getPage('/v1/report')).status).toBe(200);
  });
});

describe('report page', () => {
  it('shows per-service CSAT and SLA met % and draws weekly trend charts as inline SVG', async () => {
    const response = await getPage();
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('IT Help Desk');
    expect(page).toMatch(/<td>IT Help Desk<\/td><td>2<\/td><td>3\.50<\/td>\s*<td>50\.0%<\/td><td>50\.0%<\/td>/);
    expect(page).toContain('<svg');
    expect(page).toContain('Week of 2026-03-02: 1 ratings, CSAT 100.0%');
    expect(page).toContain('Fixed my laptop within an hour');
  });

  it('has the title bar as banner and everything else in one <main>', async () => {
    const page = await (await getPage()).text();
    expect(page.match(/<main>/g)).toHaveLength(1);
    expect(page).toMatch(/<body><header><h1>[^<]+<\/h1>[\s\S]*<\/header><main><form class="filters"[\s\S]*<\/main><\/body>/);
  });

  it('escapes a hostile comment, service id and ticket URL', async () => {
    const page = await (await getPage()).text();
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<svg onload');
    expect(page).not.toContain('javascript:');
    expect(page).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
  });

  it('sends security headers: a CSP without inline scripts, no framing, no caching', async () => {
    const response = await getPage();
    const csp = response.headers.get('Content-Security-Policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = csp.match(/'nonce-([^']+)'/)![1]!;
    expect(await response.text()).toContain(`<style nonce="${nonce}">`);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('applies the filter form and keeps the chosen values', async () => {
    const page = await (await getPage('/?service=it-helpdesk&from=2026-03-09')).text();
    expect(page).toContain('<option value="it-helpdesk" selected>');
    expect(page).toContain('value="2026-03-09"');
    expect(page).not.toContain('Fixed my laptop');
    expect(page).toContain('href="/v1/ratings.csv?service=it-helpdesk&amp;from=2026-03-09"');
  });

  it('explains a bad filter with 400, naming the parameter', async () => {
    const response = await getPage('/?from=someday');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Filter not applied: from: must be a date');
  });

  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', '服务反馈报告', 'zh-CN'],
    ['en-US,en;q=0.9', 'Service feedback report', 'en'],
    ['fr-FR, zh;q=0.5', '服务反馈报告', 'zh-CN'],
    ['de-DE', 'Service feedback report', 'en'],
  ])('Accept-Language %s → %s', async (acceptLanguage, title, lang) => {
    const page = await (await getPage('/', { 'Accept-Language': acceptLanguage })).text();
    expect(page).toContain(`<title>${title}</title>`);
    expect(page).toContain(`<html lang="${lang}">`);
  });
});
