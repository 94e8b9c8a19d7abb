/**
 * `POST /v1/ratings` (ingest, admin or personal token): `{ ratings: Rating[] }`, 1–500 → `RatingsResponse`.
 * With a personal token the stored rater is that person, whatever the body says; a rating sent
 * without `rater` (anonymous) stays anonymous, and only that person can edit it.
 */
import { Hono } from 'hono';
import { RatingsRequest, RatingsResponse } from '../../utils/contracts/schema';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';
import { ingestRatings, readBatch } from './ingest';

/** `application/json`, with or without parameters such as `; charset=utf-8`. */
const JSON_TYPE = /^application\/json\s*(;|$)/i;

const postRatingsDoc = doc({
  summary: 'Store ratings (idempotent by id)',
  tag: 'ratings',
  callers: ['ingest', 'admin', 'person'],
  description: 'A new id is inserted; the same id with a newer `ratedAt` from the same rater replaces it. With a personal token the stored rater is that person.',
  body: {
    schema: RatingsRequest,
    example: {
      ratings: [
        {
          id: '0b6f3c1e-6a7d-4a55-9d0e-3f1c2b4a5d6e',
          ticketKey: 'IT-42',
          ticketUrl: 'https://acme.atlassian.net/browse/IT-42',
          tracker: 'jira',
          origin: 'https://acme.atlassian.net',
          serviceId: 'it-helpdesk',
          ticketTitle: 'Laptop does not boot',
          overall: 2,
          communication: 3,
          tags: ['slow'],
          comment: 'Took a week to get an answer.',
          rater: 'alice@example.com',
          ratedAt: '2026-11-30T09:00:00.000Z',
          resolvedAt: '2026-11-29T16:00:00.000Z',
          slaMet: false,
        },
      ],
    },
  },
  ok: { status: 200, description: 'Stored on disk: counts per outcome', json: { schema: RatingsResponse, example: { accepted: 1, duplicates: 0, rejected: [] } } },
  errors: [400, 403, 413, 415],
});

export const ratingsRoutes = ({ store, now, access, raterKey }: Deps) =>
  new Hono<Env>().post('/', postRatingsDoc, access.requireRole(['ingest', 'admin', 'person']), async (c) => {
    if (!JSON_TYPE.test(c.req.header('Content-Type') ?? '')) {
      return fail(c, 415, 'content-type: must be application/json');
    }
    const batch = readBatch(new Uint8Array(await c.req.arrayBuffer()));
    if (!batch.ok) return fail(c, 400, batch.error);
    const person = c.get('identity').person;
    const ratings = person ? batch.ratings.map((rating) => asPerson(rating, person.email)) : batch.ratings;
    // A person's ratings carry their keyed hash, so only they can edit them, anonymous ones too;
    // through a shared token (ingest, admin) a rating is stored as unverified.
    const source = person ? { raterKey: await raterKey(person.email), verified: true } : { raterKey: null, verified: false };
    return c.json(await ingestRatings(ratings, store, now(), source));
  });

function asPerson(rating: unknown, email: string): unknown {
  if (typeof rating !== 'object' || rating === null || Array.isArray(rating)) return rating;
  const { rater, ...rest } = rating as Record<string, unknown>;
  return rater === undefined ? rest : { ...rest, rater: email };
}
