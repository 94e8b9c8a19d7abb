/**
 * Redmine enrichment against a real HTTP server on loopback: the `/issues/N.json?include=journals`
 * request a content script makes, answered the way app/views/issues/show.api.rsb renders it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomTracker, type Ticket } from '../../../utils/contracts/schema';
import { enrichTicket, GENERIC_PRESETS } from '../../../utils/trackers';
import { readRedmineIssue, redmineJsonUrl } from '../../../utils/trackers/generic/redmine-rest';
import { deadOrigin, recordingFetch, startTrackerServer, type TrackerServer } from './tracker-server';

let server: TrackerServer;
beforeAll(async () => {
  server = await startTrackerServer();
});
afterAll(() => server.close());

const JSON_PATH = '/redmine/issues/12.json?include=journals';

/** A closed issue with a custom closed status, as Redmine 5.1+ answers (times in UTC with Z). */
const CLOSED = {
  issue: {
    id: 12,
    project: { id: 3, name: '财务系统' },
    tracker: { id: 1, name: '缺陷' },
    status: { id: 7, name: '不予修复', is_closed: true },
    priority: { id: 4, name: '高' },
    author: { id: 3, name: '周七' },
    assigned_to: { id: 8, name: '吴八' },
    subject: '报销系统导出乱码',
    description: '…',
    created_on: '2026-10-09T01:00:00Z',
    updated_on: '2026-10-12T09:20:00Z',
    closed_on: '2026-10-12T09:20:00Z',
    journals: [
      { id: 300, user: { id: 8, name: '吴八' }, notes: '', created_on: '2026-10-09T02:00:00Z', private_notes: false, details: [{ property: 'attr', name: 'assigned_to_id' }] },
      { id: 301, user: { id: 3, name: '周七' }, notes: '补充截图', created_on: '2026-10-09T02:30:00Z', private_notes: false, details: [] },
      { id: 302, user: { id: 20, name: 'Redmine Bot' }, notes: 'auto triage', created_on: '2026-10-09T03:00:00Z', private_notes: false, details: [] },
      { id: 303, user: { id: 21, name: '值班' }, notes: '收到', created_on: '2026-10-09T03:10:00Z', private_notes: false, details: [] },
      { id: 304, user: { id: 8, name: '吴八' }, notes: '导出用的是 GBK，改成 UTF-8 后再试。', created_on: '2026-10-09T03:45:00Z', private_notes: false, details: [] },
    ],
  },
};

const tracker = (origin: string) => [CustomTracker.parse({ ...GENERIC_PRESETS.redmine, origin, type: 'generic' })];

function domTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    tracker: 'generic',
    origin: server.origin,
    key: '12',
    kind: 'issue',
    url: `${server.origin}/redmine/issues/12?tab=history`,
    title: '报销系统导出乱码',
    status: '不予修复',
    priority: '高',
    reporter: '周七',
    assignee: '吴八',
    resolved: false,
    createdAt: '2026-10-09T09:00:00.000Z', // the zone-less title read in the wrong zone
    labels: [],
    components: [],
    ...overrides,
  };
}

describe('Redmine JSON enrichment', () => {
  it('corrects the DOM ticket: is_closed, exact UTC times, first response by id past the author, bots and the ignore list', async () => {
    server.answer(JSON_PATH, CLOSED);
    const inits: RequestInit[] = [];
    const ticket = await enrichTicket(domTicket(), recordingFetch(inits), ['值班'], tracker(server.origin));
    expect(ticket).toMatchObject({
      status: '不予修复',
      resolved: true,
      reporter: '周七',
      assignee: '吴八',
      createdAt: '2026-10-09T01:00:00.000Z',
      resolvedAt: '2026-10-12T09:20:00.000Z',
      firstResponseAt: '2026-10-09T03:45:00.000Z',
    });
    // The session is ignored for .json (api_request?), and a 401 Basic challenge must not prompt: no credentials.
    expect(inits.at(-1)?.credentials).toBe('omit');
    expect(server.seen.at(-1)).toMatchObject({ url: JSON_PATH, accept: 'application/json' });
  });

  it('an open issue answered by an older Redmine (no is_closed) keeps the page\'s resolution; nobody assigned stays nobody', async () => {
    const { is_closed: _dropped, ...status } = { ...CLOSED.issue.status, name: '进行中' };
    const { assigned_to: _nobody, ...issue } = { ...CLOSED.issue, status, closed_on: null, journals: [] };
    server.answer(JSON_PATH, { issue });
    const ticket = await enrichTicket(domTicket({ status: '进行中', assignee: 'stale' }), fetch, [], tracker(server.origin));
    expect(ticket.resolved).toBe(false);
    expect(ticket.resolvedAt).toBeUndefined();
    expect(ticket.assignee).toBeUndefined();
    expect(ticket.firstResponseAt).toBeUndefined();
    expect(ticket.createdAt).toBe('2026-10-09T01:00:00.000Z');
  });

  it.each([
    ['a private issue (401 with a Basic challenge)', { status: 401, body: '', headers: { 'WWW-Authenticate': 'Basic realm="Redmine API"' } }],
    ['REST switched off (403)', { status: 403, body: '' }],
    ['a sign-in page', { status: 200, body: '<!DOCTYPE html><html><body>Login</body></html>' }],
    ['no issue envelope', { status: 200, body: JSON.stringify(CLOSED.issue) }],
    ['status without a name', { status: 200, body: JSON.stringify({ issue: { ...CLOSED.issue, status: { id: 7 } } }) }],
    ['journals not an array', { status: 200, body: JSON.stringify({ issue: { ...CLOSED.issue, journals: {} } }) }],
    ['an author without an id', { status: 200, body: JSON.stringify({ issue: { ...CLOSED.issue, author: { name: '周七' } } }) }],
    ['another issue', { status: 200, body: JSON.stringify({ issue: { ...CLOSED.issue, id: 13 } }) }],
  ])('keeps the DOM ticket on %s', async (_name, reply: { status: number; body: string; headers?: Record<string, string> }) => {
    server.answer(JSON_PATH, reply.body, reply.status, reply.headers);
    const before = domTicket();
    expect(await enrichTicket(before, fetch, [], tracker(server.origin))).toEqual(before);
  });

  it('keeps the DOM ticket when the server is gone', async () => {
    const origin = await deadOrigin();
    const before = domTicket({ origin, url: `${origin}/issues/12` });
    expect(await enrichTicket(before, fetch, [], tracker(origin))).toEqual(before);
  });

  it('asks nothing for a generic tracker without the Redmine preset', async () => {
    const asked = server.seen.length;
    const custom = [CustomTracker.parse({ origin: server.origin, type: 'generic', pathPattern: '/issues/(?<key>\\d+)', selectors: { title: 'h3', status: '.status' } })];
    const before = domTicket();
    expect(await enrichTicket(before, fetch, [], custom)).toEqual(before);
    expect(await enrichTicket(before, fetch, [], [])).toEqual(before);
    expect(server.seen.length).toBe(asked);
  });
});

describe('Redmine JSON readers', () => {
  it('builds the JSON URL under the mount path, without the query or hash', () => {
    expect(redmineJsonUrl(domTicket({ origin: 'https://r.example.org', url: 'https://r.example.org/redmine/issues/12?tab=history' }))).toBe('https://r.example.org/redmine/issues/12.json?include=journals');
    expect(redmineJsonUrl(domTicket({ origin: 'https://r.example.org', url: 'https://r.example.org/issues/12/' }))).toBe('https://r.example.org/issues/12.json?include=journals');
    expect(redmineJsonUrl(domTicket({ origin: 'https://r.example.org', url: 'https://r.example.org/projects/x/issues' }))).toBeUndefined();
  });

  it('reads null notes and a journal without a user (deleted account) without throwing', () => {
    const issue = readRedmineIssue({ issue: { ...CLOSED.issue, journals: [{ id: 1, notes: null, created_on: '2026-10-09T02:00:00Z' }, { id: 2, user: null, notes: 'x', created_on: '2026-10-09T02:00:00Z' }] } });
    expect(issue.journals).toHaveLength(2);
    expect(issue.journals?.[0]?.notes).toBeNull();
  });
});
