/**
 * `POST /v1/ratings` (ingest, admin or personal token): `{ ratings: Rating[] }`, 1–500 → `RatingsResponse`.
 * With a personal token the stored rater is that person, whatever the body says; a rating sent
 * without `rater` (anonymous) stays anonymous.
 */
import { Hono } from 'hono';
import { fail, type Deps, type Env } from '../http/context';
import { ingestRatings, readBatch } from './ingest';

export const ratingsRoutes = ({ store, now, access }: Deps) =>
  new Hono<Env>().post('/', access.requireRole(['ingest', 'admin', 'person']), async (c) => {
    const batch = readBatch(await c.req.text());
    if (!batch.ok) return fail(c, 400, batch.error);
    const person = c.get('identity').person;
    const ratings = person ? batch.ratings.map((rating) => asPerson(rating, person.email)) : batch.ratings;
    return c.json(await ingestRatings(ratings, store, now()));
  });

function asPerson(rating: unknown, email: string): unknown {
  if (typeof rating !== 'object' || rating === null || Array.isArray(rating)) return rating;
  const { rater, ...rest } = rating as Record<string, unknown>;
  return rater === undefined ? rest : { ...rest, rater: email };
}
