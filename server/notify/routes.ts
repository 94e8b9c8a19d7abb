/**
 * `GET /v1/admin/deliveries?state=&limit=` and `POST /v1/admin/deliveries/:id/retry` (admin only).
 * Targets are shown by type and host: a Slack or WeCom URL is itself a secret.
 */
import { Hono } from 'hono';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';
import type { DeliveryState } from '../store/notify';
import { redactUrl, targetKey } from './config';

const STATES: readonly DeliveryState[] = ['pending', 'delivering', 'delivered', 'failed'];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const listDoc = doc({
  summary: 'Chat and webhook deliveries (targets shown by type and host only: their URLs are secrets)',
  tag: 'admin',
  callers: ['admin'],
  query: { state: STATES.join(' | '), limit: '1–500, default 100' },
  ok: { status: 200, description: '`{ deliveries }`, newest first' },
  errors: [400, 403],
});
const retryDoc = doc({
  summary: 'Send a failed delivery again',
  tag: 'admin',
  callers: ['admin'],
  ok: { status: 200, description: 'Queued again' },
  errors: [400, 403, 404],
});

export function deliveriesRoutes({ store, config, now, access }: Deps) {
  const targets = new Map(
    config.services.flatMap((service) =>
      service.notify.map((target) => [`${service.id}/${targetKey(target)}`, { type: target.type, host: redactUrl(target.url) }] as const),
    ),
  );
  return new Hono<Env>()
    .use('*', access.requireRole(['admin']))
    .get('/', listDoc, async (c) => {
      const state = c.req.query('state');
      if (state !== undefined && !STATES.includes(state as DeliveryState)) return fail(c, 400, `state: must be one of ${STATES.join(', ')}`);
      const limitText = c.req.query('limit') ?? '100';
      const limit = Number(limitText);
      if (!/^\d+$/.test(limitText) || limit < 1 || limit > 500) return fail(c, 400, 'limit: must be a whole number from 1 to 500');
      const rows = await store.listDeliveries({ state: state as DeliveryState | undefined, limit });
      return c.json({
        deliveries: rows.map((row) => ({
          id: row.id,
          eventId: row.eventId,
          eventType: row.eventType,
          serviceId: row.serviceId,
          target: targets.get(`${row.serviceId}/${row.targetKey}`) ?? { type: null, host: null },
          state: row.state,
          attempts: row.attempts,
          nextAttemptAt: iso(row.nextAttemptAt),
          lastStatus: row.lastStatus,
          lastError: row.lastError,
          deliveredAt: iso(row.deliveredAt),
        })),
      });
    })
    .post('/:id/retry', retryDoc, async (c) => {
      const idText = c.req.param('id');
      if (!/^\d{1,15}$/.test(idText)) return fail(c, 400, 'id: must be a delivery id (a whole number)');
      if (!(await store.retryDelivery(Number(idText), now()))) return fail(c, 404, `id: no failed delivery ${idText}`);
      return c.json({ id: Number(idText), state: 'pending' });
    });
}
