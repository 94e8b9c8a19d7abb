/**
 * `POST /v1/admin/digests` (admin only): `{ service?, weekOf? }` builds and queues that week's
 * digest now, for one service or every service with a `digest` target. `weekOf` is a Monday
 * (default: the latest week that has ended in each service's zone) and the week must have ended:
 * a digest of half a week would take the week's one digest. A week already queued (by the
 * schedule, another instance or an earlier request) is not queued again: `queued: false`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { describeIssues } from '../config/server-config';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';
import { digestTargets, digestWeek, isMonday, lastEndedWeek, queueDigest, serviceTimeZone } from './digest';

const DigestRequest = z.strictObject({
  service: z.string().min(1, 'must not be empty').max(200, 'at most 200 characters').optional(),
  weekOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .refine(isMonday, 'must be a Monday (the first day of the week)')
    .optional(),
});

const digestDoc = doc({
  summary: "Build and queue a service's weekly digest now (one service, or every service with a digest target)",
  tag: 'admin',
  callers: ['admin'],
  description: '`weekOf` is a Monday, default the latest ended week in each service\'s zone; a week already queued is not queued again (`queued: false`).',
  body: { schema: DigestRequest, example: { service: 'it-helpdesk', weekOf: '2026-03-02' } },
  ok: { status: 200, description: '`{ digests: [{ service, weekOf, queued, eventId? | reason? }] }`' },
  errors: [400, 401, 403],
});

export function digestRoutes({ store, config, now, access }: Deps) {
  return new Hono<Env>().use('*', access.requireRole(['admin'])).post('/', digestDoc, async (c) => {
    const text = await c.req.text();
    let raw: unknown = {};
    if (text.trim() !== '') {
      try {
        raw = JSON.parse(text);
      } catch {
        return fail(c, 400, 'body: not valid JSON');
      }
    }
    const parsed = DigestRequest.safeParse(raw);
    if (!parsed.success) return fail(c, 400, describeIssues(parsed.error).join('; '));
    const { service: serviceId, weekOf } = parsed.data;
    let services = config.services.filter((service) => digestTargets(service).length > 0);
    if (serviceId !== undefined) {
      const named = config.services.find((service) => service.id === serviceId);
      if (!named) return fail(c, 400, `service: unknown service "${serviceId}"`);
      if (digestTargets(named).length === 0) return fail(c, 400, `service: "${serviceId}" has no notify target with "digest" in "on"`);
      services = [named];
    }
    const at = now();
    const weeks = services.map((service) => {
      const zone = serviceTimeZone(config, service);
      return { service, zone, week: weekOf === undefined ? lastEndedWeek(at, zone) : digestWeek(weekOf, zone) };
    });
    const open = weeks.find(({ week }) => week.endMs > at);
    if (open) return fail(c, 400, `weekOf: the week of ${open.week.weekOf} has not ended yet in ${open.zone} (service "${open.service.id}")`);
    const digests = [];
    for (const { service, week } of weeks) {
      const eventId = await queueDigest(store, config, service, week, at);
      digests.push({ service: service.id, weekOf: week.weekOf, queued: eventId !== null, ...(eventId ? { eventId } : { reason: 'already queued for this week' }) });
    }
    return c.json({ digests });
  });
}
