/**
 * `POST /v1/replies/query` (ingest or personal token): `{ ids: uuid[] ≤ 500 }` → the loop state of
 * those ratings that have a reply or a follow-up and that the caller speaks for (`whose.ts`). The answer carries a strong `ETag` over its body;
 * a client that sends it back in `If-None-Match` gets `304` with no body while nothing changed,
 * which makes the extension's idle poll cheap.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { RepliesQueryResponse } from '../../utils/contracts/replies';
import type { Deps, Env } from '../http/context';
import { doc } from '../http/openapi';
import { answerView, loopStateOf, readJson } from '../inbox/items';
import { speaksForRater } from './whose';

export const MAX_QUERY_IDS = 500;
export const RepliesQuery = z.object({ ids: z.array(z.uuid()).max(MAX_QUERY_IDS, `at most ${MAX_QUERY_IDS} ids`) });

export const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('base64url')}"`;

export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etag);
}

const queryDoc = doc({
  summary: 'Replies, follow-up state and answers of these ratings (only those with a reply or a follow-up)',
  tag: 'loop',
  callers: ['ingest', 'person'],
  body: { schema: RepliesQuery, example: { ids: ['0b6f3c1e-6a7d-4a55-9d0e-3f1c2b4a5d6e'] } },
  ok: { status: 200, description: 'The loop state, with a strong `ETag`', json: { schema: RepliesQueryResponse, example: { items: [] } } },
  errors: [400],
  etag: true,
});

export const repliesQueryRoutes = ({ store, config, access, raterKey }: Deps) =>
  new Hono<Env>().post('/query', queryDoc, access.requireRole(['ingest', 'person']), async (c) => {
    const body = await readJson(c, RepliesQuery);
    if (!body.ok) return body.response;
    const asked = [...new Set(body.value.ids.map((id) => id.toLowerCase()))];
    // Only ratings the caller speaks for: an owner's token learns nothing about other people's loops.
    const identity = c.get('identity');
    const callerKey = identity.person ? await raterKey(identity.person.email) : null;
    const ids = (await store.raters(asked))
      .filter((whose) => speaksForRater(identity, whose, callerKey, config.services))
      .map((whose) => whose.id)
      .sort();
    const state = await loopStateOf(store, ids);
    const items = ids.flatMap((ratingId) => {
      const followUp = state.followUp(ratingId);
      const replies = state.replies(ratingId);
      if (!followUp && replies.length === 0) return [];
      const answer = state.answer(ratingId);
      return [{
        ratingId,
        followUp: followUp ? { state: followUp.state, updatedAt: followUp.updatedAt } : { state: 'new', updatedAt: replies[0]!.at },
        replies,
        ...(answer ? { answer: answerView(answer) } : {}),
      }];
    });
    const text = JSON.stringify({ items });
    const etag = etagOf(text);
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    if (matchesEtag(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(text);
  });
