/** `GET /v1/admin/audit?rating&limit` (admins): every follow-up change, reply, answer and improvement, newest first. */
import { Hono } from 'hono';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';

const auditDoc = doc({
  summary: 'The audit trail: every follow-up change, reply, answer and improvement, with who and when',
  tag: 'admin',
  callers: ['admin'],
  query: { rating: 'Only this rating', limit: '1–1000, default 100' },
  ok: { status: 200, description: 'Newest first' },
  errors: [400, 403],
});

export const auditRoutes = ({ store, access }: Deps) =>
  new Hono<Env>().get('/', auditDoc, access.requireRole(['admin']), async (c) => {
    const { rating, limit } = c.req.query();
    const count = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > 1000) return fail(c, 400, 'limit: must be a whole number from 1 to 1000');
    const rows = await store.audit({ ratingId: rating || undefined, limit: count });
    return c.json({ items: rows.map((row) => ({ ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown) })) });
  });
