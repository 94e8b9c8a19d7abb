// Health, config + ETag, authentication, CORS, rate limit and persistence across restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteConfig } from '../../../utils/contracts/schema';
import { ADMIN, INGEST, bearer, exampleConfig, makeRating, postRatings, startTestServer, type TestServer } from '../helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.dispose();
});

describe('GET /v1/health', () => {
  it('answers without a token', async () => {
    const response = await fetch(`${server.url}/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });
});

describe('GET /v1/config', () => {
  it('hands out the RemoteConfig without tokens or server settings', async () => {
    const response = await fetch(`${server.url}/v1/config`, { headers: bearer(INGEST) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    const config = RemoteConfig.parse(body);
    expect(config.services.map((service) => service.id)).toEqual(['it-helpdesk', 'platform', 'data-access', 'security-review']);
    expect(config.policies.map((policy) => policy.id)).toEqual(['standard-cn', 'standard-us']);
    expect(Object.keys(body)).not.toContain('tokens');
    expect(Object.keys(body)).not.toContain('rateLimit');
    expect(JSON.stringify(body)).not.toContain(INGEST);
    expect(JSON.stringify(body)).not.toContain(ADMIN);
  });

  it('sends a strong ETag and answers 304 when it matches', async () => {
    const first = await fetch(`${server.url}/v1/config`, { headers: bearer(INGEST) });
    const etag = first.headers.get('ETag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${server.url}/v1/config`, { headers: bearer(INGEST, { 'If-None-Match': etag }) });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('ETag')).toBe(etag);
    const listed = await fetch(`${server.url}/v1/config`, { headers: bearer(ADMIN, { 'If-None-Match': `"old", W/${etag}` }) });
    expect(listed.status).toBe(304);
    const stale = await fetch(`${server.url}/v1/config`, { headers: bearer(INGEST, { 'If-None-Match': '"old"' }) });
    expect(stale.status).toBe(200);
  });
});

describe('authentication', () => {
  it.each<[string, string, Record<string, string>, number]>([
    ['config without a token → 401', '/v1/config', {}, 401],
    ['config with a wrong token → 401', '/v1/config', { Authorization: 'Bearer not-a-known-token-at-all' }, 401],
    ['config with Basic auth → 401', '/v1/config', { Authorization: `Basic ${btoa(`x:${INGEST}`)}` }, 401],
    ['report without a token → 401', '/v1/report', {}, 401],
    ['report with a wrong token → 401', '/v1/report', { Authorization: 'Bearer not-a-known-token-at-all' }, 401],
    ['report with the ingest token → 403', '/v1/report', { Authorization: `Bearer ${INGEST}` }, 403],
    ['CSV with the ingest token → 403', '/v1/ratings.csv', { Authorization: `Bearer ${INGEST}` }, 403],
    ['report with the admin token → 200', '/v1/report', { Authorization: `Bearer ${ADMIN}` }, 200],
  ])('%s', async (_label, path, headers, status) => {
    const response = await fetch(`${server.url}${path}`, { headers });
    expect(response.status).toBe(status);
    if (status === 401) {
      expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
      expect(((await response.json()) as { error: string }).error).toMatch(/^authorization: /);
    }
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'wrong-token-wrong-token'],
  ])('POST /v1/ratings with %s → 401 and nothing stored', async (_label, token) => {
    const rating = makeRating();
    const response = await fetch(`${server.url}/v1/ratings`, {
      method: 'POST',
      headers: token ? bearer(token) : { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ratings: [rating] }),
    });
    expect(response.status).toBe(401);
    const check = await postRatings(server, [rating]);
    expect(await check.json()).toMatchObject({ accepted: 1 });
  });

  it('answers unknown routes with JSON 404', async () => {
    const response = await fetch(`${server.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toMatch(/^route: /);
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${server.url}/v1/ratings`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });

  it.each([
    'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    'moz-extension://2f1c7a3e-8d6b-4b7e-9f0a-1c2d3e4f5a6b',
    'safari-web-extension://2F1C7A3E-8D6B-4B7E-9F0A-1C2D3E4F5A6B',
    'https://portal.example.com',
  ])('allows %s (preflight and request)', async (origin) => {
    const response = await preflight(origin);
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(origin);
    expect(response.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('authorization');
    const actual = await fetch(`${server.url}/v1/config`, { headers: bearer(INGEST, { Origin: origin }) });
    expect(actual.headers.get('Access-Control-Allow-Origin')).toBe(origin);
  });

  it.each(['https://evil.example', 'http://portal.example.com', 'chrome-extension://abc/path', 'null'])('denies %s', async (origin) => {
    const response = await preflight(origin);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const actual = await fetch(`${server.url}/v1/config`, { headers: bearer(INGEST, { Origin: origin }) });
    expect(actual.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('rate limit and persistence (own servers)', () => {
  it('answers 429 with Retry-After once a token has used its budget', async () => {
    const limited = await startTestServer({ env: { SERVICE_FEEDBACK_RATE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        statuses.push((await fetch(`${limited.url}/v1/config`, { headers: bearer(INGEST) })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await fetch(`${limited.url}/v1/config`, { headers: bearer(INGEST) });
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
      // Another token has its own bucket.
      expect((await fetch(`${limited.url}/v1/report`, { headers: bearer(ADMIN) })).status).toBe(200);
    } finally {
      await limited.dispose();
    }
  });

  it('counts failed attempts per address, never locking out a valid credential from it', async () => {
    const own = await startTestServer();
    try {
      const statuses = new Map<number, number>();
      const wrong = { ...bearer('wrong-token-guess-000000') };
      const started = performance.now();
      for (let attempt = 0; attempt < 700; attempt += 50) {
        const answers = await Promise.all(
          Array.from({ length: 50 }, () => fetch(`${own.url}/v1/config`, { headers: wrong }).then((response) => response.status)),
        );
        for (const status of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      // 600 failures a minute (plus the 10 a second that refill while they run) are answered 401, the rest 429.
      const refilled = Math.ceil(((performance.now() - started) / 1000) * 10);
      expect(statuses.get(401)).toBeGreaterThanOrEqual(600);
      expect(statuses.get(401)).toBeLessThanOrEqual(600 + refilled);
      if (refilled < 100) expect(statuses.get(429)).toBeGreaterThanOrEqual(100 - refilled);
      expect((statuses.get(401) ?? 0) + (statuses.get(429) ?? 0)).toBe(700);
      const wrongLogin = await fetch(`${own.url}/login`, { method: 'POST', body: new URLSearchParams({ token: 'still-wrong-000000000' }), redirect: 'manual' });
      expect([401, 429]).toContain(wrongLogin.status); // 401 only if the budget refilled a little meanwhile

      // The same address with the right credentials: the admin signs in, the extension syncs.
      const signIn = await fetch(`${own.url}/login`, { method: 'POST', body: new URLSearchParams({ token: ADMIN }), redirect: 'manual' });
      expect(signIn.status).toBe(303);
      expect(signIn.headers.get('Set-Cookie')).toMatch(/HttpOnly/i);
      expect((await fetch(`${own.url}/v1/report`, { headers: bearer(ADMIN) })).status).toBe(200);
      expect((await postRatings(own, [makeRating()])).status).toBe(200);
    } finally {
      await own.dispose();
    }
  });

  it('never spends the failure budget on successful requests', async () => {
    const own = await startTestServer({ env: { SERVICE_FEEDBACK_RATE_LIMIT: '5' } });
    try {
      for (let attempt = 0; attempt < 4; attempt++) {
        await fetch(`${own.url}/login`, { method: 'POST', body: new URLSearchParams({ token: ADMIN }), redirect: 'manual' });
      }
      const failures = [];
      for (let attempt = 0; attempt < 5; attempt++) failures.push((await fetch(`${own.url}/v1/config`, { headers: bearer('nope-nope-nope-nope-1') })).status);
      expect(failures).toEqual([401, 401, 401, 401, 401]);
    } finally {
      await own.dispose();
    }
  });

  it('keeps every row across a restart on the same file', async () => {
    let own = await startTestServer({ config: exampleConfig() });
    try {
      const batch = Array.from({ length: 250 }, (_, index) => makeRating({ overall: (index % 5) + 1 }));
      expect(await (await postRatings(own, batch)).json()).toMatchObject({ accepted: 250 });
      own = await own.restart();
      const report = (await (await fetch(`${own.url}/v1/report`, { headers: bearer(ADMIN) })).json()) as {
        services: { serviceId: string; count: number; mean: number }[];
      };
      expect(report.services.find((service) => service.serviceId === 'it-helpdesk')).toMatchObject({ count: 250, mean: 3 });
      expect(await (await postRatings(own, batch)).json()).toEqual({ accepted: 0, duplicates: 250, rejected: [] });
    } finally {
      await own.dispose();
    }
  });
});
