/**
 * `POST /v1/ratings` (ingest, admin or personal token): `{ ratings: Rating[] }`, 1–500 → `RatingsResponse`.
 * With a personal token the stored rater is that person, whatever the body says; a rating sent
 * without `rater` (anonymous) stays anonymous.
 */
import { Hono } from 'hono';
import { fail, type Deps, type Env } from '../http/context';
import { ingestRatings, readBatch } from './ingest';

/** `application/json`, with or without parameters such as `; charset=utf-8`. */
const JSON_TYPE = /^application\/json\s*(;|$)/i;

export const ratingsRoutes = ({ store, now, access }: Deps) =>
  new Hono<Env>().post('/', access.requireRole(['ingest', 'admin', 'person']), async (c) => {
    if (!JSON_TYPE.test(c.req.header('Content-Type') ?? '')) {
      return fail(c, 415, 'content-type: must be application/json');
    }
    const batch = readBatch(new Uint8Array(await c.req.arrayBuffer()));
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
