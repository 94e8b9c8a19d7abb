// The background's message verbs through the real protocol: sendMessage → fakeBrowser → handlers → fake IndexedDB.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CONFIG_ALARM, SYNC_ALARM, withZoneTables } from '../../../entrypoints/background/feedback';
import { BUILT_IN_HOSTS } from '../../../utils/trackers/built-in-matches';
import { NOTICE_DELAY_MS } from '../../../entrypoints/background/live-config';
import { learnZoneTable } from '../../../utils/sla/zone';
import { adapters } from '../../../utils/trackers';
import { exampleConfig, startBackground, stopBackground } from './harness';
import { claimDue } from '../../../entrypoints/background/outbox/outbox';
import { readAllRatings, type FeedbackDb } from '../../../entrypoints/background/storage/db';
import { sendMessage } from '../../../platform/send-message';
import { REMOTE_CONFIG_KEY } from '../../../platform/remote-config';
import { RemoteConfig, type Ticket } from '../../../utils/contracts/schema';
import { startRatingsServer, type RatingsServer } from './ratings-server';
import { RETENTION_ALARM } from '../../../entrypoints/background/storage/retention';
import { trackerPageMessages } from '../../../entrypoints/background/tracker-page-messages';

let clock = new Date('2026-11-05T08:00:00.000Z');
let db: FeedbackDb;
let server: RatingsServer | undefined;

function jiraTicket(n: number, change: Partial<Ticket> = {}): Ticket {
  return {
    tracker: 'jira',
    origin: 'https://acme.atlassian.net',
    key: `IT-${n}`,
    kind: 'issue',
    url: `https://acme.atlassian.net/browse/IT-${n}`,
    title: `VPN ${n} drops`,
    status: 'Resolved',
    priority: 'P3',
    project: 'IT',
    reporter: 'ada',
    viewer: 'ada',
    resolved: true,
    createdAt: '2026-11-03T01:00:00.000Z',
    firstResponseAt: '2026-11-03T02:00:00.000Z',
    resolvedAt: '2026-11-04T03:00:00.000Z',
    labels: [],
    components: [],
    ...change,
  };
}

async function setSettings(value: Record<string, unknown>) {
  await fakeBrowser.storage.local.set({ settings: { local: exampleConfig, ...value } });
}

beforeEach(async () => {
  clock = new Date('2026-11-05T08:00:00.000Z');
  db = await startBackground(() => clock);
});

afterEach(async () => {
  await stopBackground(db);
  await server?.close();
  server = undefined;
});

describe('background message verbs', () => {
  it('ticket.seen resolves the service, policy and calendar and asks the requester', async () => {
    const context = await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
    expect(context.service?.id).toBe('it-helpdesk');
    expect(context.policy?.id).toBe('standard-cn');
    expect(context.calendar?.id).toBe('cn-mainland-2026');
    expect(context.eligibility).toMatchObject({ ask: true, reason: 'ask' });
    expect(context.rating).toBeUndefined();
    await expect.poll(() => fakeBrowser.action.getBadgeText({})).toBe('1');
  });

  it('does not ask someone who is not the requester', async () => {
    const context = await sendMessage('ticket.seen', { ticket: jiraTicket(1, { viewer: 'bob' }) });
    expect(context.eligibility).toMatchObject({ ask: false, reason: 'not-requester' });
    await expect.poll(() => fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('stores a rating, returns it on the next visit, and an edit keeps its id', async () => {
    await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
    const first = await sendMessage('rating.submit', { ticketUrl: jiraTicket(1).url, draft: { overall: 2, tags: ['slow'] } });
    expect(first).toMatchObject({ overall: 2, tags: ['slow'], syncState: 'waiting' });
    await expect.poll(() => fakeBrowser.action.getBadgeText({})).toBe('');

    const again = await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
    expect(again.rating?.id).toBe(first.id);
    expect(again.eligibility).toMatchObject({ ask: false, reason: 'rated' });

    clock = new Date(clock.getTime() + 60_000);
    const edited = await sendMessage('rating.submit', { ticketUrl: jiraTicket(1).url, draft: { overall: 4, comment: 'fixed after all' } });
    expect(edited.id).toBe(first.id);
    expect(edited.ratedAt > first.ratedAt).toBe(true);
    const stored = await readAllRatings(db);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.rating).toMatchObject({ overall: 4, ticketKey: 'IT-1', serviceId: 'it-helpdesk', rater: 'ada', slaMet: expect.any(Boolean) });
    expect((await sendMessage('rating.get', { ticketUrl: jiraTicket(1).url })).rating?.comment).toBe('fixed after all');
  });

  it('refuses to rate a ticket it never saw, in words', async () => {
    await expect(sendMessage('rating.submit', { ticketUrl: 'https://acme.atlassian.net/browse/IT-404', draft: { overall: 5 } })).rejects.toThrow(/never seen/);
  });

  it('refuses a comment over 2,000 characters, naming the field', async () => {
    await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
    await expect(sendMessage('rating.submit', { ticketUrl: jiraTicket(1).url, draft: { overall: 5, comment: 'x'.repeat(2001) } })).rejects.toThrow(/comment/);
  });

  it('offers an update when a rated ticket is reopened and resolved again', async () => {
    await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
    await sendMessage('rating.submit', { ticketUrl: jiraTicket(1).url, draft: { overall: 5 } });
    const reopened = await sendMessage('ticket.seen', { ticket: jiraTicket(1, { resolved: false, status: 'Reopened', resolvedAt: undefined }) });
    expect(reopened.eligibility?.reason).toBe('not-resolved');
    expect(reopened.rating?.overall).toBe(5);
    clock = new Date('2026-11-06T08:00:00.000Z');
    const resolvedAgain = await sendMessage('ticket.seen', { ticket: jiraTicket(1, { resolvedAt: undefined }) });
    expect(resolvedAgain.eligibility).toMatchObject({ ask: true, update: true });
  });

  it('not now keeps the ticket pending but collapsed; don’t ask stops asking', async () => {
    await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
    await sendMessage('ticket.seen', { ticket: jiraTicket(2) });
    await sendMessage('rating.dismiss', { ticketUrl: jiraTicket(1).url, kind: 'not-now' });
    expect((await sendMessage('ticket.seen', { ticket: jiraTicket(1) })).eligibility).toMatchObject({ ask: true, collapsed: true });
    await expect.poll(() => fakeBrowser.action.getBadgeText({})).toBe('1');

    await sendMessage('rating.dismiss', { ticketUrl: jiraTicket(2).url, kind: 'never' });
    const context = await sendMessage('ticket.seen', { ticket: jiraTicket(2) });
    expect(context).toMatchObject({ dismissal: 'never', eligibility: { ask: false, reason: 'dismissed' } });
    const pending = await sendMessage('pending.list', {});
    expect(pending).toMatchObject({ total: 1, snoozed: 1, items: [{ key: 'IT-1', snoozed: true }] });
    await expect.poll(() => fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('lists pending feedback newest resolution first, in pages', async () => {
    for (let day = 1; day <= 4; day++) {
      await sendMessage('ticket.seen', { ticket: jiraTicket(day, { resolvedAt: `2026-11-0${day}T09:00:00.000Z` }) });
    }
    await sendMessage('ticket.seen', { ticket: jiraTicket(9, { resolved: false, resolvedAt: undefined, status: 'In Progress' }) });
    const firstPage = await sendMessage('pending.list', { limit: 3 });
    expect(firstPage.total).toBe(4);
    expect(firstPage.items.map((item) => item.key)).toEqual(['IT-4', 'IT-3', 'IT-2']);
    expect(firstPage.items[0]).toMatchObject({ serviceName: 'IT Help Desk', title: 'VPN 4 drops' });
    expect((await sendMessage('pending.list', { offset: 3, limit: 3 })).items.map((item) => item.key)).toEqual(['IT-1']);
    await expect.poll(() => fakeBrowser.action.getBadgeText({})).toBe('4');
  });

  it('lists recent tickets with their SLA evaluated now', async () => {
    await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
    clock = new Date(clock.getTime() + 1000);
    await sendMessage('ticket.seen', { ticket: jiraTicket(2, { resolved: false, resolvedAt: undefined, status: 'Open' }) });
    const { items } = await sendMessage('recent.list', {});
    expect(items.map((item) => item.key)).toEqual(['IT-2', 'IT-1']);
    expect(items[1]?.sla?.resolution?.state).toMatch(/met|breached/);
    expect(items[0]?.sla?.resolution?.state).toMatch(/running|at-risk|breached/);
  });

  it('page.config hands out the trackers for that origin and the ignored responders', async () => {
    await setSettings({
      trackers: [{ origin: 'https://jira.corp.example', type: 'jira' }, { origin: 'https://gitlab.corp.example', type: 'gitlab' }],
      ignoredResponders: ['jira-bot'],
    });
    const config = await sendMessage('page.config', { origin: 'https://jira.corp.example' });
    expect(config).toEqual({
      enabled: true,
      trackers: [{ origin: 'https://jira.corp.example', type: 'jira' }],
      ignoredResponders: ['jira-bot'],
      // The SLA catalogue, so the page draws the badge without a ticket.seen round trip.
      services: exampleConfig.services,
      policies: exampleConfig.policies,
      // Each calendar with its zone's offsets for last year … next year (the page then needs no Intl).
      calendars: exampleConfig.calendars.map((calendar) => ({ ...calendar, zoneTable: learnZoneTable(calendar.timeZone, 2025, 2027) })),
      // The page's strings, so it never calls i18n.getMessage (a blocking IPC in content scripts).
      messages: trackerPageMessages(),
    });
    expect(config.messages?.content_widgetLabel).toBe('Service Feedback for $1');
    await expect(sendMessage('page.config', { origin: 'not an origin' })).rejects.toThrow(/not an origin/);
  });

  it('page.config: the zone tables cover the years around the clock, DST transitions included', async () => {
    clock = new Date('2030-06-01T00:00:00.000Z');
    const config = await sendMessage('page.config', { origin: 'https://acme.atlassian.net' });
    const newYork = config.calendars.find((calendar) => calendar.timeZone === 'America/New_York')?.zoneTable;
    expect(newYork).toMatchObject({ timeZone: 'America/New_York', fromYear: 2029, toYear: 2031, offsetAtStart: -5 * 3_600_000 });
    expect(newYork?.transitions.map((transition) => new Date(transition.at).toISOString().slice(0, 10))).toEqual([
      '2029-03-11', '2029-11-04', '2030-03-10', '2030-11-03', '2031-03-09', '2031-11-02',
    ]);
  });

  it('page.config: a calendar in a zone Intl does not know goes without a table', () => {
    const mars = { ...exampleConfig.calendars[0]!, timeZone: 'Mars/Olympus' };
    expect(withZoneTables([mars], clock)).toEqual([mars]);
  });

  it.each([
    ['https://github.com', ['github'], false],
    ['https://acme.atlassian.net', ['jira-cloud'], false],
    ['https://gitlab.com', ['jira-cloud', 'github'], true],
    ['https://github.com', [], true],
    // Only the built-in hosts: GitHub Enterprise and self-managed GitLab are custom trackers.
    ['https://github.corp.example', ['github', 'gitlab', 'jira-cloud'], true],
    ['https://gitlab.corp.example', ['github', 'gitlab', 'jira-cloud'], true],
  ])('page.config on %s with %j switched off: enabled %s', async (origin, disabledBuiltIns, enabled) => {
    await setSettings({ disabledBuiltIns });
    expect((await sendMessage('page.config', { origin })).enabled).toBe(enabled);
  });

  it.each([
    ['jira-cloud', 'jira'],
    ['github', 'github'],
    ['gitlab', 'gitlab'],
  ] as const)('the %s switch covers exactly the %s adapter\'s built-in hosts', (name, adapter) => {
    const urls = ['https://acme.atlassian.net', 'http://acme.atlassian.net', 'https://jira.corp.example', 'https://github.com', 'http://github.com', 'https://github.corp.example', 'https://gitlab.com', 'https://gitlab.corp.example', 'https://notgithub.com'];
    expect(urls.filter((url) => BUILT_IN_HOSTS[name](new URL(url)))).toEqual(urls.filter((url) => adapters[adapter].isBuiltInHost(new URL(url))));
    expect(urls.some((url) => BUILT_IN_HOSTS[name](new URL(url)))).toBe(true);
  });

  it('ignores messages from other extensions', async () => {
    const reply = vi.fn();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'outbox.status', payload: {} }, { id: 'someone-else' }, reply);
    expect(reply).not.toHaveBeenCalled();
  });

  it('without a backend the outbox says so and keeps ratings waiting', async () => {
    await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
    await sendMessage('rating.submit', { ticketUrl: jiraTicket(1).url, draft: { overall: 5 } });
    const status = await sendMessage('sync.now', {});
    expect(status).toMatchObject({ backendConfigured: false, counts: { waiting: 1, synced: 0 } });
  });

  it('the daily housekeeping forgets tickets older than historyDays, but not ones with unsent ratings', async () => {
    clock = new Date('2026-07-01T08:00:00.000Z');
    await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
    await sendMessage('ticket.seen', { ticket: jiraTicket(2) });
    await sendMessage('rating.submit', { ticketUrl: jiraTicket(2).url, draft: { overall: 3 } });
    clock = new Date('2026-11-05T08:00:00.000Z');
    await sendMessage('ticket.seen', { ticket: jiraTicket(3) });
    await fakeBrowser.alarms.onAlarm.trigger({ name: RETENTION_ALARM, scheduledTime: clock.getTime() });
    await expect.poll(async () => (await db.getAllKeys('tickets')).sort()).toEqual([jiraTicket(2).url, jiraTicket(3).url]);
  });

  describe('with a backend', () => {
    beforeEach(async () => {
      server = await startRatingsServer();
      await setSettings({ backendUrl: server.url, token: 'good', anonymous: true });
    });

    it('flushes on submit and reports the outbox', async () => {
      await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
      await sendMessage('rating.submit', { ticketUrl: jiraTicket(1).url, draft: { overall: 5 } });
      await expect.poll(() => server!.rows.size).toBe(1);
      await expect.poll(async () => (await sendMessage('outbox.status', {})).counts.synced).toBe(1);
      expect([...server!.rows.values()][0]).not.toHaveProperty('rater');
      expect((await sendMessage('outbox.status', {})).lastSyncAt).toBe(clock.toISOString());
    });

    it('Sync now picks up the remote config and retries held ratings; a new token releases the auth state', async () => {
      server!.setConfig({ ...exampleConfig, ratingWindowDays: 7 });
      server!.misbehave({ kind: 'status', status: 401, body: { error: 'token expired' } });
      await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
      await sendMessage('rating.submit', { ticketUrl: jiraTicket(1).url, draft: { overall: 3 } });
      await expect.poll(async () => (await sendMessage('outbox.status', {})).counts.auth).toBe(1);
      expect((await sendMessage('outbox.status', {})).lastError).toMatchObject({ kind: 'auth', message: 'token expired' });

      await setSettings({ backendUrl: server!.url, token: 'fresh' });
      await expect.poll(async () => (await sendMessage('outbox.status', {})).counts.synced).toBe(1);
      expect(server!.requests.at(-1)?.authorization).toBe('Bearer fresh');

      const status = await sendMessage('sync.now', {});
      expect(status.lastError).toBeUndefined();
      const cached = (await fakeBrowser.storage.local.get(REMOTE_CONFIG_KEY))[REMOTE_CONFIG_KEY] as { config: RemoteConfig; etag: string };
      expect(cached.config.ratingWindowDays).toBe(7);
      expect(cached.etag).toMatch(/^"/);
    });

    it("page.config hands out the backend's cached catalogue over the local one", async () => {
      const [platform] = exampleConfig.services;
      server!.setConfig({ ...exampleConfig, services: [platform!] });
      await sendMessage('sync.now', {});
      const config = await sendMessage('page.config', { origin: 'https://github.com' });
      expect(config.services.map((service) => service.id)).toEqual([platform!.id]);
      expect(exampleConfig.services.length).toBeGreaterThan(1);
    });

    it('on browser start-up, ratings stuck in syncing are sent again', async () => {
      await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
      await setSettings({});
      await sendMessage('rating.submit', { ticketUrl: jiraTicket(1).url, draft: { overall: 4 } });
      await claimDue(db, { now: clock.getTime(), limit: 100 });
      await setSettings({ backendUrl: server!.url, token: 'good' });
      await fakeBrowser.runtime.onStartup.trigger();
      await expect.poll(async () => (await sendMessage('outbox.status', {})).counts).toMatchObject({ synced: 1, syncing: 0 });
      expect(server!.rows.size).toBe(1);
      expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toMatchObject({ periodInMinutes: 1 });
    });

    it('on browser start-up, a rating waiting out its backoff is sent at once', async () => {
      server!.misbehave({ kind: 'status', status: 503 });
      await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
      await sendMessage('rating.submit', { ticketUrl: jiraTicket(1).url, draft: { overall: 4 } });
      await expect.poll(async () => (await sendMessage('outbox.status', {})).lastError?.kind).toBe('server');
      await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: clock.getTime() });
      expect(server!.rows.size).toBe(0); // still backing off
      await fakeBrowser.runtime.onStartup.trigger();
      await expect.poll(() => server!.rows.size).toBe(1);
      await expect.poll(async () => (await sendMessage('outbox.status', {})).counts.synced).toBe(1);
    });

    it('the sync alarm retries once the backoff has passed', async () => {
      server!.misbehave({ kind: 'status', status: 503 });
      await sendMessage('ticket.seen', { ticket: jiraTicket(1) });
      await sendMessage('rating.submit', { ticketUrl: jiraTicket(1).url, draft: { overall: 4 } });
      await expect.poll(async () => (await sendMessage('outbox.status', {})).lastError?.kind).toBe('server');
      await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: clock.getTime() });
      expect(server!.requests).toHaveLength(1);
      clock = new Date(clock.getTime() + 46_000);
      await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: clock.getTime() });
      await expect.poll(() => server!.rows.size).toBe(1);
    });
  });
});

describe('page config notices to open tabs', () => {
  type Delivery = { tabId: number; message: unknown };
  let delivered: Delivery[];
  let attempts: number[];
  const quiet = () => new Promise((resolve) => setTimeout(resolve, NOTICE_DELAY_MS * 2));

  beforeEach(async () => {
    delivered = [];
    attempts = [];
    // Two tracker tabs run our content script; the others (fakeBrowser's first tab, a new-tab
    // page) have no receiving end and reject, as Chrome's do.
    const withScript = new Set<number | undefined>();
    withScript.add((await fakeBrowser.tabs.create({ url: 'https://github.com/acme/platform/issues/42' })).id);
    await fakeBrowser.tabs.create({ url: 'chrome://newtab/' });
    withScript.add((await fakeBrowser.tabs.create({ url: 'https://acme.atlassian.net/browse/IT-1' })).id);
    // fakeBrowser has no tabs.sendMessage; this stands in for the content scripts' side of it.
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (tabId: number, message: unknown) => {
      attempts.push(tabId);
      if (!withScript.has(tabId)) throw new Error('Could not establish connection. Receiving end does not exist.');
      delivered.push({ tabId, message });
    }) as never);
  });
  afterEach(async () => {
    await quiet(); // a notice still pending would land in the next test
    vi.restoreAllMocks();
  });

  it('switching a built-in tracker off tells every tab with a bare notice; a tab without our script rejecting is ignored', async () => {
    const errors = vi.spyOn(console, 'error');
    await setSettings({ token: 'secret', disabledBuiltIns: ['github'] });
    await expect.poll(() => delivered.length).toBe(2);
    const everyTab = (await fakeBrowser.tabs.query({})).map((tab) => tab.id);
    expect(everyTab).toHaveLength(4);
    expect(attempts.sort()).toEqual(everyTab.sort());
    expect(delivered.map((delivery) => delivery.message)).toEqual([{ type: 'page.config.changed' }, { type: 'page.config.changed' }]);
    expect(errors).not.toHaveBeenCalled();
    // What the tabs then ask for reflects the change.
    expect((await sendMessage('page.config', { origin: 'https://github.com' })).enabled).toBe(false);
  });

  it('a burst of setting writes makes one notice per tab', async () => {
    // Someone typing ignored responders in the options: a write every NOTICE_DELAY_MS / 4.
    for (const ignored of [['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd', 'e']]) {
      await setSettings({ ignoredResponders: ignored });
      await new Promise((resolve) => setTimeout(resolve, NOTICE_DELAY_MS / 4));
    }
    await expect.poll(() => delivered.length).toBe(2);
    await quiet();
    expect(attempts).toHaveLength(4);
  });

  it.each([
    ['switching a built-in tracker on', { disabledBuiltIns: ['github'] }, { disabledBuiltIns: [] }, true],
    ['a new custom tracker', {}, { trackers: [{ origin: 'https://jira.example.com', type: 'jira' }] }, true],
    ['new ignored responders', {}, { ignoredResponders: ['renovate'] }, true],
    ['a new local catalogue', {}, { local: { ...exampleConfig, services: [] } }, true],
    ['a new token (the page never sees it)', { token: 'old' }, { token: 'new' }, false],
    ['history and sync options', {}, { historyDays: 30, anonymous: true, sendTitles: false }, false],
    ['the same settings written again', { ignoredResponders: ['renovate'] }, { ignoredResponders: ['renovate'] }, false],
  ])('%s: notice %s', async (_case, before, after, notified) => {
    await setSettings(before);
    await quiet();
    attempts.length = 0;
    delivered.length = 0;
    await setSettings(after);
    await quiet();
    expect(delivered).toHaveLength(notified ? 2 : 0);
  });

  it('a new catalogue from the backend tells the tabs; a refresh the backend answers 304 does not', async () => {
    server = await startRatingsServer();
    server.setConfig(exampleConfig);
    await setSettings({ backendUrl: server.url, token: 'good' });
    const cached = async () => (await fakeBrowser.storage.local.get(REMOTE_CONFIG_KEY))[REMOTE_CONFIG_KEY] as { fetchedAt: string } | undefined;
    await expect.poll(cached).toBeDefined(); // the new backend's catalogue arrived
    await quiet();
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    delivered.length = 0;

    const firstFetch = (await cached())!.fetchedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await sendMessage('sync.now', {}); // 304: only fetchedAt is rewritten
    expect((await cached())!.fetchedAt).not.toBe(firstFetch);
    await quiet();
    expect(delivered).toHaveLength(0);

    server.setConfig({ ...exampleConfig, services: exampleConfig.services.slice(0, 1) });
    await sendMessage('sync.now', {});
    await expect.poll(() => delivered.length).toBe(2);
  });

  it('selector overrides pushed by the backend tell the tabs, and page.config then carries them (detection health)', async () => {
    server = await startRatingsServer();
    server.setConfig(exampleConfig);
    await setSettings({ backendUrl: server.url, token: 'good' });
    await expect.poll(async () => (await fakeBrowser.storage.local.get(REMOTE_CONFIG_KEY))[REMOTE_CONFIG_KEY]).toBeDefined();
    await quiet();
    delivered.length = 0;
    const selectorOverrides = { github: { state: ['[data-component="IssueStateChip"]'] } };
    server.setConfig({ ...exampleConfig, selectorOverrides });
    await sendMessage('sync.now', {});
    await expect.poll(() => delivered.length).toBe(2);
    expect((await sendMessage('page.config', { origin: 'https://github.com' })).selectorOverrides).toEqual(selectorOverrides);
  });
});
