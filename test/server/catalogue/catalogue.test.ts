// The catalogue edited by admins: versions with who/when/diff, per-field errors that change nothing,
// /v1/config serving the newest version (also on a second instance), going back, and the web page.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteConfig } from '../../../utils/contracts/schema';
import { startServer } from '../../../server/start';
import { ADMIN, INGEST, bearer, csrfOf, getPage, makeRating, postForm, postRatings, signIn as signInAs, startTestServer, type TestServer } from '../helpers';
import { IT_OWNER, PLATFORM_OWNER, loopConfig } from '../loop/helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    config: { ...loopConfig(), services: (loopConfig().services as Record<string, unknown>[]).map((service) => (service.id === 'platform' ? { ...service, notify: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'file-only-secret' }] } : service)) },
  });
});
afterAll(async () => {
  await server.dispose();
});

type CatalogueAnswer = { version: number; catalogue: { services: { id: string; name: string; owners: string[] }[]; calendars: { id: string; holidayYears?: number[] }[] }; versions: { version: number; actor: string; note: string | null }[] };
const api = (path: string, init: RequestInit = {}, token = ADMIN) => fetch(`${server.url}/v1/admin/catalogue${path}`, { ...init, headers: bearer(token) });
const current = async () => (await (await api('')).json()) as CatalogueAnswer;
const save = (catalogue: unknown, basedOn: number, note?: string) => api('', { method: 'PUT', body: JSON.stringify({ catalogue, basedOn, note }) });
const servedConfig = async (url = server.url) => RemoteConfig.parse(await (await fetch(`${url}/v1/config`, { headers: bearer(INGEST) })).json());

function renamed(catalogue: CatalogueAnswer['catalogue'], id: string, name: string) {
  return { ...catalogue, services: catalogue.services.map((service) => (service.id === id ? { ...service, name } : service)) };
}

describe('the catalogue API', () => {
  it('starts with version 1 seeded from the config file, without chat targets or their secrets', async () => {
    const answer = await current();
    expect(answer.version).toBe(1);
    expect(answer.versions).toEqual([expect.objectContaining({ version: 1, actor: 'config file' })]);
    expect(answer.catalogue.services.map((service) => service.id)).toEqual(['it-helpdesk', 'platform', 'data-access', 'security-review']);
    expect(JSON.stringify(answer)).not.toContain('file-only-secret');
    expect(JSON.stringify(answer)).not.toContain('notify');
  });

  it('is for admins only', async () => {
    expect((await api('', {}, IT_OWNER)).status).toBe(403);
    expect((await api('', {}, INGEST)).status).toBe(403);
  });

  it('refuses a bad catalogue with a message per field and stores nothing', async () => {
    const { catalogue } = await current();
    const bad = { ...catalogue, services: catalogue.services.map((service, index) => (index === 1 ? { ...service, policyId: 'no-such-policy', notify: [] } : service)) };
    const response = await save(bad, 1);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; problems: string[] };
    expect(body.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^catalogue\.services\[1\]: .*notify/), expect.stringMatching(/^catalogue\.services\[1\]\.policyId: .*no-such-policy/)]));
    expect(body.error).toBe(body.problems[0]);
    expect((await current()).version).toBe(1);
    expect((await save({ ...catalogue, ratingWindowDays: 0 }, 1)).status).toBe(400);
    expect((await api('', { method: 'PUT', body: JSON.stringify({ catalogue }) })).status).toBe(400);
    expect((await current()).version).toBe(1);
  });

  it('saves a new version with who, when, a note and a diff; /v1/config serves it with a new ETag', async () => {
    const before = await fetch(`${server.url}/v1/config`, { headers: bearer(INGEST) });
    const { catalogue } = await current();
    const response = await save(renamed(catalogue, 'it-helpdesk', 'IT Service Desk'), 1, 'New name after the reorganisation');
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ version: 2, diff: ['~ services it-helpdesk: name'] });
    const after = await fetch(`${server.url}/v1/config`, { headers: bearer(INGEST) });
    expect(after.headers.get('ETag')).not.toBe(before.headers.get('ETag'));
    expect(RemoteConfig.parse(await after.json()).services[0]!.name).toBe('IT Service Desk');
    const answer = await current();
    expect(answer.versions[0]).toMatchObject({ version: 2, actor: 'admin-token', note: 'New name after the reorganisation' });
    const version = (await (await api('/versions/2')).json()) as { diff: string[] };
    expect(version.diff).toEqual(['~ services it-helpdesk: name']);
  });

  it('answers 409 when the version edited is no longer the newest, and keeps the newest', async () => {
    const { catalogue } = await current();
    const response = await save(renamed(catalogue, 'platform', 'Stale edit'), 1);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toMatch(/^basedOn: /);
    expect((await current()).version).toBe(2);
  });

  it('keeps chat targets from the file when the catalogue changes', async () => {
    const { catalogue } = await current();
    expect((await save(renamed(catalogue, 'platform', 'Platform Engineering'), 2)).status).toBe(201);
    // A low rating of platform still queues a delivery to the file's webhook.
    await postRatings(server, [makeRating({ serviceId: 'platform', overall: 1 })]);
    const deliveries = (await (await fetch(`${server.url}/v1/admin/deliveries`, { headers: bearer(ADMIN) })).json()) as { deliveries: { serviceId: string }[] };
    expect(deliveries.deliveries.some((delivery) => delivery.serviceId === 'platform')).toBe(true);
  });

  it('gives owners their rights from the newest version', async () => {
    const { catalogue, version } = await current();
    expect((await fetch(`${server.url}/v1/inbox?service=data-access`, { headers: bearer(PLATFORM_OWNER) })).status).toBe(403);
    const withOwner = { ...catalogue, services: catalogue.services.map((service) => (service.id === 'data-access' ? { ...service, owners: [...service.owners, 'platform-lead@example.com'] } : service)) };
    expect((await save(withOwner, version)).status).toBe(201);
    expect((await fetch(`${server.url}/v1/inbox?service=data-access`, { headers: bearer(PLATFORM_OWNER) })).status).toBe(200);
  });

  it('goes back to an earlier version by saving it again as the newest', async () => {
    const { version } = await current();
    const response = await api('/versions/1/restore', { method: 'POST', body: JSON.stringify({ basedOn: version }) });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { version: number }).version).toBe(version + 1);
    expect((await servedConfig()).services.map((service) => service.name)).toContain('IT Help Desk');
    expect((await current()).versions[0]).toMatchObject({ note: 'back to version 1' });
    expect((await api('/versions/99/restore', { method: 'POST', body: JSON.stringify({ basedOn: version + 1 }) })).status).toBe(404);
  });

  it('previews how many recent rated tickets each service matches, without saving', async () => {
    await postRatings(server, [makeRating({ serviceId: 'it-helpdesk', ticketKey: 'IT-7', ticketUrl: 'https://acme.atlassian.net/browse/IT-7' })]);
    const { catalogue, version } = await current();
    const response = await api('/check', { method: 'POST', body: JSON.stringify({ catalogue }) });
    const body = (await response.json()) as { ok: boolean; diff: string[]; preview: { serviceId: string; matches: number; sameAsStored: number }[] };
    expect(body.ok).toBe(true);
    expect(body.diff).toEqual([]);
    const it = body.preview.find((entry) => entry.serviceId === 'it-helpdesk')!;
    // IT-7 was rated under it-helpdesk; the earlier IT-42 matches its rules too but was stored under platform.
    expect(it).toMatchObject({ matches: 2, sameAsStored: 1 });
    expect((await current()).version).toBe(version);
  });

  it('survives a restart: the stored version wins over the file', async () => {
    const { catalogue, version } = await current();
    expect((await save(renamed(catalogue, 'security-review', 'Security Review Board'), version)).status).toBe(201);
    server = await server.restart();
    expect((await servedConfig()).services.find((service) => service.id === 'security-review')!.name).toBe('Security Review Board');
    expect((await current()).version).toBe(version + 1);
  });

  it('takes a changed config file as a new version at the next start, on top of what admins saved', async () => {
    const { version } = await current();
    const file = JSON.parse(readFileSync(server.configPath, 'utf8')) as { ratingWindowDays?: number };
    writeFileSync(server.configPath, JSON.stringify({ ...file, ratingWindowDays: 21 }));
    server = await server.restart();
    const after = await current();
    expect(after.version).toBe(version + 1);
    expect(after.versions[0]).toMatchObject({ actor: 'config file', note: 'the config file changed' });
    expect((await servedConfig()).ratingWindowDays).toBe(21);
    // The admin's earlier rename was made after the file's last version: the file's text wins now, visibly.
    expect((await servedConfig()).services.find((service) => service.id === 'security-review')!.name).not.toBe('Security Review Board');
    server = await server.restart();
    expect((await current()).version).toBe(version + 1);
  });

  it('reaches a second instance on the same database on its next /v1/config', async () => {
    const second = await startServer({ port: 0, ...server.database, configPath: server.configPath, env: {} });
    try {
      const { catalogue, version } = await current();
      expect((await save(renamed(catalogue, 'data-access', 'Data Access Desk'), version)).status).toBe(201);
      expect((await servedConfig(second.url)).services.find((service) => service.id === 'data-access')!.name).toBe('Data Access Desk');
    } finally {
      await second.close();
    }
  });
});

describe('the Catalogue page', () => {
  const signIn = (token: string) => signInAs(server, token);
  const page = (cookie: string, path = '/catalogue') => getPage(server, cookie, path, { 'Accept-Language': 'en' });
  const post = (cookie: string, path: string, form: Record<string, string> | FormData) => postForm(server, cookie, path, form);
  const textareaOf = (text: string) =>
    text.match(/<textarea id="catalogue-text"[^>]*>([\s\S]*?)<\/textarea>/)![1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  it('shows the catalogue in a plain form to admins, and sends owners to their inbox', async () => {
    const admin = await signIn(ADMIN);
    const shown = await page(admin);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<main>');
    expect(JSON.parse(textareaOf(shown.text))).toMatchObject({ services: expect.any(Array), calendars: expect.any(Array) });
    const owner = await signIn(IT_OWNER);
    expect((await page(owner)).status).toBe(303);
  });

  it('checks, refuses with per-field problems, and saves with a CSRF token', async () => {
    const admin = await signIn(ADMIN);
    const shown = await page(admin);
    const csrf = csrfOf(shown.text);
    const text = textareaOf(shown.text);
    const { version } = await current();
    const parsed = JSON.parse(text) as { services: { id: string; name: string }[] };
    const edited = JSON.stringify({ ...parsed, services: parsed.services.map((service) => (service.id === 'security-review' ? { ...service, name: 'Security Review Office' } : service)) }, null, 2);
    expect((await post(admin, '/catalogue/save', { catalogue: edited, basedOn: String(version), csrf: 'forged' })).status).toBe(403);
    const bad = await post(admin, '/catalogue/check', { catalogue: text.replace('"standard-us"', '"nope"'), basedOn: String(version), csrf });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/role="alert"[\s\S]*policyId/);
    const checked = await post(admin, '/catalogue/check', { catalogue: edited, basedOn: String(version), csrf });
    expect(checked.text).toContain('~ services security-review: name');
    expect((await current()).version).toBe(version);
    const saved = await post(admin, '/catalogue/save', { catalogue: edited, basedOn: String(version), note: 'rename', csrf });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain(`Saved as version ${version + 1}`);
    expect((await servedConfig()).services.find((service) => service.id === 'security-review')!.name).toBe('Security Review Office');
  });

  it("fills a calendar's year from date-holidays after a review, as a new version", async () => {
    const admin = await signIn(ADMIN);
    const csrf = csrfOf((await page(admin)).text);
    const { catalogue, version } = await current();
    const calendar = catalogue.calendars.find((entry) => entry.id.includes('us')) ?? catalogue.calendars[0]!;
    const review = await post(admin, '/catalogue/fill', { calendar: calendar.id, year: '2028', source: 'US', csrf });
    expect(review.status).toBe(200);
    expect(review.text).toContain('2028-07-04');
    expect((await current()).version).toBe(version);
    const saved = await post(admin, '/catalogue/fill/save', { calendar: calendar.id, year: '2028', source: 'US', basedOn: String(version), csrf });
    expect(saved.status).toBe(200);
    const after = await current();
    expect(after.version).toBe(version + 1);
    expect(after.catalogue.calendars.find((entry) => entry.id === calendar.id)!.holidayYears).toContain(2028);
    const unknown = await post(admin, '/catalogue/fill', { calendar: calendar.id, year: '2028', source: 'XX', csrf });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('source: date-holidays knows no country or region');
  });
});
