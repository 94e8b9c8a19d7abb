import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start';
import { testConnection } from '../../platform/connection-test';
import { closedPortUrl, DEMO_TOKEN, EXAMPLE_CONFIG, startUntrustedHttpsBackend, useLoopbackBackend } from '../entrypoints/options/loopback-backend';

describe('testConnection against a real loopback server', () => {
  const loopback = useLoopbackBackend();

  it('OK: counts the services, sends the token only to /v1/config', async () => {
    const outcome = await testConnection(loopback().url, DEMO_TOKEN);
    expect(outcome).toEqual({ kind: 'ok', services: EXAMPLE_CONFIG.services.length, policies: expect.any(Number), trackers: expect.any(Number) });
    expect(loopback().requests).toEqual([{ path: '/v1/health' }, { path: '/v1/config', authorization: `Bearer ${DEMO_TOKEN}` }]);
  });

  it.each([['wrong-token'], [undefined]])('401 with token %s', async (token) => {
    expect(await testConnection(loopback().url, token)).toEqual({ kind: 'unauthorized', status: 401 });
  });

  it('config invalid: names the field', async () => {
    loopback().config = { services: [{ id: 'x', name: 'X' }], policies: [{ id: 'p', name: 'P', calendarId: 'c', goals: {}, atRisk: 3 }] };
    const outcome = await testConnection(loopback().url, DEMO_TOKEN);
    expect(outcome).toMatchObject({ kind: 'config-invalid', problems: [{ path: 'policies.0.atRisk' }] });
  });

  it('timeout', async () => {
    loopback().delayMs = 1000;
    expect(await testConnection(loopback().url, DEMO_TOKEN, { timeoutMs: 100 })).toEqual({ kind: 'timeout', seconds: 0 });
  });

  it('not a backend: health answers 404 under a wrong prefix', async () => {
    expect(await testConnection(`${loopback().url}/wrong`, DEMO_TOKEN)).toEqual({ kind: 'not-a-backend', status: 404 });
  });

  it('unreachable: nothing listens', async () => {
    const outcome = await testConnection(await closedPortUrl(), DEMO_TOKEN);
    expect(outcome).toMatchObject({ kind: 'unreachable', maybeTls: false, detail: expect.stringContaining('ECONNREFUSED') });
  });

  it('TLS: an untrusted certificate', async () => {
    const https = await startUntrustedHttpsBackend();
    try {
      expect(await testConnection(https.url, DEMO_TOKEN)).toMatchObject({ kind: 'tls', detail: expect.stringMatching(/SELF_SIGNED|CERT/) });
    } finally {
      await https.close();
    }
  });

  it.each([['not a url'], ['ftp://files.example.com']])('invalid URL %s', async (url) => {
    expect(await testConnection(url, DEMO_TOKEN)).toEqual({ kind: 'invalid-url' });
  });
});

describe('testConnection against the real backend (server/start.ts)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-options-backend-'));
    server = await startServer({ port: 0, databasePath: join(dir, 'feedback.db'), configPath: 'config/example.json', env: {} });
  });
  afterAll(() => server.close());

  it('OK with the demo ingest token, counting the example services', async () => {
    expect(await testConnection(server.url, DEMO_TOKEN)).toMatchObject({ kind: 'ok', services: EXAMPLE_CONFIG.services.length, policies: EXAMPLE_CONFIG.policies.length });
  });

  it('401 with a wrong token', async () => {
    expect(await testConnection(server.url, 'not-a-token')).toEqual({ kind: 'unauthorized', status: 401 });
  });
});
