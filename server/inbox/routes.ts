/**
 * `GET /v1/inbox?service&state&maxOverall&cursor&limit` (owners: their services; admins: all):
 * ratings newest first with follow-up, replies and answer; keyset paging with an opaque cursor.
 */
import { Hono } from 'hono';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';
import { ownedServices } from '../people/people';
import { FOLLOW_UP_STATES, type FollowUpState, type InboxFilter } from '../store/store';
import { inboxItems } from './items';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

export const encodeCursor = (ms: number, id: string) => Buffer.from(JSON.stringify([ms, id])).toString('base64url');

function decodeCursor(value: string): { ms: number; id: string } | null {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && Number.isSafeInteger(parsed[0]) && typeof parsed[1] === 'string') return { ms: parsed[0], id: parsed[1] };
  } catch {
    // falls through to the 400
  }
  return null;
}

/** Query parameters → filter (without the service scope), or the error naming the parameter. */
export function parseInboxQuery(query: Record<string, string>): { ok: true; filter: Omit<InboxFilter, 'services'> } | { ok: false; error: string } {
  const filter: Omit<InboxFilter, 'services'> = { limit: DEFAULT_PAGE };
  if (query.service) filter.service = query.service;
  if (query.state) {
    if (!FOLLOW_UP_STATES.includes(query.state as FollowUpState)) return { ok: false, error: `state: must be one of ${FOLLOW_UP_STATES.join(', ')}` };
    filter.state = query.state as FollowUpState;
  }
  if (query.maxOverall) {
    const value = Number(query.maxOverall);
    if (!Number.isInteger(value) || value < 1 || value > 5) return { ok: false, error: 'maxOverall: must be a whole number from 1 to 5' };
    filter.maxOverall = value;
  }
  if (query.limit) {
    const value = Number(query.limit);
    if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE) return { ok: false, error: `limit: must be a whole number from 1 to ${MAX_PAGE}` };
    filter.limit = value;
  }
  if (query.cursor) {
    const before = decodeCursor(query.cursor);
    if (before === null) return { ok: false, error: 'cursor: not a cursor this server gave out' };
    filter.before = before;
  }
  return { ok: true, filter };
}

const inboxDoc = doc({
  summary: "An owner's inbox: ratings of their services (admins: all), newest first, with follow-up, replies and answer",
  tag: 'loop',
  callers: ['person', 'admin'],
  query: {
    service: 'Only this service',
    state: FOLLOW_UP_STATES.join(' | '),
    maxOverall: 'Only ratings with an overall score at most this (1–5)',
    limit: `1–${MAX_PAGE}, default ${DEFAULT_PAGE}`,
    cursor: 'The `nextCursor` of the previous page',
  },
  ok: { status: 200, description: '`{ items, nextCursor }`' },
  errors: [400, 403],
});

export const inboxRoutes = ({ store, config, access }: Deps) =>
  new Hono<Env>().get('/', inboxDoc, access.requireRole(['person', 'admin']), async (c) => {
    const parsed = parseInboxQuery(c.req.query());
    if (!parsed.ok) return fail(c, 400, parsed.error);
    const owned = ownedServices(c.get('identity'), config.services);
    if (owned !== null && owned.size === 0) return fail(c, 403, 'authorization: you own no service');
    if (owned !== null && parsed.filter.service !== undefined && !owned.has(parsed.filter.service)) {
      return fail(c, 403, `service: you are not an owner of "${parsed.filter.service}"`);
    }
    // One row more than asked for tells whether another page exists.
    const rows = await store.inbox({ ...parsed.filter, services: owned && [...owned], limit: parsed.filter.limit + 1 });
    const page = rows.slice(0, parsed.filter.limit);
    const last = page.at(-1);
    return c.json({ items: await inboxItems(store, page), nextCursor: rows.length > page.length && last ? encodeCursor(last.ratedAtMs, last.id) : null });
  });
