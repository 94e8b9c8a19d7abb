// POST /v1/health/detection on the real server and engine (SQLite file or PostgreSQL): off unless
// the config file allows it, per-field errors that store nothing, idempotent resends that never
// count twice or shrink a count, durable across a restart, shown to admins on the Catalogue page.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../server/config/server-config';
import { ADMIN, bearer, exampleConfig, INGEST, type TestServer } from '../helpers';
import { healthSection as catalogueRows, startHealthServers } from './helpers';

let server: TestServer;
let closed: TestServer;
beforeAll(async () => {
  ({ collecting: server, closed } = await startHealthServers());
});
afterAll(async () => Promise.all([server.dispose(), closed.dispose()]));

const today = new Date().toISOString().slice(0, 10);
const send = (target: { url: string }, body: unknown, token = INGEST, headers: Record<string, string> = {}) =>
  fetch(`${target.url}/v1/health/detection`, { method: 'POST', headers: bearer(token, headers), body: JSON.stringify(body) });
const row = (change: Record<string, unknown> = {}) => ({ installId: randomUUID(), day: today, tracker: 'gitlab', title: 0, status: 3, emptyChains: { state: 3, statusAnchor: 3 }, ...change });

describe('collectDetectionHealth', () => {
  it('is a boolean of the config file, false by default, named when wrong', () => {
    expect(parseConfig(exampleConfig(), 'test').collectDetectionHealth).toBe(false);
    expect(() => parseConfig({ ...exampleConfig(), collectDetectionHealth: 'yes' }, 'test')).toThrow(ConfigError);
    try {
      parseConfig({ ...exampleConfig(), collectDetectionHealth: 'yes' }, 'test');
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^collectDetectionHealth: /)]);
    }
  });

  it('is not part of the admins\' catalogue: a catalogue that sets it is refused, naming it', async () => {
    const headers = bearer(ADMIN);
    const current = (await (await fetch(`${closed.url}/v1/admin/catalogue`, { headers })).json()) as { version: number; catalogue: Record<string, unknown> };
    expect(current.catalogue).not.toHaveProperty('collectDetectionHealth');
    const saved = await fetch(`${closed.url}/v1/admin/catalogue`, { method: 'PUT', headers, body: JSON.stringify({ catalogue: { ...current.catalogue, collectDetectionHealth: true }, basedOn: current.version }) });
    expect(saved.status).toBe(400);
    expect(JSON.stringify(await saved.json())).toContain('collectDetectionHealth');
  });
});

describe('POST /v1/health/detection', () => {
  it('is off by default: /v1/config says so, the route refuses and the page says how to turn it on', async () => {
    const config = (await (await fetch(`${closed.url}/v1/config`, { headers: bearer(INGEST) })).json()) as { collectDetectionHealth: boolean };
    expect(config.collectDetectionHealth).toBe(false);
    const refused = await send(closed, { items: [row()] });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^collectDetectionHealth:/);
    const section = await catalogueRows(closed);
    expect(section).toContain('collectDetectionHealth');
    expect(section).toContain('No misses reported.');
  });

  it('needs a token, JSON and well-formed items; each problem names its field and nothing is stored', async () => {
    expect((await fetch(`${server.url}/v1/health/detection`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await send(server, { items: [row()] }, ADMIN)).status).toBe(403);
    const notJson = await fetch(`${server.url}/v1/health/detection`, { method: 'POST', headers: { Authorization: `Bearer ${INGEST}`, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(notJson.status).toBe(415);
    const bad = await send(server, {
      items: [row({ installId: 'nope' }), row({ tracker: 'trello' }), row({ status: -1 }), row({ emptyChains: { '<img>': 1 } }), row({ version: 'a b' }), row({ url: 'https://gitlab.example/secret' })],
    });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: string };
    for (const field of ['items[0].installId', 'items[1].tracker', 'items[2].status', 'items[3].emptyChains', 'items[4].version']) expect(error).toContain(field);
    const old = await send(server, { items: [row(), row({ day: '2020-01-01' })] });
    expect(old.status).toBe(400);
    expect(((await old.json()) as { error: string }).error).toMatch(/^items\[1\]\.day: must be between/);
    expect((await send(server, { items: [] })).status).toBe(400);
    expect(await catalogueRows(server)).toContain('No misses reported.');
  });

  it('stores once per install-day id, day and tracker: a resend replaces, a late smaller copy never shrinks it', async () => {
    const installId = randomUUID();
    const first = row({ installId, status: 2, emptyChains: { state: 2 } });
    expect(await (await send(server, { items: [first] })).json()).toEqual({ stored: 1 });
    expect((await send(server, { items: [first] })).status).toBe(200);
    const grown = { ...first, status: 5, emptyChains: { state: 5, statusAnchor: 1 }, version: '17.6.1' };
    expect((await send(server, { items: [grown] })).status).toBe(200);
    expect((await send(server, { items: [first] })).status).toBe(200);
    const other = row({ tracker: 'github', status: 1, title: 1, emptyChains: { state: 1 } });
    expect((await send(server, { items: [other, row({ installId: randomUUID(), status: 1, emptyChains: { state: 1 } })] })).status).toBe(200);

    const restarted = await server.restart();
    server = restarted;
    const section = await catalogueRows(server);
    const gitlab = section.match(/<tr><td><time[^>]*>[^<]*<\/time><\/td><td>GitLab<\/td>([\s\S]*?)<\/tr>/)![1]!;
    // 5 (grown, not 5 + 2 + 2) + 1 from the second browser; two browsers; the chains summed; the version.
    expect(gitlab).toMatch(/^<td>6<\/td><td>0<\/td>/);
    expect(gitlab).toContain('<code>state</code> (6), <code>statusAnchor</code> (1)');
    expect(gitlab).toContain('<td>2</td><td>17.6.1</td>');
    expect(section).toMatch(/<td>GitHub<\/td><td>1<\/td><td>1<\/td>/);
  });
});
