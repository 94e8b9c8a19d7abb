/**
 * Jira enrichment against a real HTTP server on loopback: the same request a content script
 * makes to the site's own `/rest/api/2/issue/{key}`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../../utils/contracts/schema';
import { enrichTicket } from '../../../utils/trackers';
import { enrichJiraTicket, readJiraIssue } from '../../../utils/trackers/jira/rest';

const person = (name: string, displayName: string, extra: Record<string, unknown> = {}) => ({ name, key: name, displayName, ...extra });

/** A Data Center answer (usernames in `name`, `+0800`-style offsets without a colon). */
const DONE_ISSUE = {
  key: 'HELP-7',
  fields: {
    summary: 'Shared drive quota increase',
    created: '2026-11-02T09:00:00.000+0800',
    resolutiondate: '2026-11-03T16:30:00.000+0800',
    status: { name: 'Closed', statusCategory: { key: 'done' } },
    priority: { name: 'Minor' },
    reporter: person('mkline', 'Martin Kline'),
    assignee: person('li.si', '李四'),
    labels: ['storage'],
    components: [{ name: 'File shares' }],
    project: { key: 'HELP' },
    comment: {
      comments: [
        { author: person('mkline', 'Martin Kline'), created: '2026-11-02T09:05:00.000+0800' },
        { author: person('jira-automation', 'Automation for Jira'), created: '2026-11-02T09:06:00.000+0800' },
        { author: person('night.shift', 'Night Shift'), created: '2026-11-02T09:30:00.000+0800' },
        { author: person('li.si', '李四'), created: '2026-11-02T10:45:00.000+0800' },
      ],
    },
  },
  changelog: {
    histories: [
      { created: '2026-11-03T16:30:00.000+0800', items: [{ field: 'resolution', fromString: null, toString: 'Done' }, { field: 'status', fromString: 'Waiting for customer', toString: 'Closed' }] },
      { created: '2026-11-02T11:00:00.000+0800', items: [{ field: 'status', fromString: 'Open', toString: 'In Progress' }] },
      { created: '2026-11-03T10:00:00.000+0800', items: [{ field: 'status', fromString: 'In Progress', toString: 'Waiting for customer' }] },
    ],
  },
};

/** A Cloud answer: account ids, an app comment, and a resolution on an issue that is not done. */
const REOPENED_ISSUE = {
  key: 'OPS-12',
  fields: {
    created: '2026-11-02T01:00:00.000+0000',
    resolutiondate: '2026-11-02T05:00:00.000+0000',
    status: { name: 'Reopened', statusCategory: { key: 'indeterminate' } },
    reporter: { accountId: '712020:ann', displayName: 'Ann Smith' },
    assignee: null,
    comment: {
      comments: [
        { author: { accountId: '557058:bot', displayName: 'Jira Service Management Widget', accountType: 'app' }, created: '2026-11-02T01:01:00.000+0000' },
        { author: { accountId: '712020:eve', displayName: 'Eve Park' }, created: '2026-11-02T02:00:00.000+0000' },
      ],
    },
  },
};

const requests: IncomingMessage[] = [];
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request);
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (path === '/jira/rest/api/2/issue/HELP-7') return json(200, DONE_ISSUE);
    if (path === '/rest/api/2/issue/OPS-12') return json(200, REOPENED_ISSUE);
    if (path === '/rest/api/2/issue/ODD-1') return json(200, { key: 'ODD-1', fields: { status: 'Done' } });
    if (path === '/rest/api/2/issue/HTML-1') {
      response.writeHead(200, { 'content-type': 'text/html' });
      return response.end('<html>login</html>');
    }
    return json(403, { errorMessages: ['You do not have the permission to see the specified issue.'] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function domTicket(key: string, path = `/browse/${key}`, overrides: Partial<Ticket> = {}): Ticket {
  return { tracker: 'jira', origin, key, kind: 'issue', url: `${origin}${path}`, title: 'From the page', status: 'Open', resolved: false, labels: [], components: [], ...overrides };
}

describe('enrichJiraTicket', () => {
  it('reads dates, status category, people, first response and status history (Data Center, context path)', async () => {
    const ticket = await enrichJiraTicket(domTicket('HELP-7', '/jira/browse/HELP-7'), fetch, ['night.shift']);
    expect(ticket).toEqual({
      ...domTicket('HELP-7', '/jira/browse/HELP-7'),
      title: 'Shared drive quota increase',
      status: 'Closed',
      priority: 'Minor',
      reporter: 'mkline',
      assignee: '李四',
      project: 'HELP',
      resolved: true,
      createdAt: '2026-11-02T01:00:00.000Z',
      resolvedAt: '2026-11-03T08:30:00.000Z',
      // The reporter's own comment, the automation account and the ignored responder do not count.
      firstResponseAt: '2026-11-02T02:45:00.000Z',
      labels: ['storage'],
      components: ['File shares'],
      statusHistory: [
        { status: 'Open', at: '2026-11-02T01:00:00.000Z' },
        { status: 'In Progress', at: '2026-11-02T03:00:00.000Z' },
        { status: 'Waiting for customer', at: '2026-11-03T02:00:00.000Z' },
        { status: 'Closed', at: '2026-11-03T08:30:00.000Z' },
      ],
    });
    const request = requests.find((candidate) => candidate.url?.startsWith('/jira/rest/api/2/issue/HELP-7'));
    const query = new URL(request!.url!, origin).searchParams;
    expect(query.get('expand')).toBe('changelog');
    expect(query.get('fields')?.split(',')).toEqual(expect.arrayContaining(['created', 'resolutiondate', 'status', 'comment', 'priority']));
    expect(request!.headers.accept).toBe('application/json');
  });

  it('trusts the status category over a leftover resolution, and skips app comments (Cloud)', async () => {
    const ticket = await enrichJiraTicket(domTicket('OPS-12', '/browse/OPS-12', { resolved: true, assignee: 'Li Wei' }));
    expect(ticket.resolved).toBe(false);
    expect(ticket.resolvedAt).toBeUndefined();
    expect(ticket.status).toBe('Reopened');
    expect(ticket.reporter).toBe('712020:ann');
    expect(ticket.assignee).toBeUndefined();
    expect(ticket.firstResponseAt).toBe('2026-11-02T02:00:00.000Z');
    expect(ticket.statusHistory).toEqual([{ status: 'Reopened', at: '2026-11-02T01:00:00.000Z' }]);
  });

  it('reaches the REST API from a customer portal URL', async () => {
    const ticket = await enrichJiraTicket(domTicket('OPS-12', '/servicedesk/customer/portal/2/OPS-12'));
    expect(ticket.status).toBe('Reopened');
  });

  it.each([
    ['refused (403)', 'NOPE-1'],
    ['an answer of the wrong shape', 'ODD-1'],
    ['a login page instead of JSON', 'HTML-1'],
  ])('keeps the DOM ticket when REST gives %s', async (_what, key) => {
    const dom = domTicket(key);
    expect(await enrichJiraTicket(dom)).toEqual(dom);
  });

  it('keeps the DOM ticket when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dom = { ...domTicket('HELP-7'), origin: deadOrigin, url: `${deadOrigin}/browse/HELP-7` };
    expect(await enrichJiraTicket(dom)).toEqual(dom);
  });

  it('is what enrichTicket runs for Jira, and other trackers pass through untouched', async () => {
    expect((await enrichTicket(domTicket('OPS-12'))).status).toBe('Reopened');
    const github: Ticket = { ...domTicket('x'), tracker: 'github', key: 'acme/platform#1' };
    const before = requests.length;
    expect(await enrichTicket(github)).toBe(github);
    expect(requests.length).toBe(before);
  });
});

describe('readJiraIssue', () => {
  const withFields = (fields: Record<string, unknown>) => ({ key: 'HELP-7', fields: { ...DONE_ISSUE.fields, ...fields } });

  it('keeps changelog items whole, own `toString` included', () => {
    const item = readJiraIssue(DONE_ISSUE).changelog?.histories[1]?.items[0];
    expect(item).toEqual({ field: 'status', fromString: 'Open', toString: 'In Progress' });
    expect(Object.hasOwn(item!, 'toString')).toBe(true);
  });

  it('accepts a null assignee, priority and resolution date (nobody, none, not resolved)', () => {
    const issue = readJiraIssue(withFields({ assignee: null, priority: null, resolutiondate: null }));
    expect(issue.fields).toMatchObject({ assignee: null, priority: null, resolutiondate: null });
  });

  it.each([
    ['an array', [DONE_ISSUE]],
    ['no fields', { key: 'HELP-7' }],
    ['a key that is a number', { ...DONE_ISSUE, key: 7 }],
    ['a summary that is not a string', withFields({ summary: ['Quota'] })],
    ['a status without a name', withFields({ status: { statusCategory: { key: 'done' } } })],
    ['a status category key that is not a string', withFields({ status: { name: 'Closed', statusCategory: { key: 3 } } })],
    ['a null status', withFields({ status: null })],
    ['a person that is a string', withFields({ reporter: 'mkline' })],
    ['a display name that is not a string', withFields({ assignee: { name: 'li.si', displayName: 42 } })],
    ['labels that are not all strings', withFields({ labels: ['storage', 1] })],
    ['a component without a name', withFields({ components: [{ id: '10' }] })],
    ['comments that are not an array', withFields({ comment: { comments: {} } })],
    ['a comment without its time', withFields({ comment: { comments: [{ author: null }] } })],
    ['a history without items', { ...DONE_ISSUE, changelog: { histories: [{ created: '2026-11-03T16:30:00.000+0800' }] } }],
    ['a change item without its field', { ...DONE_ISSUE, changelog: { histories: [{ created: '2026-11-03T16:30:00.000+0800', items: [{ toString: 'Done' }] }] } }],
  ])('refuses %s', (_what, json) => {
    expect(() => readJiraIssue(json)).toThrow();
  });
});
