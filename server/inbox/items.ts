/**
 * What the loop's answers are made of: a rating as an owner sees it, its replies, follow-up and
 * the requester's answer. Shared by the inbox (API and page) and `POST /v1/replies/query`.
 * Nothing here ever carries a reply author's e-mail; an anonymous rating has no rater to show.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { describeIssues } from '../config/server-config';
import { fail } from '../http/context';
import type { AnswerRow, FollowUpRow, InboxRow, ReplyRow, Store } from '../store/store';

export interface ReplyView {
  id: string;
  text: string;
  author: { name: string };
  at: string;
}

export const replyView = (row: ReplyRow): ReplyView => ({ id: row.id, text: row.text, author: { name: row.authorName }, at: row.at });
export const answerView = (row: AnswerRow) => ({ resolved: row.resolved, ...(row.comment === null ? {} : { comment: row.comment }), at: row.at });

export function ratingView(row: InboxRow) {
  return {
    id: row.id,
    serviceId: row.serviceId,
    ticketKey: row.ticketKey,
    ticketUrl: row.ticketUrl,
    ticketTitle: row.ticketTitle,
    tracker: row.tracker,
    overall: row.overall,
    communication: row.communication,
    understanding: row.understanding,
    proactiveness: row.proactiveness,
    tags: JSON.parse(row.tags) as string[],
    comment: row.comment,
    // Anonymous ratings are stored without a rater: there is nothing to reveal.
    rater: row.rater,
    ratedAt: row.ratedAt,
    resolvedAt: row.resolvedAt,
    slaMet: row.slaMet === null ? null : row.slaMet === 1,
  };
}

/** Replies, follow-ups and answers of these ratings, grouped by rating id. */
export async function loopStateOf(store: Store, ids: readonly string[]) {
  const [replies, followUps, answers] = await Promise.all([store.replies(ids), store.followUps(ids), store.answers(ids)]);
  const repliesBy = new Map<string, ReplyView[]>();
  for (const reply of replies) repliesBy.set(reply.ratingId, [...(repliesBy.get(reply.ratingId) ?? []), replyView(reply)]);
  return {
    replies: (id: string) => repliesBy.get(id) ?? [],
    followUp: (id: string): FollowUpRow | undefined => followUps.find((row) => row.ratingId === id),
    answer: (id: string): AnswerRow | undefined => answers.find((row) => row.ratingId === id),
  };
}

export async function inboxItems(store: Store, rows: readonly InboxRow[]) {
  const state = await loopStateOf(store, rows.map((row) => row.id));
  return rows.map((row) => {
    const answer = state.answer(row.id);
    return {
      rating: ratingView(row),
      followUp: { state: row.followUpState, updatedAt: row.followUpUpdatedAt ?? row.ratedAt },
      replies: state.replies(row.id),
      ...(answer ? { answer: answerView(answer) } : {}),
    };
  });
}

/** The JSON body parsed with `schema`, or the `400 { error }` naming the field. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<{ ok: true; value: z.infer<T> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return { ok: false, response: fail(c, 400, 'body: not valid JSON') };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, response: fail(c, 400, describeIssues(parsed.error).join('; ')) };
  return { ok: true, value: parsed.data };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `:id` rating, or the 400/404 answer. */
export async function ratingOr(c: Context, store: Store, id: string): Promise<{ ok: true; row: InboxRow } | { ok: false; response: Response }> {
  if (!UUID.test(id)) return { ok: false, response: fail(c, 400, 'id: must be a UUID') };
  const row = await store.rating(id);
  if (row === null) return { ok: false, response: fail(c, 404, 'id: no rating with this id') };
  return { ok: true, row };
}
