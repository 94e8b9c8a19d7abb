/**
 * The loop on one rating, mounted at `/v1/ratings` beside ingest:
 * `POST /:id/replies` and `PATCH /:id/follow-up` (owner of the rating's service, admin),
 * `POST /:id/answer` (did the reply settle it: only whoever speaks for the requester, see `whose.ts`).
 * Every change lands in the audit trail with who and when.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { Reply } from '../../utils/contracts/replies';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';
import { actorOf, authorName, mayOwn } from '../people/people';
import { FOLLOW_UP_STATES } from '../store/store';
import { ratingOr, readJson, replyView } from '../inbox/items';
import { speaksForRater } from './whose';

export const ReplyBody = z.object({ text: z.string().trim().min(1, 'must not be empty').max(4000, 'at most 4000 characters') });
export const FollowUpBody = z.object({ state: z.enum(FOLLOW_UP_STATES as [string, ...string[]]) });
export const AnswerBody = z.object({ resolved: z.boolean(), comment: z.string().trim().max(2000, 'at most 2000 characters').optional() });

const replyDoc = doc({
  summary: 'Reply to a rating (owners of its service, admins); moves its follow-up to `replied`',
  tag: 'loop',
  callers: ['person', 'admin'],
  body: { schema: ReplyBody, example: { text: 'Sorry for the wait: we added a second person to the night shift.' } },
  ok: { status: 201, description: 'The reply as the requester will see it', json: { schema: z.object({ reply: Reply }) } },
  errors: [400, 403, 404],
});
const followUpDoc = doc({
  summary: 'Set the follow-up state of a rating (new → acknowledged → replied → resolved)',
  tag: 'loop',
  callers: ['person', 'admin'],
  body: { schema: FollowUpBody, example: { state: 'acknowledged' } },
  ok: { status: 200, description: 'The new state', json: { schema: z.object({ followUp: z.object({ state: FollowUpBody.shape.state, updatedAt: z.iso.datetime() }) }) } },
  errors: [400, 403, 404],
});
const answerDoc = doc({
  summary: 'The requester says whether the reply settled it (the latest answer wins)',
  tag: 'loop',
  callers: ['ingest', 'person'],
  body: { schema: AnswerBody, example: { resolved: false, comment: 'Still broken after the update.' } },
  ok: {
    status: 200,
    description: 'Stored',
    json: { schema: z.object({ answer: AnswerBody.extend({ at: z.iso.datetime() }) }), example: { answer: { resolved: false, at: '2026-12-02T09:00:00.000Z' } } },
  },
  errors: [400, 403, 404],
});

export function ratingLoopRoutes({ store, config, now, access, raterKey }: Deps) {
  const owner = access.requireRole(['person', 'admin']);
  return new Hono<Env>()
    .post('/:id/replies', replyDoc, owner, async (c) => {
      const found = await ratingOr(c, store, c.req.param('id'));
      if (!found.ok) return found.response;
      const identity = c.get('identity');
      if (!mayOwn(identity, config.services, found.row.serviceId)) return fail(c, 403, 'id: not a rating of a service you own');
      const body = await readJson(c, ReplyBody);
      if (!body.ok) return body.response;
      const at = new Date(now()).toISOString();
      const reply = { id: randomUUID(), ratingId: found.row.id, text: body.value.text, authorName: authorName(identity), at };
      await store.addReply(reply, { actor: actorOf(identity), at, authorEmail: identity.person?.email ?? null });
      return c.json({ reply: replyView(reply) }, 201);
    })
    .patch('/:id/follow-up', followUpDoc, owner, async (c) => {
      const found = await ratingOr(c, store, c.req.param('id'));
      if (!found.ok) return found.response;
      const identity = c.get('identity');
      if (!mayOwn(identity, config.services, found.row.serviceId)) return fail(c, 403, 'id: not a rating of a service you own');
      const body = await readJson(c, FollowUpBody);
      if (!body.ok) return body.response;
      const at = new Date(now()).toISOString();
      await store.setFollowUp(found.row.id, body.value.state as (typeof FOLLOW_UP_STATES)[number], { actor: actorOf(identity), at });
      return c.json({ followUp: { state: body.value.state, updatedAt: at } });
    })
    .post('/:id/answer', answerDoc, access.requireRole(['ingest', 'person']), async (c) => {
      const found = await ratingOr(c, store, c.req.param('id'));
      if (!found.ok) return found.response;
      const identity = c.get('identity');
      const person = identity.person;
      const [whose] = await store.raters([found.row.id]);
      const callerKey = person ? await raterKey(person.email) : null;
      if (!whose || !speaksForRater(identity, whose, callerKey, config.services)) {
        return fail(c, 403, 'id: only the person who gave this rating can answer for it');
      }
      const body = await readJson(c, AnswerBody);
      if (!body.ok) return body.response;
      const at = new Date(now()).toISOString();
      const comment = body.value.comment ? body.value.comment : null;
      await store.saveAnswer({ ratingId: found.row.id, resolved: body.value.resolved, comment, at }, { actor: person?.email ?? identity.name, at });
      return c.json({ answer: { resolved: body.value.resolved, ...(comment === null ? {} : { comment }), at } });
    });
}
