// Chat alerts end to end: the real server and SQLite file, real receivers on loopback that check
// each provider's signature from its own docs.
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, ConfigError } from '../../../server/config/server-config';
import { ADMIN, bearer, exampleConfig, INGEST, makeRating, postRatings, queryRows, startTestServer, type TestServer } from '../helpers';
import { startServer } from '../../../server/start';
import { startReceiver, waitFor, type Receiver } from './receivers';

const SECRETS = { feishu: 'feishu-secret-1', dingtalk: 'SEC-dingtalk-secret', webhook: 'webhook-secret-1' };
const FAST = { pollMs: 20, timeoutMs: 1000, retry: { baseDelayMs: 30, maxDelayMs: 120, giveUpAfterMs: 60_000 } };

function configWith(receiver: Receiver, notifyFor: (path: string) => Record<string, unknown>, paths: string[], language = 'en') {
  const config = exampleConfig() as { services: Record<string, unknown>[] };
  config.services[0] = { ...config.services[0], language, notify: paths.map(notifyFor) };
  return { ...config, publicUrl: 'https://feedback.example.com/' };
}
const allProviders = (receiver: Receiver) => (path: string) => ({
  type: path,
  url: `${receiver.url}/${path}`,
  ...(path in SECRETS ? { secret: SECRETS[path as keyof typeof SECRETS] } : {}),
  on: ['low', 'comment'],
});

let server: TestServer | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await server?.dispose();
  await receiver?.close();
  server = receiver = undefined;
});

async function boot(config: Record<string, unknown>) {
  const running = await startTestServer({ config });
  // startTestServer has no notify options; restart on the same files with fast retries.
  await running.close();
  const fast = await startServer({ port: 0, ...running.database, configPath: running.configPath, env: {}, notify: FAST });
  return { ...running, ...fast, dispose: async () => { await fast.close(); await running.dispose(); } } as TestServer;
}

describe('notify config', () => {
  it('names each bad field and keeps targets out of /v1/config', async () => {
    const raw = exampleConfig() as { services: Record<string, unknown>[] };
    raw.services[0] = { ...raw.services[0], language: 'fr', notify: [{ type: 'irc', url: 'http://chat.example.com/x', lowAt: 7, on: ['often'] }] };
    try {
      parseConfig({ ...raw, publicUrl: 'ftp://x' }, 'test');
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('services[0].notify[0].type: must be one of');
      expect(problems).toContain('services[0].notify[0].url: must be an https URL');
      expect(problems).toContain('services[0].notify[0].lowAt: must be 1-5');
      expect(problems).toContain('services[0].notify[0].on[0]: must be one of');
      expect(problems).toContain('services[0].language: must be en or zh_CN');
      expect(problems).toContain('publicUrl: must be an https URL');
    }
    receiver = await startReceiver(SECRETS);
    server = await boot(configWith(receiver, allProviders(receiver), ['webhook']));
    const text = await (await fetch(`${server.url}/v1/config`, { headers: bearer(INGEST) })).text();
    expect(text).not.toContain(SECRETS.webhook);
    expect(text).not.toContain(receiver.url);
  });
});

describe('alerts', () => {
  it('sends a low rating to every provider, signed as each documents, in the service language', async () => {
    receiver = await startReceiver(SECRETS);
    const paths = ['slack', 'teams', 'feishu', 'dingtalk', 'wecom', 'webhook'];
    server = await boot(configWith(receiver, allProviders(receiver), paths, 'zh_CN'));
    // Anonymous (no rater) and without a title.
    const rating = makeRating({ overall: 1, communication: 2, tags: ['slow'], comment: '太慢了 <b>x</b>', rater: undefined, ticketTitle: undefined });
    expect((await postRatings(server, [rating])).status).toBe(200);
    await waitFor(() => receiver!.received.length >= paths.length * 2, 10_000, 'all deliveries');
    expect(receiver.received.every((entry) => entry.signatureOk)).toBe(true);
    expect(new Set(receiver.received.map((entry) => entry.path))).toEqual(new Set(paths.map((path) => `/${path}`)));
    const hook = receiver.received.find((entry) => entry.path === '/webhook' && entry.body.type === 'rating.low')!;
    expect(hook.body).toMatchObject({ id: hook.eventId, service: { id: 'it-helpdesk' }, links: { inbox: `https://feedback.example.com/inbox?rating=${rating.id}`, ticket: rating.ticketUrl } });
    expect((hook.body.rating as Record<string, unknown>).rater).toBeUndefined();
    const ding = receiver.received.find((entry) => entry.path === '/dingtalk')!;
    const text = JSON.stringify(ding.body);
    expect(text).toContain('低分');
    expect(text).toContain('沟通');
    expect(text).toContain('slow');
    expect(text).not.toContain('alice');
    const slack = JSON.stringify(receiver.received.find((entry) => entry.path === '/slack')!.body);
    // Slack carries the comment as plain_text (never mrkdwn); markdown providers escape it.
    expect(slack).toContain('"type":"plain_text","text":"太慢了 <b>x</b>"');
    expect(text).toContain(String.raw`\\<b\\>`);
    // An edit that stays low does not alert again.
    const before = receiver.received.length;
    expect((await postRatings(server, [{ ...rating, overall: 2, ratedAt: '2026-03-02T10:00:00.000Z' }])).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received.length).toBe(before);
    expect((await queryRows(server.database, 'SELECT COUNT(*) AS n FROM notify_events'))[0]!.n).toBe(2);
  });

  it('rejects a wrong signature as the provider would, and the delivery fails visibly', async () => {
    receiver = await startReceiver({ ...SECRETS, feishu: 'another-secret' });
    server = await boot(configWith(receiver, allProviders(receiver), ['feishu']));
    await postRatings(server, [makeRating({ overall: 1 })]);
    await waitFor(async () => {
      const answer = await fetch(`${server!.url}/v1/admin/deliveries?state=failed`, { headers: bearer(ADMIN) });
      return ((await answer.json()) as { deliveries: unknown[] }).deliveries.length === 1;
    });
  });

  it('retries 5xx, 429 and timeouts with the same event id, fails a 400 at once and lets an admin retry it', async () => {
    receiver = await startReceiver(SECRETS);
    server = await boot(configWith(receiver, allProviders(receiver), ['webhook']));
    const plan: ('hang' | { status: number; retryAfter?: string })[] = [{ status: 500 }, { status: 429, retryAfter: '0' }, { status: 503 }];
    receiver.answer = (_entry, index) => plan[index] ?? { status: 200 };
    await postRatings(server, [makeRating({ overall: 2 })]);
    await waitFor(() => receiver!.received.length === 4, 10_000, 'four attempts');
    expect(new Set(receiver.received.map((entry) => entry.eventId)).size).toBe(1);

    receiver.received.length = 0;
    receiver.answer = () => ({ status: 400 });
    await postRatings(server, [makeRating({ overall: 1 })]);
    await waitFor(() => receiver!.received.length === 1);
    const listed = async () =>
      ((await (await fetch(`${server!.url}/v1/admin/deliveries?state=failed`, { headers: bearer(ADMIN) })).json()) as { deliveries: { id: number; lastStatus: number; target: { host: string } }[] }).deliveries;
    await waitFor(async () => (await listed()).length === 1);
    const [failed] = await listed();
    expect(failed!.lastStatus).toBe(400);
    expect(JSON.stringify(failed)).not.toContain(SECRETS.webhook);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.length).toBe(1);
    receiver.answer = () => ({ status: 200 });
    expect((await fetch(`${server.url}/v1/admin/deliveries/${failed!.id}/retry`, { method: 'POST', headers: bearer(ADMIN) })).status).toBe(200);
    await waitFor(() => receiver!.received.length === 2);
    expect((await fetch(`${server.url}/v1/admin/deliveries/${failed!.id}/retry`, { method: 'POST', headers: bearer(ADMIN) })).status).toBe(404);
    expect((await fetch(`${server.url}/v1/admin/deliveries?state=lost`, { headers: bearer(ADMIN) })).status).toBe(400);
    expect((await fetch(`${server.url}/v1/admin/deliveries`, { headers: bearer(INGEST) })).status).toBe(403);
  });

  it('delivers every event at least once while the receiver fails half its requests and is down for a while', async () => {
    receiver = await startReceiver(SECRETS);
    server = await boot(configWith(receiver, allProviders(receiver), ['webhook']));
    // Per event, so no event keeps landing on a failing slot: the first try fails (500, or a hang past
    // the timeout for every seventh request), the next one succeeds.
    const tries = new Map<string, number>();
    let requests = 0;
    receiver.answer = (entry) => {
      const attempt = (tries.get(entry.eventId!) ?? 0) + 1;
      tries.set(entry.eventId!, attempt);
      return attempt % 2 === 1 ? (++requests % 7 === 0 ? 'hang' : { status: 500 }) : { status: 200 };
    };
    const ratings = Array.from({ length: 200 }, () => makeRating({ overall: 1 }));
    for (let index = 0; index < ratings.length; index += 50) {
      expect((await postRatings(server, ratings.slice(index, index + 50))).status).toBe(200);
      if (index === 100) {
        await receiver.close();
        await new Promise((resolve) => setTimeout(resolve, 500));
        await receiver.reopen();
      }
    }
    const events = (await queryRows(server.database, "SELECT id FROM notify_events WHERE type = 'rating.low'")).map((row) => row.id as string);
    expect(events).toHaveLength(200);
    await waitFor(
      async () => (await queryRows(server!.database, "SELECT COUNT(*) AS n FROM notify_deliveries WHERE state <> 'delivered'"))[0]!.n === 0,
      40_000,
      'every delivery',
    );
    // Each event reached the receiver with a good signature; repeats carry the same id.
    const counts = receiver.byEvent();
    for (const id of events) expect(counts.get(id) ?? 0).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
