/**
 * `GET /v1/services/:id/improvements` (any token) and `POST` (owners of the service, admins):
 * short "you said, we did" notes. The latest 3 of the last 90 days also ride in `/v1/config`.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { fail, type Deps, type Env } from '../http/context';
import { Improvement } from '../../utils/contracts/replies';
import { doc } from '../http/openapi';
import { readJson } from '../inbox/items';
import { actorOf, authorName, mayOwn } from '../people/people';
import type { ImprovementRow, Store } from '../store/store';

export const ImprovementBody = z.object({ text: z.string().trim().min(1, 'must not be empty').max(1000, 'at most 1000 characters') });
export const CONFIG_IMPROVEMENTS = { perService: 3, days: 90 };

export const improvementView = (row: ImprovementRow) => ({ id: row.id, text: row.text, at: row.at, author: { name: row.authorName } });

/** Service id → its latest improvements for `/v1/config`. */
export async function configImprovements(store: Store, nowMs: number) {
  const rows = await store.improvements({
    sinceMs: nowMs - CONFIG_IMPROVEMENTS.days * 86_400_000,
    perService: CONFIG_IMPROVEMENTS.perService,
    limit: 10_000,
  });
  const byService = new Map<string, ReturnType<typeof improvementView>[]>();
  for (const row of rows) byService.set(row.serviceId, [...(byService.get(row.serviceId) ?? []), improvementView(row)]);
  return byService;
}

const listDoc = doc({
  summary: 'Improvements a service published ("you said, we did"), newest first',
  tag: 'loop',
  callers: ['ingest', 'person', 'admin'],
  ok: { status: 200, description: 'At most 100', json: { schema: z.object({ items: z.array(Improvement) }) } },
  errors: [404],
});
const publishDoc = doc({
  summary: 'Publish an improvement (owners of the service, admins)',
  tag: 'loop',
  callers: ['person', 'admin'],
  body: { schema: ImprovementBody, example: { text: 'Password resets now work from the phone app.' } },
  ok: { status: 201, description: 'Published; it rides along in `/v1/config` for 90 days', json: { schema: z.object({ improvement: Improvement }) } },
  errors: [400, 403, 404],
});

export function improvementRoutes({ store, config, now, access }: Deps) {
  const known = (id: string) => config.services.some((service) => service.id === id);
  return new Hono<Env>()
    .get('/:id/improvements', listDoc, access.requireRole(['ingest', 'person', 'admin']), async (c) => {
      const id = c.req.param('id');
      if (!known(id)) return fail(c, 404, `id: unknown service "${id}"`);
      return c.json({ items: (await store.improvements({ serviceId: id, limit: 100 })).map(improvementView) });
    })
    .post('/:id/improvements', publishDoc, access.requireRole(['person', 'admin']), async (c) => {
      const id = c.req.param('id');
      if (!known(id)) return fail(c, 404, `id: unknown service "${id}"`);
      const identity = c.get('identity');
      if (!mayOwn(identity, config.services, id)) return fail(c, 403, `id: you are not an owner of "${id}"`);
      const body = await readJson(c, ImprovementBody);
      if (!body.ok) return body.response;
      const at = new Date(now()).toISOString();
      const row = { id: randomUUID(), serviceId: id, text: body.value.text, authorName: authorName(identity), at };
      await store.addImprovement(row, { actor: actorOf(identity), at, authorEmail: identity.person?.email ?? null });
      return c.json({ improvement: improvementView(row) }, 201);
    });
}
