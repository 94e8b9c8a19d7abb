/**
 * Closing the loop: what the backend answers about a rating after it was sent (DESIGN.md →
 * "Closing the loop — backend API"). The worker validates every answer with these before it
 * stores anything.
 */
import { z } from 'zod';
import { IsoInstant } from './schema';

/** Most ids one `POST /v1/replies/query` may carry. */
export const REPLIES_QUERY_MAX_IDS = 500;

export const FollowUpState = z.enum(['new', 'acknowledged', 'replied', 'resolved']);
export type FollowUpState = z.infer<typeof FollowUpState>;

/** A team member's reply; `text` is plain text, shown as text, never as HTML. */
export const Reply = z.object({
  id: z.string().min(1).max(200),
  text: z.string().min(1).max(4000),
  author: z.object({ name: z.string().max(200) }),
  at: IsoInstant,
});
export type Reply = z.infer<typeof Reply>;

/** The requester's "did this settle it?". */
export const Answer = z.object({ resolved: z.boolean(), comment: z.string().max(2000).optional() });
export type Answer = z.infer<typeof Answer>;

export const RepliesQueryRequest = z.object({ ids: z.array(z.uuid()).min(1).max(REPLIES_QUERY_MAX_IDS) });

export const ReplyThread = z.object({
  ratingId: z.uuid(),
  followUp: z.object({ state: FollowUpState, updatedAt: IsoInstant }),
  replies: z.array(Reply),
  answer: Answer.optional(),
});
export type ReplyThread = z.infer<typeof ReplyThread>;

/** Only ids with a reply or a follow-up are listed. */
export const RepliesQueryResponse = z.object({ items: z.array(ReplyThread) });
export type RepliesQueryResponse = z.infer<typeof RepliesQueryResponse>;

/** `/v1/config` services carry their latest improvements ("you said, we did"); the schema lives with Service. */
export { Improvement } from './schema';
