/**
 * The report as data, for admins (bearer token or the report page's session):
 * `GET /v1/report?service&from&to` (JSON) and `GET /v1/ratings.csv?service&from&to` (every column).
 */
import { Hono } from 'hono';
import { fail, type Deps, type Env } from '../http/context';
import { ratingsCsv } from './csv';
import { loadReport, parseReportFilter } from './query';

export function reportRoutes({ store, config, now, access }: Deps) {
  return new Hono<Env>().get('/', access.requireRole(['admin'], { cookie: true }), async (c) => {
    const parsed = parseReportFilter(c.req.query());
    if (!parsed.ok) return fail(c, 400, parsed.error);
    return c.json(await loadReport(store, { filter: parsed.filter, services: config.services, catalogue: config, query: parsed.query, now: new Date(now()) }));
  });
}

export function ratingsCsvRoutes({ store, access }: Deps) {
  return new Hono<Env>().get('/', access.requireRole(['admin'], { cookie: true }), async (c) => {
    const parsed = parseReportFilter(c.req.query());
    if (!parsed.ok) return fail(c, 400, parsed.error);
    const ratings = await store.list(parsed.filter);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="ratings.csv"');
    c.header('Cache-Control', 'no-store');
    return c.body(ratingsCsv(ratings));
  });
}
