// Weekly digests end to end: the real server and SQLite file, the real receivers that check each
// provider's signature, the schedule on an injected clock, and two instances on one file racing.
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { digestWeek, dueWeek, mondayOf } from '../../../server/notify/digest';
import { startServer, type RunningServer } from '../../../server/start';
import { ADMIN, bearer, exampleConfig, INGEST, makeRating, postRatings, queryRows, startTestServer, type TestServer } from '../helpers';
import { startReceiver, waitFor, type Receiver } from './receivers';

const SECRETS = { feishu: 'feishu-secret-1', dingtalk: 'SEC-dingtalk-secret', webhook: 'webhook-secret-1' };
const FAST = { pollMs: 20, timeoutMs: 1000, retry: { baseDelayMs: 30, maxDelayMs: 120, giveUpAfterMs: 3_600_000 } };
const PROVIDERS = ['slack', 'teams', 'feishu', 'dingtalk', 'wecom', 'webhook'];
// it-helpdesk uses the cn-mainland calendar (Asia/Shanghai, UTC+8, no DST).
const SERVICE = 'it-helpdesk';

function digestConfig(receiver: Receiver, paths: string[], language = 'en') {
  const config = exampleConfig() as { services: Record<string, unknown>[] };
  const notify = paths.map((path) => ({
    type: path,
    url: `${receiver.url}/${path}`,
    ...(path in SECRETS ? { secret: SECRETS[path as keyof typeof SECRETS] } : {}),
    on: ['digest'],
  }));
  config.services[0] = { ...config.services[0], language, notify };
  return { ...config, publicUrl: 'https://feedback.example.com' };
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** Seeds through a server without targets (its real-clock schedule must not send), then writes `config`. */
async function seeded(config: Record<string, unknown>, ratings: unknown[] = []): Promise<TestServer> {
  const server = await startTestServer();
  cleanups.push(() => server.dispose());
  if (ratings.length > 0) expect((await postRatings(server, ratings)).status).toBe(200);
  await server.close();
  writeFileSync(server.configPath, JSON.stringify(config));
  return server;
}

/** An instance on the seeded files (its own connection, delivery loop and schedule: off without a clock). */
async function instance(files: Pick<TestServer, 'database' | 'configPath'>, clock?: () => number): Promise<RunningServer> {
  const digests = clock ? { now: clock, everyMs: 30 } : { enabled: false };
  const running = await startServer({ port: 0, ...files.database, configPath: files.configPath, env: {}, notify: FAST, digests });
  cleanups.push(() => running.close());
  return running;
}

const postDigest = (server: { url: string }, body: unknown, token = ADMIN) =>
  fetch(`${server.url}/v1/admin/digests`, { method: 'POST', headers: bearer(token), body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('digest weeks', () => {
  it('runs Monday to Sunday in the service zone and is due Monday 09:00 there, across DST', () => {
    const shanghai = digestWeek('2026-11-23', 'Asia/Shanghai');
    expect(new Date(shanghai.startMs).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(new Date(shanghai.endMs).toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(new Date(shanghai.dueAt).toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(shanghai.weekEnd).toBe('2026-11-29');
    expect(dueWeek(Date.parse('2026-11-30T00:59:59.999Z'), 'Asia/Shanghai').weekOf).toBe('2026-11-16');
    expect(dueWeek(Date.parse('2026-11-30T01:00:00.000Z'), 'Asia/Shanghai').weekOf).toBe('2026-11-23');
    // Sunday 23:30 UTC is already Monday in Shanghai.
    expect(mondayOf(Date.parse('2026-11-29T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
    expect(mondayOf(Date.parse('2026-11-29T16:30:00Z'), 'UTC')).toBe('2026-11-23');
    // New York springs forward on Sunday 2026-03-08: the week starts at EST, the digest is due at EDT.
    const newYork = digestWeek('2026-03-02', 'America/New_York');
    expect(new Date(newYork.startMs).toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(new Date(newYork.endMs).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(new Date(newYork.dueAt).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(dueWeek(Date.parse('2026-03-09T12:59:00Z'), 'America/New_York').weekOf).toBe('2026-02-23');
    expect(dueWeek(Date.parse('2026-03-09T13:00:00Z'), 'America/New_York').weekOf).toBe('2026-03-02');
  });
});

describe('POST /v1/admin/digests', () => {
  it('sends the week to every provider, signed, in the service language, with the figures DESIGN.md lists, once', async () => {
    const receiver = await startReceiver(SECRETS);
    cleanups.push(() => receiver.close());
    const ratings = [
      // The week before (2026-11-16 … 22, Shanghai).
      makeRating({ overall: 5, slaMet: true, ratedAt: '2026-11-18T02:00:00.000Z' }),
      makeRating({ overall: 4, slaMet: false, ratedAt: '2026-11-19T02:00:00.000Z' }),
      // The week: Monday 00:30 in Shanghai is still Sunday in UTC. Anonymous, with a title.
      makeRating({ overall: 1, comment: 'worst <b>ever</b>', tags: ['slow', 'rude'], slaMet: false, rater: undefined, ticketTitle: 'Secret title', ratedAt: '2026-11-22T16:30:00.000Z' }),
      makeRating({ overall: 2, comment: 'bad', tags: ['slow'], slaMet: true, ratedAt: '2026-11-24T03:00:00.000Z' }),
      makeRating({ overall: 3, comment: 'meh', tags: ['slow'], ratedAt: '2026-11-25T03:00:00.000Z' }),
      makeRating({ overall: 5, comment: 'great', tags: ['friendly'], slaMet: true, ratedAt: '2026-11-26T03:00:00.000Z' }),
      makeRating({ overall: 4, ratedAt: '2026-11-27T03:00:00.000Z' }),
      // Monday 00:30 of the next week in Shanghai: not in this digest, but an open follow-up.
      makeRating({ overall: 1, comment: 'next week', ratedAt: '2026-11-29T16:30:00.000Z' }),
      // Low but resolved: not open.
      makeRating({ overall: 2, ratedAt: '2026-11-20T03:00:00.000Z' }),
    ];
    const seed = await seeded(digestConfig(receiver, PROVIDERS, 'zh_CN'), ratings);
    const server = await instance(seed);
    const followUp = (index: number, state: string) =>
      fetch(`${server.url}/v1/ratings/${ratings[index]!.id}/follow-up`, { method: 'PATCH', headers: bearer(ADMIN), body: JSON.stringify({ state }) });
    expect((await followUp(3, 'acknowledged')).status).toBe(200);
    expect((await followUp(8, 'resolved')).status).toBe(200);

    const answer = await postDigest(server, { service: SERVICE, weekOf: '2026-11-23' });
    expect(answer.status).toBe(200);
    const { digests } = (await answer.json()) as { digests: { service: string; weekOf: string; queued: boolean; eventId: string }[] };
    expect(digests).toEqual([{ service: SERVICE, weekOf: '2026-11-23', queued: true, eventId: expect.any(String) }]);
    await waitFor(() => receiver.received.length >= PROVIDERS.length, 10_000, 'a digest per provider');
    expect(receiver.received.every((entry) => entry.signatureOk && entry.eventId === digests[0]!.eventId)).toBe(true);
    expect(new Set(receiver.received.map((entry) => entry.path))).toEqual(new Set(PROVIDERS.map((path) => `/${path}`)));

    const hook = receiver.received.find((entry) => entry.path === '/webhook')!.body;
    expect(hook).toMatchObject({
      id: digests[0]!.eventId,
      type: 'digest.weekly',
      service: { id: SERVICE, name: 'IT Help Desk' },
      links: { inbox: `https://feedback.example.com/inbox?service=${SERVICE}` },
      digest: {
        weekOf: '2026-11-23',
        weekEnd: '2026-11-29',
        timeZone: 'Asia/Shanghai',
        ratings: { value: 5, previous: 3 },
        mean: { value: 3, previous: 3.67 },
        csatPercent: { value: 40, previous: 66.7 },
        slaMetPercent: { value: 66.7, previous: 50 },
        topTags: [{ tag: 'slow', count: 3 }, { tag: 'friendly', count: 1 }, { tag: 'rude', count: 1 }],
        openFollowUps: { total: 3, new: 2, acknowledged: 1, replied: 0, atLeast: false, lowAt: 2 },
      },
    });
    const lowest = (hook.digest as { lowestComments: { ratingId: string; comment: string; overall: number; inbox: string }[] }).lowestComments;
    expect(lowest.map((entry) => [entry.overall, entry.comment])).toEqual([[1, 'worst <b>ever</b>'], [2, 'bad'], [3, 'meh']]);
    expect(lowest[0]!.inbox).toBe(`https://feedback.example.com/inbox?rating=${ratings[2]!.id}`);
    const everything = JSON.stringify(receiver.received.map((entry) => entry.body));
    expect(everything).not.toContain('Secret title');
    expect(everything).not.toContain('alice');
    expect(everything).not.toContain('next week');

    // Chinese in the chat providers, requester text escaped or plain.
    const ding = JSON.stringify(receiver.received.find((entry) => entry.path === '/dingtalk')!.body);
    expect(ding).toContain('IT Help Desk 每周摘要：2026-11-23 至 2026-11-29');
    expect(ding).toContain('满意度');
    expect(ding).toContain('40%（前一周：66.7%）');
    expect(ding).toContain(String.raw`slow \\(3\\)`);
    expect(ding).toContain(String.raw`worst \\<b\\>ever\\</b\\>`);
    const slack = JSON.stringify(receiver.received.find((entry) => entry.path === '/slack')!.body);
    expect(slack).toContain('"type":"plain_text","text":"worst <b>ever</b>"');
    const teams = receiver.received.find((entry) => entry.path === '/teams')!.body as { attachments: { content: { version: string } }[] };
    expect(teams.attachments[0]!.content.version).toBe('1.4');
    expect(JSON.stringify(teams)).toContain('待跟进（2 分及以下）');
    const feishu = receiver.received.find((entry) => entry.path === '/feishu')!.body as { content: { post: Record<string, unknown> } };
    expect(Object.keys(feishu.content.post)).toEqual(['zh_cn']);

    // Once per service and week: asking again queues nothing.
    const again = (await (await postDigest(server, { service: SERVICE, weekOf: '2026-11-23' })).json()) as { digests: { queued: boolean }[] };
    expect(again.digests[0]!.queued).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.length).toBe(PROVIDERS.length);
    expect(await queryRows(seed.database, "SELECT dedupe_key AS key FROM notify_events WHERE type = 'digest.weekly'")).toEqual([{ key: 'digest:it-helpdesk:2026-11-23' }]);
  });

  it('names the bad field, refuses other roles and stores nothing', async () => {
    const receiver = await startReceiver(SECRETS);
    cleanups.push(() => receiver.close());
    const seed = await seeded(digestConfig(receiver, ['webhook']));
    const server = await instance(seed);
    const cases: [unknown, number, string][] = [
      [{ weekOf: '2026-11-24' }, 400, 'weekOf: must be a Monday'],
      [{ weekOf: '2026-02-30' }, 400, 'weekOf: must be a Monday'],
      [{ weekOf: 'last week' }, 400, 'weekOf: must be a date YYYY-MM-DD'],
      [{ weekOf: 20261123 }, 400, 'weekOf: '],
      [{ weekOf: '2030-01-07' }, 400, 'weekOf: the week of 2030-01-07 has not ended yet in Asia/Shanghai'],
      [{ service: 'nope' }, 400, 'service: unknown service "nope"'],
      [{ service: 'platform' }, 400, 'service: "platform" has no notify target with "digest"'],
      [{ service: '' }, 400, 'service: must not be empty'],
      [{ services: ['it-helpdesk'] }, 400, 'services'],
      ['{"service":', 400, 'body: not valid JSON'],
      [[], 400, '(root)'],
    ];
    for (const [body, status, message] of cases) {
      const answer = await postDigest(server, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(((await answer.json()) as { error: string }).error).toContain(message);
    }
    expect((await postDigest(server, {}, INGEST)).status).toBe(403);
    expect((await fetch(`${server.url}/v1/admin/digests`, { method: 'POST' })).status).toBe(401);
    expect((await queryRows(seed.database, 'SELECT COUNT(*) AS n FROM notify_events'))[0]!.n).toBe(0);
    // An empty body means every service with a digest target, for the latest week that ended.
    const answer = (await (await postDigest(server, '')).json()) as { digests: { service: string; queued: boolean }[] };
    expect(answer.digests).toEqual([expect.objectContaining({ service: SERVICE, queued: true })]);
  });
});

describe('the digest schedule', () => {
  it('queues a week at Monday 09:00 in the service zone, not a minute before', async () => {
    const receiver = await startReceiver(SECRETS);
    cleanups.push(() => receiver.close());
    const seed = await seeded(digestConfig(receiver, ['webhook']));
    let clock = Date.parse('2026-11-30T00:59:00.000Z'); // Monday 08:59 in Shanghai
    await instance(seed, () => clock);
    await waitFor(() => receiver.received.length === 1, 5000, 'the earlier week');
    expect((receiver.received[0]!.body.digest as { weekOf: string }).weekOf).toBe('2026-11-16');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.length).toBe(1);
    clock = Date.parse('2026-11-30T01:00:00.000Z');
    await waitFor(() => receiver.received.length === 2, 5000, 'the week just ended');
    expect((receiver.received[1]!.body.digest as { weekOf: string }).weekOf).toBe('2026-11-23');
  });

  it('sends exactly one digest per week when two instances on one SQLite file race for it', async () => {
    const receiver = await startReceiver(SECRETS);
    cleanups.push(() => receiver.close());
    const seed = await seeded(digestConfig(receiver, ['webhook', 'slack']), [makeRating({ overall: 2, ratedAt: '2026-11-24T03:00:00.000Z' })]);
    const monday = () => Date.parse('2026-11-30T01:00:05.000Z');
    // Both schedules start at once, and admins ask both instances for an older week at the same time.
    const [a, b] = await Promise.all([instance(seed, monday), instance(seed, monday)]);
    const answers = await Promise.all(
      [a, b, a, b].map(async (server) => ((await (await postDigest(server, { weekOf: '2026-11-09' })).json()) as { digests: { queued: boolean }[] }).digests[0]!),
    );
    expect(answers.filter((entry) => entry.queued)).toHaveLength(1);
    await waitFor(
      async () => (await queryRows(seed.database, "SELECT COUNT(*) AS n FROM notify_deliveries WHERE state = 'delivered'"))[0]!.n === 4,
      10_000,
      'two weeks to two targets',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const weeks = (await queryRows(seed.database, "SELECT dedupe_key AS key FROM notify_events WHERE type = 'digest.weekly' ORDER BY dedupe_key")).map((row) => row.key);
    expect(weeks).toEqual(['digest:it-helpdesk:2026-11-09', 'digest:it-helpdesk:2026-11-23']);
    // Each target heard of each week once, under one event id per week.
    expect(receiver.received).toHaveLength(4);
    const ids = new Set(receiver.received.map((entry) => entry.eventId));
    expect(ids.size).toBe(2);
    const hook = receiver.received.find((entry) => entry.path === '/webhook' && (entry.body.digest as { weekOf: string }).weekOf === '2026-11-23')!;
    expect((hook.body.digest as { ratings: { value: number } }).ratings.value).toBe(1);
  });
});
