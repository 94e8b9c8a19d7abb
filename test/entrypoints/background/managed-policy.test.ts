// The worker under an organisation's policy (storage.managed): a backend set only by policy is
// used, policy changes apply live, and the toolbar says when the policy's sites need a grant.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readAllRatings, type FeedbackDb } from '../../../entrypoints/background/storage/db';
import { sendMessage } from '../../../platform/send-message';
import type { Ticket } from '../../../utils/contracts/schema';
import { exampleConfig, extensionApis, startBackground } from './harness';
import { startRatingsServer, type RatingsServer } from './ratings-server';

const clock = new Date('2026-11-05T08:00:00.000Z');
let db: FeedbackDb;
let server: RatingsServer;

const ticket: Ticket = {
  tracker: 'jira',
  origin: 'https://acme.atlassian.net',
  key: 'IT-7',
  kind: 'issue',
  url: 'https://acme.atlassian.net/browse/IT-7',
  title: 'VPN drops',
  status: 'Resolved',
  project: 'IT',
  reporter: 'ada',
  viewer: 'ada',
  resolved: true,
  createdAt: '2026-11-03T01:00:00.000Z',
  resolvedAt: '2026-11-04T03:00:00.000Z',
  labels: [],
  components: [],
};

beforeEach(async () => {
  db = await startBackground(() => clock);
  server = await startRatingsServer();
});

afterEach(async () => {
  db.close();
  await server.close();
});

describe('managed policy in the worker', () => {
  it('sends a rating to the backend and with the token that only the policy names', async () => {
    await fakeBrowser.storage.managed.set({ backendUrl: server.url, token: 'org-token', anonymous: true });
    await sendMessage('ticket.seen', { ticket });
    await sendMessage('rating.submit', { ticketUrl: ticket.url, draft: { overall: 4 } });
    await expect.poll(() => server.rows.size).toBe(1);
    expect(server.requests.at(-1)?.authorization).toBe('Bearer org-token');
    // anonymous is managed: the rater's login is not sent.
    expect([...server.rows.values()][0]).not.toHaveProperty('rater');
  });

  it('a new token pushed by policy releases ratings held back by 401, live', async () => {
    await fakeBrowser.storage.managed.set({ backendUrl: server.url, token: 'old' });
    server.misbehave({ kind: 'status', status: 401, body: { error: 'token expired' } });
    await sendMessage('ticket.seen', { ticket });
    await sendMessage('rating.submit', { ticketUrl: ticket.url, draft: { overall: 2 } });
    await expect.poll(async () => (await sendMessage('outbox.status', {})).counts.auth).toBe(1);
    await fakeBrowser.storage.managed.set({ token: 'fresh' });
    await expect.poll(async () => (await sendMessage('outbox.status', {})).counts.synced).toBe(1);
    expect(server.requests.at(-1)?.authorization).toBe('Bearer fresh');
    expect((await readAllRatings(db)).length).toBe(1);
  });

  it('page.config hands tracker pages the policy’s trackers and switches', async () => {
    await fakeBrowser.storage.managed.set({ trackers: [{ origin: 'https://gitlab.corp.example', type: 'gitlab' }], disabledBuiltIns: ['github'], ignoredResponders: ['ci-bot'] });
    const gitlab = await sendMessage('page.config', { origin: 'https://gitlab.corp.example' });
    expect(gitlab.trackers).toEqual([expect.objectContaining({ origin: 'https://gitlab.corp.example', type: 'gitlab' })]);
    expect(gitlab.ignoredResponders).toEqual(['ci-bot']);
    expect((await sendMessage('page.config', { origin: 'https://github.com' })).enabled).toBe(false);
  });

  it('the toolbar shows "!" while the policy’s sites are not granted, and goes back once they are', async () => {
    await fakeBrowser.storage.local.set({ settings: { local: exampleConfig } });
    await fakeBrowser.storage.managed.set({ trackers: [{ origin: 'https://gitlab.corp.example', type: 'gitlab' }] });
    await expect.poll(() => fakeBrowser.action.getBadgeText({})).toBe('!');
    expect(await fakeBrowser.action.getTitle({})).toMatch(/1 site\(s\) your organisation set up need your permission/);
    await fakeBrowser.permissions.request({ origins: ['https://gitlab.corp.example/*'] });
    await expect.poll(() => fakeBrowser.action.getBadgeText({})).toBe('');
    expect(extensionApis.granted.has('https://gitlab.corp.example/*')).toBe(true);
  });
});
