/**
 * The report as data, for admins (bearer token or the report page's session):
 * `GET /v1/report?service&from&to` (JSON) and `GET /v1/ratings.csv?service&from&to` (every column, streamed page by page).
 */
import { Hono } from 'hono';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';
import { ratingsCsvStream } from './csv';
import { loadReport, parseReportFilter } from './query';

const reportDoc = doc({
  summary: 'The report: per service counts, averages, satisfaction, SLA met, weekly trend',
  tag: 'report',
  callers: ['admin', 'session'],
  query: { service: 'Only this service', from: 'First day, YYYY-MM-DD', to: 'Last day, YYYY-MM-DD' },
  ok: { status: 200, description: 'The report as JSON' },
  errors: [400, 403],
});
const csvDoc = doc({
  summary: 'Every matching rating as CSV, streamed',
  tag: 'report',
  callers: ['admin', 'session'],
  query: { service: 'Only this service', from: 'First day, YYYY-MM-DD', to: 'Last day, YYYY-MM-DD' },
  ok: { status: 200, description: 'One row per rating', mediaType: 'text/csv' },
  errors: [400, 403],
});

export function reportRoutes({ store, config, now, access }: Deps) {
  return new Hono<Env>().get('/', reportDoc, access.requireRole(['admin'], { cookie: true }), async (c) => {
    const parsed = parseReportFilter(c.req.query());
    if (!parsed.ok) return fail(c, 400, parsed.error);
    return c.json(await loadReport(store, { filter: parsed.filter, services: config.services, query: parsed.query, now: new Date(now()) }));
  });
}

export function ratingsCsvRoutes({ store, access }: Deps) {
  return new Hono<Env>().get('/', csvDoc, access.requireRole(['admin'], { cookie: true }), async (c) => {
    const parsed = parseReportFilter(c.req.query());
    if (!parsed.ok) return fail(c, 400, parsed.error);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="ratings.csv"');
    c.header('Cache-Control', 'no-store');
    return c.body(ratingsCsvStream(store, parsed.filter));
  });
}
