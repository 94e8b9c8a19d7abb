/**
 * The ratings outbox: a state machine over IndexedDB records.
 *
 *   waiting ──claim──▶ syncing ──accepted/duplicate──▶ synced
 *      ▲                  │──rejected (per rating)──▶ rejected   (kept with the reason; an edit re-queues)
 *      └──backoff─────────┤──401/403──────────────────▶ auth       (re-queued when the token changes / Sync now)
 *                         └──worker died (stale)──────▶ waiting    (re-send is safe: the server is idempotent by id)
 *
 * Every transition is written before the network is touched, so a worker killed mid-flush loses nothing.
 */
import type { RatingDraft, RatingView, SyncState } from '../../../utils/contracts/messages';
import { backoffDelay } from '../../../utils/feedback/retry';
import type { Rating } from '../../../utils/contracts/schema';
import { OutboxRecord, readAllRatings, readCorruptReports, readRatingForTicket, readSyncMeta, type FeedbackDb } from '../storage/db';
import type { OutboxStatus } from '../../../utils/contracts/messages';

/** A `syncing` record older than this belongs to a flush that died (requests time out well before). */
export const STALE_SYNCING_MS = 2 * 60_000;

export function ratingView(record: OutboxRecord): RatingView {
  const { rating } = record;
  return {
    id: record.id,
    ticketUrl: record.ticketUrl,
    ratedAt: rating.ratedAt,
    overall: rating.overall,
    communication: rating.communication,
    understanding: rating.understanding,
    proactiveness: rating.proactiveness,
    tags: rating.tags,
    comment: rating.comment,
    syncState: record.syncState,
    lastError: record.lastError,
  };
}

export type RatingFacts = Omit<Rating, 'id' | 'ratedAt' | keyof RatingDraft>;

/**
 * Saves a rating for a ticket. An edit keeps the rating id (the backend replaces the row) with a
 * newer `ratedAt`, and goes back to `waiting` whatever its state was.
 */
export async function saveRating(
  db: FeedbackDb,
  input: { ticketUrl: string; draft: RatingDraft; facts: RatingFacts; ticketResolvedAt?: string; now: Date },
): Promise<OutboxRecord> {
  const previous = await readRatingForTicket(db, input.ticketUrl);
  const previousRatedAt = previous ? Date.parse(previous.rating.ratedAt) : -Infinity;
  // Strictly newer than the previous ratedAt, even within the same millisecond.
  const ratedAt = new Date(Math.max(input.now.getTime(), previousRatedAt + 1)).toISOString();
  const rating: Rating = { ...input.facts, ...input.draft, id: previous?.id ?? crypto.randomUUID(), ratedAt };
  const record = OutboxRecord.parse({
    id: rating.id,
    ticketUrl: input.ticketUrl,
    rating,
    syncState: 'waiting',
    attempts: 0,
    nextAttemptAt: input.now.getTime(),
    updatedAt: input.now.toISOString(),
    revision: (previous?.revision ?? -1) + 1,
    ticketResolvedAt: input.ticketResolvedAt,
  } satisfies OutboxRecord);
  // The live record replaces the compact one of a rating retention compacted, in one step.
  const tx = db.transaction(['ratings', 'ratedTickets'], 'readwrite');
  await tx.objectStore('ratings').put(record);
  await tx.objectStore('ratedTickets').delete(input.ticketUrl);
  await tx.done;
  return record;
}

export interface ClaimOptions {
  now: number;
  limit: number;
  /** "Sync now": ignore backoff and retry the `auth` state too. */
  force?: boolean;
}

function isDue(record: OutboxRecord, { now, force }: ClaimOptions): boolean {
  if (record.syncState === 'waiting') return force || record.nextAttemptAt <= now;
  if (record.syncState === 'auth') return Boolean(force);
  if (record.syncState === 'syncing') return record.syncingSince === undefined || record.syncingSince < now - STALE_SYNCING_MS;
  return false;
}

/**
 * Marks up to `limit` due records `syncing` in one transaction and returns them, oldest first.
 * Two flushes running at once therefore never send the same record.
 */
export async function claimDue(db: FeedbackDb, options: ClaimOptions): Promise<OutboxRecord[]> {
  const tx = db.transaction('ratings', 'readwrite');
  const candidates: OutboxRecord[] = [];
  for (const state of ['waiting', 'syncing', 'auth'] as const) {
    for (const raw of await tx.store.index('syncState').getAll(state)) {
      const parsed = OutboxRecord.safeParse(raw);
      if (parsed.success && isDue(parsed.data, options)) candidates.push(parsed.data);
    }
  }
  candidates.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  const claimed = candidates.slice(0, options.limit).map(
    (record): OutboxRecord => ({ ...record, syncState: 'syncing', syncingSince: options.now, sentRevision: record.revision }),
  );
  for (const record of claimed) await tx.store.put(record);
  await tx.done;
  return claimed;
}

export type Outcome =
  | { kind: 'synced' }
  | { kind: 'rejected'; error: string }
  | { kind: 'auth'; error: string }
  | { kind: 'retry'; error: string; random?: () => number };

/**
 * Writes the result of a send. A record edited while it was in flight (newer revision) goes back
 * to `waiting` so the edit is sent too.
 */
export async function settle(db: FeedbackDb, claimed: readonly OutboxRecord[], outcomeOf: (id: string) => Outcome, now: number): Promise<void> {
  const tx = db.transaction('ratings', 'readwrite');
  for (const sent of claimed) {
    const parsed = OutboxRecord.safeParse(await tx.store.get(sent.id));
    if (!parsed.success) continue;
    const current = parsed.data;
    const base = { ...current, syncingSince: undefined, syncedAt: undefined, updatedAt: new Date(now).toISOString() };
    if (current.revision !== sent.sentRevision) {
      await tx.store.put({ ...base, syncState: 'waiting', nextAttemptAt: now });
      continue;
    }
    const outcome = outcomeOf(sent.id);
    let next: OutboxRecord;
    switch (outcome.kind) {
      case 'synced':
        next = { ...base, syncState: 'synced', lastError: undefined, syncedAt: base.updatedAt };
        break;
      case 'rejected':
        next = { ...base, syncState: 'rejected', lastError: outcome.error };
        break;
      case 'auth':
        next = { ...base, syncState: 'auth', lastError: outcome.error };
        break;
      case 'retry': {
        const attempts = current.attempts + 1;
        next = { ...base, syncState: 'waiting', attempts, lastError: outcome.error, nextAttemptAt: now + backoffDelay(attempts, outcome.random) };
        break;
      }
    }
    await tx.store.put(next);
  }
  await tx.done;
}

/** Puts every record in `from` back to `waiting`, due now. */
async function requeueAll(db: FeedbackDb, from: 'syncing' | 'auth'): Promise<number> {
  const tx = db.transaction('ratings', 'readwrite');
  const held = await tx.store.index('syncState').getAll(from);
  for (const raw of held) {
    const parsed = OutboxRecord.safeParse(raw);
    if (parsed.success) await tx.store.put({ ...parsed.data, syncState: 'waiting', syncingSince: undefined, nextAttemptAt: 0 });
  }
  await tx.done;
  return held.length;
}

/** After a browser start or an install/update no flush can be in flight: every `syncing` record is waiting again. */
export const recoverInterrupted = (db: FeedbackDb) => requeueAll(db, 'syncing');

/** New token or backend: ratings held back by 401/403 may go again. */
export const requeueAuth = (db: FeedbackDb) => requeueAll(db, 'auth');

/** Earliest time a waiting record becomes due, if any. */
export async function nextDueAt(db: FeedbackDb): Promise<number | undefined> {
  const waiting = (await readAllRatings(db)).filter((record) => record.syncState === 'waiting');
  return waiting.length ? Math.min(...waiting.map((record) => record.nextAttemptAt)) : undefined;
}

export async function outboxStatus(db: FeedbackDb, backendConfigured: boolean): Promise<OutboxStatus> {
  const records = await readAllRatings(db);
  const counts: Record<SyncState, number> = { waiting: 0, syncing: 0, synced: 0, rejected: 0, auth: 0 };
  for (const record of records) counts[record.syncState]++;
  // Ratings retention compacted were synced and still count as such.
  counts.synced += await db.count('ratedTickets');
  const meta = await readSyncMeta(db);
  return {
    backendConfigured,
    counts,
    rejected: records
      .filter((record) => record.syncState === 'rejected')
      .map((record) => ({ id: record.id, ticketKey: record.rating.ticketKey, ticketUrl: record.ticketUrl, error: record.lastError ?? '' })),
    lastSyncAt: meta.lastSyncAt,
    lastError: meta.lastError,
    corrupt: (await readCorruptReports(db)).length,
  };
}
