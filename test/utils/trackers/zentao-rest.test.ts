/**
 * ZenTao enrichment against a real HTTP server on loopback: the JSON view of the same page
 * (`bug-view-123.json`, `…&t=json`) answered the way framework/base/control.class.php
 * `parseJSON` wraps a view's variables: `{ status, data: "<JSON string>", md5 }`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomTracker, type Ticket } from '../../../utils/contracts/schema';
import { enrichTicket, GENERIC_PRESETS } from '../../../utils/trackers';
import { zentaoJsonUrl, zentaoKind } from '../../../utils/trackers/generic/zentao-rest';
import { deadOrigin, recordingFetch, startTrackerServer, type TrackerServer } from './tracker-server';

let server: TrackerServer;
beforeAll(async () => {
  server = await startTrackerServer();
});
afterAll(() => server.close());

const local = (text: string) => new Date(text.replace(' ', 'T')).toISOString();
const wrap = (vars: unknown) => {
  const data = JSON.stringify(vars);
  return { status: 'success', data, md5: 'ignored' };
};
const USERS = { zhangwei: '张伟', lishi: '李十', night: '值班', closed: 'Closed' };

const BUG = {
  id: '123',
  title: '登录页验证码不显示',
  status: 'resolved',
  pri: 2,
  openedBy: 'zhangwei',
  openedDate: '2026-11-26 10:00:00',
  assignedTo: 'zhangwei',
  resolvedBy: 'lishi',
  resolvedDate: '2026-11-27 16:30:00',
  closedDate: '0000-00-00 00:00:00',
};
// PHP arrays keyed by action id arrive as an object.
const ACTIONS = {
  '901': { id: '901', actor: 'zhangwei', action: 'opened', date: '2026-11-26 10:00:00', comment: '' },
  '902': { id: '902', actor: 'zhangwei', action: 'commented', date: '2026-11-26 10:05:00', comment: '补充复现步骤' },
  '903': { id: '903', actor: 'night', action: 'commented', date: '2026-11-26 11:00:00', comment: '收到' },
  '904': { id: '904', actor: 'lishi', action: 'assigned', date: '2026-11-26 13:00:00', comment: '' },
  '905': { id: '905', actor: 'lishi', action: 'commented', date: '2026-11-26 14:20:00', comment: '<p>缓存导致，已修复</p>' },
};

const trackers = (origin: string) => [CustomTracker.parse({ ...GENERIC_PRESETS.zentao, origin, type: 'generic' })];

function domTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    tracker: 'generic',
    origin: server.origin,
    key: '123',
    kind: 'issue',
    url: `${server.origin}/zentao/bug-view-123.html`,
    title: '登录页验证码不显示',
    status: '已解决',
    priority: '2',
    resolved: true,
    labels: [],
    components: [],
    ...overrides,
  };
}

describe('ZenTao JSON enrichment', () => {
  it('fills what the frame does not show: opener, dates, first response past the opener and the ignore list — with the session', async () => {
    server.answer('/zentao/bug-view-123.json', wrap({ title: 'BUG #123', bug: BUG, users: USERS, actions: ACTIONS }));
    const inits: RequestInit[] = [];
    const ticket = await enrichTicket(domTicket(), recordingFetch(inits), ['值班'], trackers(server.origin));
    expect(ticket).toMatchObject({
      status: '已解决',
      resolved: true,
      reporter: '张伟',
      assignee: '张伟',
      createdAt: local('2026-11-26 10:00:00'),
      resolvedAt: local('2026-11-27 16:30:00'),
      firstResponseAt: local('2026-11-26 14:20:00'),
    });
    expect(inits.at(-1)?.credentials).toBe('same-origin');
  });

  it('a query URL asks with t=json; a closed story reads its closedDate; the pseudo-assignee "closed" is nobody', async () => {
    const story = { id: 46, title: '旧版导出下线', status: 'closed', openedBy: 'lishi', openedDate: '2026-10-01 09:00:00', assignedTo: 'closed', closedDate: '2026-10-20 18:00:00' };
    server.answer('/zentao/index.php?m=story&f=view&storyID=46&t=json', wrap({ story, users: USERS, actions: [] }));
    const ticket = await enrichTicket(
      domTicket({ key: 'story-46', url: `${server.origin}/zentao/index.php?m=story&f=view&storyID=46`, status: '已关闭', assignee: undefined }),
      fetch,
      [],
      trackers(server.origin),
    );
    expect(ticket).toMatchObject({ resolved: true, reporter: '李十', resolvedAt: local('2026-10-20 18:00:00') });
    expect(ticket.assignee).toBeUndefined();
  });

  it('a task that is done counts as resolved at its finishedDate, even when the page still said doing', async () => {
    const task = { id: '7', name: '升级打印服务器驱动', status: 'done', openedBy: 'lishi', openedDate: '2026-11-28 13:20:00', finishedDate: '2026-11-29 09:00:00', assignedTo: 'lishi' };
    server.answer('/zentao/task-view-7.json', wrap({ task, users: USERS }));
    const ticket = await enrichTicket(domTicket({ key: 'task-7', url: `${server.origin}/zentao/task-view-7.html`, status: '进行中', resolved: false }), fetch, [], trackers(server.origin));
    expect(ticket).toMatchObject({ resolved: true, status: '进行中', resolvedAt: local('2026-11-29 09:00:00'), reporter: '李十' });
  });

  it.each([
    ['a fail status', { status: 'fail', data: '' }],
    ['the sign-in page', '<html><script>self.location="/zentao/user-login.html"</script></html>'],
    ['data that is not JSON', { status: 'success', data: '{not json' }],
    ['data without the bug', wrap({ users: USERS })],
    ['a bug without a status', wrap({ bug: { ...BUG, status: undefined }, users: USERS })],
    ['another bug', wrap({ bug: { ...BUG, id: '124' }, users: USERS })],
    ['actions of the wrong shape', wrap({ bug: BUG, users: USERS, actions: 'none' })],
  ])('keeps the DOM ticket on %s', async (_name, body) => {
    server.answer('/zentao/bug-view-123.json', body);
    const before = domTicket();
    expect(await enrichTicket(before, fetch, [], trackers(server.origin))).toEqual(before);
  });

  it('keeps the DOM ticket on a 500 and when the server is gone', async () => {
    server.answer('/zentao/bug-view-123.json', 'boom', 500);
    const before = domTicket();
    expect(await enrichTicket(before, fetch, [], trackers(server.origin))).toEqual(before);
    const origin = await deadOrigin();
    const gone = domTicket({ origin, url: `${origin}/zentao/bug-view-123.html` });
    expect(await enrichTicket(gone, fetch, [], trackers(origin))).toEqual(gone);
  });
});

describe('ZenTao JSON readers', () => {
  it('names the kind from the key and the JSON view from the URL', () => {
    expect(zentaoKind('123')).toEqual({ kind: 'bug', id: '123' });
    expect(zentaoKind('story-45')).toEqual({ kind: 'story', id: '45' });
    expect(zentaoKind('epic-3')).toBeUndefined();
    const ticket = (url: string): Ticket => domTicket({ origin: 'https://pm.example.cn', url });
    expect(zentaoJsonUrl(ticket('https://pm.example.cn/zentao/bug-view-123.html'))).toBe('https://pm.example.cn/zentao/bug-view-123.json');
    expect(zentaoJsonUrl(ticket('https://pm.example.cn/zentao/story-view-45-2.html'))).toBe('https://pm.example.cn/zentao/story-view-45-2.json');
    expect(zentaoJsonUrl(ticket('https://pm.example.cn/zentao/index.php?m=task&f=view&taskID=7'))).toBe('https://pm.example.cn/zentao/index.php?m=task&f=view&taskID=7&t=json');
    expect(zentaoJsonUrl(ticket('https://pm.example.cn/zentao/bug-browse-3.html'))).toBeUndefined();
  });
});
