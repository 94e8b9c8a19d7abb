/** `POST /v1/ratings` (ingest or admin token): `{ ratings: Rating[] }`, 1–500 → `RatingsResponse`. */
import { Hono } from 'hono';
import { fail, type Deps, type Env } from '../http/context';
import { ingestRatings, readBatch } from './ingest';

export const ratingsRoutes = ({ store, now, access }: Deps) =>
  new Hono<Env>().post('/', access.requireRole(['ingest', 'admin']), async (c) => {
    const batch = readBatch(await c.req.text());
    if (!batch.ok) return fail(c, 400, batch.error);
    return c.json(await ingestRatings(batch.ratings, store, now()));
  });
