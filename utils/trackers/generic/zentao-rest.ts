/**
 * ZenTao enrichment from the view's own JSON. ZenTao's framework renders any page as JSON when
 * the view type is `json` (framework/base/control.class.php `parseJSON`): the same controller,
 * the same signed-in session, answering `{ status: "success", data: "<the view's variables as a
 * JSON string>", md5 }`. The view type comes from the URL: `bug-view-123.json` (path-info URLs)
 * or `…&t=json` (query URLs). The view variables hold the object (`bug` / `story` / `task`) with
 * its status code, `openedBy` (an account), `openedDate` and the resolution dates as zone-less
 * local times (read as the browser's, like the page's own cells), `users` (account → real name)
 * and `actions` (the history, with comments).
 */
import { isRecord, NotAsExpected, optionalString, record, string, type JsonRecord } from '../../contracts/read-json';
import type { Ticket } from '../../contracts/schema';
import { localTime } from '../dom';
import { getJson } from '../fetch-json';
import { finishTicket } from '../finish';
import { firstResponseAt, isBot } from '../people';

export type ZentaoKind = 'bug' | 'story' | 'task';

export interface ZentaoAction {
  actor: string;
  date: string;
  action?: string;
  comment?: string;
}

export interface ZentaoView {
  kind: ZentaoKind;
  id: string;
  status: string;
  title?: string;
  openedBy?: string;
  openedDate?: string;
  assignedTo?: string;
  resolvedDate?: string;
  closedDate?: string;
  finishedDate?: string;
  canceledDate?: string;
  users: Record<string, string>;
  actions: ZentaoAction[];
}

/** The status codes that mean done, per kind (module/<kind>/lang: statusList). */
const DONE: Record<ZentaoKind, readonly string[]> = { bug: ['resolved', 'closed'], story: ['closed'], task: ['done', 'cancel', 'closed'] };

/** ZenTao sends ids and some fields as numbers or strings; anything else is not as expected. */
const text = (obj: JsonRecord, key: string) => {
  const value = obj[key];
  return typeof value === 'number' ? String(value) : optionalString(obj, key);
};

function readActions(value: unknown): ZentaoAction[] {
  if (value === undefined || value === null) return [];
  // PHP arrays keyed by id arrive as objects; lists as arrays.
  const items = Array.isArray(value) ? value : Object.values(record(value));
  return items.map((item) => {
    const action = record(item);
    return { actor: string(action, 'actor'), date: string(action, 'date'), action: optionalString(action, 'action'), comment: optionalString(action, 'comment') };
  });
}

/** The outer answer and the view variables inside its `data` string; throws NotAsExpected otherwise. */
export function readZentaoView(value: unknown, kind: ZentaoKind): ZentaoView {
  const outer = record(value);
  if (string(outer, 'status') !== 'success') throw new NotAsExpected('status is not success');
  let data: unknown;
  try {
    data = JSON.parse(string(outer, 'data'));
  } catch {
    data = undefined;
  }
  const vars = record(data);
  const object = record(vars[kind]);
  const users = isRecord(vars.users) ? Object.fromEntries(Object.entries(vars.users).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) : {};
  return {
    kind,
    id: text(object, 'id') ?? '',
    status: string(object, 'status'),
    title: text(object, 'title') ?? text(object, 'name'),
    openedBy: text(object, 'openedBy'),
    openedDate: text(object, 'openedDate'),
    assignedTo: text(object, 'assignedTo'),
    resolvedDate: text(object, 'resolvedDate'),
    closedDate: text(object, 'closedDate'),
    finishedDate: text(object, 'finishedDate'),
    canceledDate: text(object, 'canceledDate'),
    users,
    actions: readActions(vars.actions),
  };
}

/** Which kind a ticket key names: `story-45`, `task-7`, or a bare bug number. */
export function zentaoKind(key: string): { kind: ZentaoKind; id: string } | undefined {
  const found = key.match(/^(?:(story|task)-)?(\d+)$/);
  return found ? { kind: (found[1] as ZentaoKind | undefined) ?? 'bug', id: found[2]! } : undefined;
}

/** The JSON view of the page: `….html` → `….json`, a query URL gains `t=json`. */
export function zentaoJsonUrl(ticket: Ticket): string | undefined {
  const url = new URL(ticket.url);
  if (url.origin !== ticket.origin) return undefined;
  url.hash = '';
  if (/-view-\d+[\w-]*(\.html)?$/.test(url.pathname)) url.pathname = url.pathname.replace(/(\.html)?$/, '.json');
  else if (url.searchParams.get('f') === 'view') url.searchParams.set('t', 'json');
  else return undefined;
  return url.href;
}

const when = (date: string | undefined) => (date ? localTime(date) : undefined);

export function applyZentaoView(ticket: Ticket, view: ZentaoView, ignoredResponders: readonly string[] = []): Ticket {
  const resolved = DONE[view.kind].includes(view.status);
  const name = (account: string | undefined) => (account ? (view.users[account] ?? account) : undefined);
  const doneAt =
    view.kind === 'bug'
      ? view.status === 'resolved'
        ? when(view.resolvedDate)
        : (when(view.closedDate) ?? when(view.resolvedDate))
      : view.kind === 'task'
        ? (when(view.finishedDate) ?? when(view.closedDate) ?? when(view.canceledDate))
        : when(view.closedDate);
  // A response: a history entry with a comment, by someone other than the opener, not a bot or ignored (by account or name).
  const responses = view.actions
    .filter((action) => action.comment?.trim() && action.actor !== view.openedBy && !isBot(name(action.actor) ?? action.actor, ignoredResponders))
    .map((action) => ({ author: action.actor, at: when(action.date) }));
  return finishTicket({
    ...ticket,
    title: ticket.title ?? view.title,
    // The page's words are in the reader's language; the code only fills a missing status.
    status: ticket.status ?? view.status,
    reporter: name(view.openedBy) ?? ticket.reporter,
    // A closed bug is "assigned to" the pseudo-account `closed`: nobody.
    assignee: view.assignedTo && view.assignedTo !== 'closed' ? name(view.assignedTo) : ticket.assignee,
    resolved,
    createdAt: when(view.openedDate) ?? ticket.createdAt,
    resolvedAt: resolved ? (doneAt ?? ticket.resolvedAt) : undefined,
    firstResponseAt: firstResponseAt(responses, undefined, ignoredResponders) ?? ticket.firstResponseAt,
  });
}

export async function enrichZentaoTicket(ticket: Ticket, fetchImpl: typeof fetch, ignoredResponders: readonly string[] = []): Promise<Ticket> {
  const target = zentaoKind(ticket.key);
  const url = zentaoJsonUrl(ticket);
  if (!target || !url) return ticket;
  const view = await getJson(fetchImpl, url, (value) => readZentaoView(value, target.kind));
  return view && view.id === target.id ? applyZentaoView(ticket, view, ignoredResponders) : ticket;
}
