/**
 * GitLab enrichment against a real HTTP server on loopback: the same requests a content script
 * makes to the instance's own `/api/v4/projects/:path/issues/:iid` and its notes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../utils/contracts/schema';
import { enrichTicket } from '../../../utils/trackers';
import { gitLabApiPath, readGitLabIssuable, readGitLabNotes } from '../../../utils/trackers/gitlab/rest';

/** A closed issue as GitLab's API answers it (labels as full titles, times with offsets). */
const CLOSED_ISSUE = {
  iid: 42,
  title: 'VPN drops every hour',
  state: 'closed',
  created_at: '2026-11-20T09:00:00.000+08:00',
  closed_at: '2026-11-21T10:00:00.000+08:00',
  author: { id: 9, username: 'ann.dev', name: 'Ann Dev' },
  labels: ['network', 'priority::high'],
};
const NOTES = [
  { id: 1, body: 'changed the description', system: true, author: { username: 'net-oncall' }, created_at: '2026-11-20T01:01:00Z' },
  { id: 2, body: 'Logs attached.', system: false, author: { username: 'ann.dev' }, created_at: '2026-11-20T01:05:00Z' },
  { id: 3, body: 'Triage bot says hi', system: false, author: { username: 'triage', bot: true }, created_at: '2026-11-20T01:10:00Z' },
  { id: 4, body: 'Night shift ack', system: false, author: { username: 'night.shift' }, created_at: '2026-11-20T02:00:00Z' },
  { id: 5, body: 'The keep-alive timer was wrong.', system: false, author: { username: 'net-oncall' }, created_at: '2026-11-20T03:40:00Z' },
];

let server: Server;
let origin: string;
const answers = new Map<string, { status: number; body: string }>();
const seen: { url: string; accept?: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', accept: request.headers.accept });
    const answer = answers.get(request.url ?? '') ?? { status: 404, body: '{"message":"404 Not found"}' };
    response.writeHead(answer.status, { 'Content-Type': 'application/json' });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ISSUE_PATH = '/gitlab/api/v4/projects/it%2Fhelpdesk/issues/42';
const NOTES_PATH = `${ISSUE_PATH}/notes?sort=asc&order_by=created_at&per_page=100`;

function domTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    tracker: 'gitlab',
    origin,
    key: 'it/helpdesk#42',
    kind: 'issue',
    url: `${origin}/gitlab/it/helpdesk/-/issues/42`,
    title: 'VPN drops every hour',
    status: 'Open',
    reporter: 'Ann Dev',
    project: 'it/helpdesk',
    resolved: false,
    labels: ['network', 'priority'],
    components: [],
    ...overrides,
  };
}

function answer(path: string, body: unknown, status = 200): void {
  answers.set(path, { status, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('GitLab REST enrichment', () => {
  it('corrects the DOM ticket: closed, login, full label titles, dates, first response past system notes, the reporter, bots and the ignore list', async () => {
    answer(ISSUE_PATH, CLOSED_ISSUE);
    answer(NOTES_PATH, NOTES);
    const ticket = await enrichTicket(domTicket(), fetch, ['night.shift']);
    expect(ticket).toMatchObject({
      status: 'Closed',
      resolved: true,
      reporter: 'ann.dev',
      createdAt: '2026-11-20T01:00:00.000Z',
      resolvedAt: '2026-11-21T02:00:00.000Z',
      firstResponseAt: '2026-11-20T03:40:00.000Z',
      labels: ['network', 'priority::high'],
    });
    const request = seen.find((candidate) => candidate.url === ISSUE_PATH);
    expect(request?.accept).toBe('application/json');
  });

  it('reads a merged merge request from its own endpoint, merged_at first', async () => {
    const path = '/gitlab/api/v4/projects/it%2Fhelpdesk/merge_requests/7';
    answer(path, { state: 'merged', created_at: '2026-11-01T00:00:00Z', merged_at: '2026-11-02T00:00:00Z', closed_at: null, author: { username: 'li.ops' }, labels: [] });
    answer(`${path}/notes?sort=asc&order_by=created_at&per_page=100`, []);
    const mr = domTicket({ key: 'it/helpdesk!7', kind: 'pull', url: `${origin}/gitlab/it/helpdesk/-/merge_requests/7`, status: 'Merged', resolved: true });
    expect(await enrichTicket(mr)).toMatchObject({ status: 'Merged', resolved: true, resolvedAt: '2026-11-02T00:00:00.000Z', reporter: 'li.ops' });
  });

  it('keeps the issue answer when the notes request fails', async () => {
    answer(ISSUE_PATH, CLOSED_ISSUE);
    answer(NOTES_PATH, 'not json', 200);
    const ticket = await enrichTicket(domTicket({ firstResponseAt: '2026-11-20T05:00:00.000Z' }));
    expect(ticket).toMatchObject({ resolved: true, reporter: 'ann.dev', firstResponseAt: '2026-11-20T05:00:00.000Z' });
  });

  it.each([
    ['a 403', { status: 403, body: '{"message":"403 Forbidden"}' }],
    ['an HTML sign-in page', { status: 200, body: '<!DOCTYPE html><html></html>' }],
    ['state missing', { status: 200, body: JSON.stringify({ ...CLOSED_ISSUE, state: undefined }) }],
    ['labels as objects', { status: 200, body: JSON.stringify({ ...CLOSED_ISSUE, labels: [{ name: 'network' }] }) }],
    ['author without a username', { status: 200, body: JSON.stringify({ ...CLOSED_ISSUE, author: { name: 'Ann' } }) }],
    ['an array', { status: 200, body: '[]' }],
  ])('keeps the DOM ticket on %s', async (_name, reply) => {
    answers.set(ISSUE_PATH, reply);
    answer(NOTES_PATH, NOTES);
    const before = domTicket();
    expect(await enrichTicket(before)).toEqual(before);
  });

  it('keeps the DOM ticket when the server is gone', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const before = domTicket({ origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}/it/helpdesk/-/issues/42` });
    expect(await enrichTicket(before)).toEqual(before);
  });

  it('asks nothing for a group-level work item (no project API)', async () => {
    const before = seen.length;
    const group = domTicket({ key: 'acme#4', project: 'acme', url: `${origin}/groups/acme/-/work_items/4` });
    expect(await enrichTicket(group)).toEqual(group);
    expect(seen.length).toBe(before);
  });
});

describe('GitLab REST readers', () => {
  it('builds the API path under a relative URL root, work items through the issues endpoint', () => {
    expect(gitLabApiPath(domTicket({ origin: 'https://git.example.cn', url: 'https://git.example.cn/a/b/c/-/work_items/3', project: 'a/b/c' }))).toBe('https://git.example.cn/api/v4/projects/a%2Fb%2Fc/issues/3');
    expect(gitLabApiPath(domTicket({ origin: 'https://git.example.cn', url: 'https://git.example.cn/gitlab/a/b/-/merge_requests/3', project: 'a/b' }))).toBe('https://git.example.cn/gitlab/api/v4/projects/a%2Fb/merge_requests/3');
  });

  it('rejects malformed notes and issues by throwing, so the caller keeps the DOM', () => {
    expect(() => readGitLabNotes({ notes: [] })).toThrow();
    expect(() => readGitLabNotes([{ system: false, author: { username: 'x' } }])).toThrow();
    expect(() => readGitLabNotes([{ system: 'no', created_at: '2026-01-01T00:00:00Z' }])).toThrow();
    expect(() => readGitLabIssuable({ state: 1 })).toThrow();
    expect(() => readGitLabIssuable({ state: 'opened', closed_at: 5 })).toThrow();
    expect(readGitLabIssuable({ state: 'opened', closed_at: null, author: null })).toMatchObject({ state: 'opened', closed_at: null, author: null });
  });
});
