/**
 * Reply sync: asks `POST {backendUrl}/v1/replies/query` what the team answered about this
 * person's ratings of the last 90 days (batches of ≤ 500 ids) and keeps it in IndexedDB
 * (`replies`). Runs at most once per 30 s whoever asks (alarm, popup, a rated ticket page);
 * a backend that is down leaves what is stored as it is; 401/403 becomes the outbox's
 * "check your token" problem.
 */
import { z } from 'zod';
import { REPLIES_QUERY_MAX_IDS, RepliesQueryResponse, type ReplyThread } from '../../../utils/contracts/replies';
import { postToBackend, readErrorMessage } from '../backend-request';
import type { SyncProblem } from '../../../utils/contracts/messages';
import type { Settings } from '../../../platform/settings';
import { readAllRatings, readAllReplies, readReplySyncMeta, updateSyncMeta, ReplyRecord, type FeedbackDb } from '../storage/db';

export const REPLY_WINDOW_DAYS = 90;
export const REPLY_SYNC_MIN_INTERVAL_MS = 30_000;
export const REPLY_ALARM = 'sf-reply-sync';
export const REPLY_PERIOD_MINUTES = 15;

const DAY_MS = 24 * 60 * 60_000;

export interface ReplySyncOptions {
  db: FeedbackDb;
  settings: Pick<Settings, 'backendUrl' | 'token'>;
  now?: () => number;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

export interface ReplySyncResult {
  /** `local`: no backend; `throttled`: checked less than 30 s ago. */
  state: 'local' | 'throttled' | 'done' | 'failed';
  /** Replies not stored before this sync (for a notification). */
  newReplies: number;
  problem?: SyncProblem;
}

/** True while the newest reply is one the person has not seen. */
export function isUnread(record: Pick<ReplyRecord, 'replies' | 'readReplyId'>): boolean {
  const newest = newestReply(record);
  return newest !== undefined && newest.id !== record.readReplyId;
}

export function newestReply(record: Pick<ReplyRecord, 'replies'>): ReplyRecord['replies'][number] | undefined {
  return record.replies.reduce<ReplyRecord['replies'][number] | undefined>((newest, reply) => (!newest || reply.at >= newest.at ? reply : newest), undefined);
}

/** Rating ids the backend may have answered: rated within the reply window. */
async function ratingsToAsk(db: FeedbackDb, now: number): Promise<Map<string, { ticketUrl: string; ratedAt: string }>> {
  const since = now - REPLY_WINDOW_DAYS * DAY_MS;
  const asked = new Map<string, { ticketUrl: string; ratedAt: string }>();
  for (const record of await readAllRatings(db)) {
    if (Date.parse(record.rating.ratedAt) >= since) asked.set(record.id, { ticketUrl: record.ticketUrl, ratedAt: record.rating.ratedAt });
  }
  return asked;
}

type QueryResult = { kind: 'ok'; items: ReplyThread[]; etag?: string } | { kind: 'unchanged' } | { kind: 'problem'; problem: Omit<SyncProblem, 'at'> };

/** A batch's key for its ETag: the same ids (in any order) are the same question. */
async function batchKey(ids: readonly string[]): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode([...ids].sort().join(',')));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function query(ids: string[], etag: string | undefined, options: ReplySyncOptions & { settings: { backendUrl: string } }): Promise<QueryResult> {
  const posted = await postToBackend('/v1/replies/query', { ids }, options, etag ? { 'if-none-match': etag } : {});
  if (posted.kind === 'problem') return posted;
  const { response } = posted;
  const { status } = response;
  // Nothing changed since the answer whose ETag we sent: an idle check costs one empty reply.
  if (status === 304) return { kind: 'unchanged' };
  if (status === 401 || status === 403) return { kind: 'problem', problem: { kind: 'auth', status, message: await readErrorMessage(response) } };
  if (status < 200 || status >= 300) return { kind: 'problem', problem: { kind: status >= 500 ? 'server' : 'invalid-response', status, message: `HTTP ${status}` } };
  try {
    const parsed = RepliesQueryResponse.safeParse(await response.json());
    if (parsed.success) return { kind: 'ok', items: parsed.data.items, etag: response.headers.get('etag') ?? undefined };
    return { kind: 'problem', problem: { kind: 'invalid-response', status, message: z.prettifyError(parsed.error) } };
  } catch (error) {
    return { kind: 'problem', problem: { kind: 'invalid-response', status, message: error instanceof Error ? error.message : String(error) } };
  }
}

/** Reply records of ratings older than the reply window go, like the ratings they answer. */
export async function pruneReplies(db: FeedbackDb, now: number): Promise<number> {
  const since = now - REPLY_WINDOW_DAYS * DAY_MS;
  const tx = db.transaction('replies', 'readwrite');
  let removed = 0;
  let cursor = await tx.store.openCursor();
  while (cursor) {
    const parsed = ReplyRecord.safeParse(cursor.value);
    // A corrupt record is of no use to anyone: it is dropped, not shown.
    if (!parsed.success || Date.parse(parsed.data.ratedAt) < since) {
      await cursor.delete();
      removed++;
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return removed;
}

export async function syncReplies(options: ReplySyncOptions & { force?: boolean }): Promise<ReplySyncResult> {
  const { db, settings, now = Date.now } = options;
  const { backendUrl } = settings;
  if (!backendUrl) return { state: 'local', newReplies: 0 };
  const meta = await readReplySyncMeta(db);
  const startedAt = now();
  if (!options.force && meta.lastCheckAt && startedAt - Date.parse(meta.lastCheckAt) < REPLY_SYNC_MIN_INTERVAL_MS) return { state: 'throttled', newReplies: 0 };
  // Written before the network is touched, so callers arriving meanwhile are throttled too.
  await db.put('meta', { ...meta, lastCheckAt: new Date(startedAt).toISOString() });

  await pruneReplies(db, startedAt);
  const asked = await ratingsToAsk(db, startedAt);
  const ids = [...asked.keys()];
  const threads: ReplyThread[] = [];
  const etags: Record<string, string> = {};
  for (let start = 0; start < ids.length; start += REPLIES_QUERY_MAX_IDS) {
    const batch = ids.slice(start, start + REPLIES_QUERY_MAX_IDS);
    const key = await batchKey(batch);
    const result = await query(batch, meta.etags[key], { ...options, settings: { ...settings, backendUrl } });
    if (result.kind === 'unchanged') {
      etags[key] = meta.etags[key]!;
      continue;
    }
    if (result.kind === 'problem') {
      const problem: SyncProblem = { ...result.problem, at: new Date(now()).toISOString() };
      // Only a refused token is the person's to fix; a backend that is down is the outbox's business.
      if (problem.kind === 'auth') await updateSyncMeta(db, { lastAttemptAt: problem.at, lastError: problem });
      return { state: 'failed', newReplies: 0, problem };
    }
    threads.push(...result.items);
    if (result.etag) etags[key] = result.etag;
  }

  const known = new Map((await readAllReplies(db)).map((record) => [record.ratingId, record]));
  const fetchedAt = new Date(now()).toISOString();
  let newReplies = 0;
  const tx = db.transaction('replies', 'readwrite');
  for (const thread of threads) {
    const rating = asked.get(thread.ratingId);
    // The backend answered an id we did not ask about: not ours to store.
    if (!rating) continue;
    const previous = known.get(thread.ratingId);
    const seenIds = new Set(previous?.replies.map((reply) => reply.id));
    newReplies += thread.replies.filter((reply) => !seenIds.has(reply.id)).length;
    // An answer still on its way is the person's latest word; the backend's copy is older.
    const answer = previous?.pendingAnswer ? previous.answer : thread.answer;
    await tx.store.put(ReplyRecord.parse({ ...thread, ...rating, answer, fetchedAt, readReplyId: previous?.readReplyId, pendingAnswer: previous?.pendingAnswer } satisfies ReplyRecord));
  }
  await tx.done;
  // Only the batches asked this time keep an ETag, so the map never outgrows the ratings.
  await db.put('meta', { ...(await readReplySyncMeta(db)), lastSuccessAt: fetchedAt, etags });
  return { state: 'done', newReplies };
}

/** Marks the newest reply of each rating as read. */
export async function markRepliesRead(db: FeedbackDb, ratingIds: readonly string[]): Promise<void> {
  const tx = db.transaction('replies', 'readwrite');
  for (const id of ratingIds) {
    const parsed = ReplyRecord.safeParse(await tx.store.get(id));
    if (!parsed.success) continue;
    const newest = newestReply(parsed.data);
    if (newest) await tx.store.put({ ...parsed.data, readReplyId: newest.id });
  }
  await tx.done;
}
