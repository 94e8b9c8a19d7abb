/** `GET /v1/health`: no token; answers only when the store does. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps, Env } from './context';
import { doc } from './openapi';

const healthDoc = doc({
  summary: 'Is the server and its database answering?',
  tag: 'health',
  callers: ['anyone'],
  ok: { status: 200, description: 'Up', json: { schema: z.object({ status: z.literal('ok'), time: z.iso.datetime() }), example: { status: 'ok', time: '2026-12-02T09:00:00.000Z' } } },
});

export const healthRoutes = ({ store, now }: Deps) =>
  new Hono<Env>().get('/', healthDoc, async (c) => {
    await store.ping();
    return c.json({ status: 'ok', time: new Date(now()).toISOString() });
  });
