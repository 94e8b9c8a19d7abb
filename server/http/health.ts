/** `GET /v1/health`: no token; answers only when the store does. */
import { Hono } from 'hono';
import type { Deps, Env } from './context';

export const healthRoutes = ({ store, now }: Deps) =>
  new Hono<Env>().get('/', async (c) => {
    await store.ping();
    return c.json({ status: 'ok', time: new Date(now()).toISOString() });
  });
