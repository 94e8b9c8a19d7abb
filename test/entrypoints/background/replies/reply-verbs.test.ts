// The reply verbs through the real protocol: sendMessage → fakeBrowser → handlers → fake IndexedDB ⇄ a loopback backend.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { exampleConfig, startBackground, stopBackground } from '../harness';
import { readAllRatings, readAllReplies, type FeedbackDb } from '../../../../entrypoints/background/storage/db';
import { sendMessage } from '../../../../platform/send-message';
import { REPLY_ALARM } from '../../../../entrypoints/background/replies/reply-sync';
import type { Ticket } from '../../../../utils/contracts/schema';
import { startRepliesServer, type RepliesServer } from '../replies-server';

let clock = new Date('2026-11-05T08:00:00.000Z');
let db: FeedbackDb;
let server: RepliesServer;

const ticket: Ticket = {
  tracker: 'github',
  origin: 'https://github.com',
  key: 'acme/app#7',
  kind: 'issue',
  url: 'https://github.com/acme/app/issues/7',
  title: 'Login loops',
  status: 'Closed',
  project: 'acme/app',
  reporter: 'ada',
  viewer: 'ada',
  resolved: true,
  createdAt: '2026-11-03T01:00:00.000Z',
  resolvedAt: '2026-11-04T03:00:00.000Z',
  labels: [],
  components: [],
};

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

beforeEach(async () => {
  clock = new Date('2026-11-05T08:00:00.000Z');
  server = await startRepliesServer();
  db = await startBackground(() => clock);
  // The backend URL points at the replies server; the ratings flush to it fails quietly (404) and retries later.
  await fakeBrowser.storage.local.set({ settings: { local: exampleConfig, backendUrl: server.url, token: 'good' } });
});
afterEach(async () => {
  await stopBackground(db);
  await server.close();
});

describe('reply verbs', () => {
  it('replies.list with refresh asks the backend, lists unread first, and replies.read keeps the read state', async () => {
    await sendMessage('ticket.seen', { ticket });
    await sendMessage('rating.submit', { ticketUrl: ticket.url, draft: { overall: 2, tags: [] } });
    const [rating] = await readAllRatings(db);
    server.threads.set(rating!.id, {
      ratingId: rating!.id,
      followUp: { state: 'replied', updatedAt: '2026-11-05T07:59:00.000Z' },
      replies: [{ id: 'r1', text: '<img src=x onerror=alert(1)>', author: { name: 'Grace' }, at: '2026-11-05T07:59:00.000Z' }],
    });
    clock = new Date(clock.getTime() + 60_000);
    const listed = await sendMessage('replies.list', { refresh: true });
    expect(listed).toMatchObject({ unread: 1, items: [{ key: 'acme/app#7', title: 'Login loops', unread: true, replies: [{ text: '<img src=x onerror=alert(1)>' }] }] });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('✉1');
    expect(await fakeBrowser.action.getTitle({})).toContain('1 unread replies from the team');
    expect(await sendMessage('replies.read', { ratingIds: [rating!.id] })).toMatchObject({ unread: 0, items: [{ unread: false }] });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await sendMessage('replies.list', { refresh: false })).toMatchObject({ unread: 0 });
  });

  it('a rated ticket page asks for replies when it mounts; the 15-minute alarm is set', async () => {
    await sendMessage('ticket.seen', { ticket });
    await sendMessage('rating.submit', { ticketUrl: ticket.url, draft: { overall: 2, tags: [] } });
    const [rating] = await readAllRatings(db);
    server.threads.set(rating!.id, { ratingId: rating!.id, followUp: { state: 'replied', updatedAt: '2026-11-05T07:59:00.000Z' }, replies: [{ id: 'r1', text: 'Fixed', author: { name: 'Grace' }, at: '2026-11-05T07:59:00.000Z' }] });
    await sendMessage('ticket.seen', { ticket });
    await until(async () => (await readAllReplies(db)).length > 0);
    expect(await readAllReplies(db)).toHaveLength(1);
    expect(server.queries).toHaveLength(1);
    // After a reload the page gets the stored reply with its ticket context.
    expect((await sendMessage('ticket.seen', { ticket })).reply).toMatchObject({ ratingId: rating!.id, replies: [{ text: 'Fixed', author: { name: 'Grace' } }] });
    await until(async () => (await fakeBrowser.alarms.get(REPLY_ALARM)) !== undefined);
    expect((await fakeBrowser.alarms.get(REPLY_ALARM))?.periodInMinutes).toBe(15);
  });

  it('"Sync now" asks for replies at once, even within 30 s of the last check', async () => {
    await sendMessage('ticket.seen', { ticket });
    await sendMessage('rating.submit', { ticketUrl: ticket.url, draft: { overall: 2, tags: [] } });
    const [rating] = await readAllRatings(db);
    expect(await sendMessage('replies.list', { refresh: true })).toMatchObject({ items: [] });
    const asked = server.queries.length;
    server.threads.set(rating!.id, { ratingId: rating!.id, followUp: { state: 'replied', updatedAt: '2026-11-05T08:00:05.000Z' }, replies: [{ id: 'r2', text: 'Try again?', author: { name: 'Grace' }, at: '2026-11-05T08:00:05.000Z' }] });
    clock = new Date(clock.getTime() + 10_000);
    // The popup opened again 10 s later: throttled, nothing new.
    expect(await sendMessage('replies.list', { refresh: true })).toMatchObject({ items: [] });
    expect(server.queries).toHaveLength(asked);
    await sendMessage('sync.now', {});
    expect(server.queries).toHaveLength(asked + 1);
    expect(await sendMessage('replies.list', { refresh: false })).toMatchObject({ unread: 1, items: [{ replies: [{ text: 'Try again?' }] }] });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('✉1');
  });
});
