/**
 * "Did this settle it?": the person's answer goes through an outbox of its own, on the reply
 * record (`pendingAnswer`), written before any request. Flushing sends `POST
 * /v1/ratings/:id/answer` and clears the pending answer only after a 2xx for that revision, so an
 * answer given offline waits for days, and a worker killed mid-send sends it again — which the
 * backend absorbs (idempotent, the latest answer wins), so it holds the answer once.
 */
import type { Answer } from '../../../utils/contracts/replies';
import { backoffDelay } from '../../../utils/feedback/retry';
import type { Settings } from '../../../platform/settings';
import { postToBackend, readErrorMessage } from '../backend-request';
import { readAllReplies, ReplyRecord, updateSyncMeta, type FeedbackDb } from '../storage/db';

/** Stores the answer as pending (a newer answer replaces an unsent one) and shows it at once. */
export async function saveAnswer(db: FeedbackDb, ratingId: string, answer: Answer, now: number): Promise<void> {
  const tx = db.transaction('replies', 'readwrite');
  const parsed = ReplyRecord.safeParse(await tx.store.get(ratingId));
  if (!parsed.success) throw new Error('reply.answer: no reply is stored for this rating');
  const record = parsed.data;
  const revision = (record.pendingAnswer?.revision ?? -1) + 1;
  const clean: Answer = { resolved: answer.resolved, ...(answer.comment?.trim() ? { comment: answer.comment.trim() } : {}) };
  await tx.store.put({ ...record, answer: clean, pendingAnswer: { ...clean, revision, nextAttemptAt: now, attempts: 0 } });
  await tx.done;
}

export interface AnswerFlushResult {
  sent: number;
  failed: number;
}

export async function flushAnswers(options: { db: FeedbackDb; settings: Pick<Settings, 'backendUrl' | 'token'>; now?: () => number; fetchImpl?: typeof fetch; timeoutMs?: number; force?: boolean }): Promise<AnswerFlushResult> {
  const { db, settings, now = Date.now } = options;
  const result: AnswerFlushResult = { sent: 0, failed: 0 };
  const { backendUrl } = settings;
  if (!backendUrl) return result;
  const due = (await readAllReplies(db)).filter((record) => record.pendingAnswer && (options.force || record.pendingAnswer.nextAttemptAt <= now()));
  for (const record of due) {
    const pending = record.pendingAnswer!;
    const body: Answer = { resolved: pending.resolved, ...(pending.comment ? { comment: pending.comment } : {}) };
    const posted = await postToBackend(`/v1/ratings/${encodeURIComponent(record.ratingId)}/answer`, body, { ...options, settings: { ...settings, backendUrl } });
    const ok = posted.kind === 'response' && posted.response.ok;
    const error = posted.kind === 'problem' ? posted.problem.message : ok ? undefined : await readErrorMessage(posted.response);
    const status = posted.kind === 'response' ? posted.response.status : undefined;
    if (status === 401 || status === 403) await updateSyncMeta(db, { lastAttemptAt: new Date(now()).toISOString(), lastError: { kind: 'auth', status, message: error ?? `HTTP ${status}`, at: new Date(now()).toISOString() } });
    // Settle against the record as it is now: an answer changed in flight stays pending.
    const tx = db.transaction('replies', 'readwrite');
    const current = ReplyRecord.safeParse(await tx.store.get(record.ratingId));
    if (current.success && current.data.pendingAnswer?.revision === pending.revision) {
      // A 4xx other than auth will not get better by retrying; the answer stays shown and is dropped from the queue.
      const final = ok || (status !== undefined && status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status));
      if (final) await tx.store.put({ ...current.data, pendingAnswer: undefined });
      else {
        const attempts = pending.attempts + 1;
        await tx.store.put({ ...current.data, pendingAnswer: { ...pending, attempts, lastError: error, nextAttemptAt: now() + backoffDelay(attempts) } });
      }
    }
    await tx.done;
    if (ok) result.sent++;
    else result.failed++;
  }
  return result;
}
