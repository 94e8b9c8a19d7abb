/**
 * Retention: keeps the background's database from growing without bound while never losing
 * anything that matters.
 *
 * - Ratings the backend has not accepted (`waiting`, `syncing`, `auth`, `rejected`) are never
 *   touched: they are the only copy, and a rejected one shows its reason in the popup until the
 *   person edits it (an edit needs the ticket record too, so their tickets are kept as well).
 * - A rating synced more than SYNCED_RATING_RETENTION_DAYS ago is compacted: its outbox record
 *   becomes a `ratedTickets` record (scores, tags, comment, the resolution it rated, its id), so the ticket
 *   stays rated — never pending again, the widget still shows the stars, an edit keeps the id.
 * - A ticket not seen for the person's `historyDays` (options, "Keep local ticket history": a
 *   privacy promise, honoured as written) is forgotten with its "not now", unless its rating is
 *   not yet accepted. "Don't ask for this ticket" is kept: the person's explicit wish, a few bytes.
 *   With the default 90 days of history and the 28-day rating window no pending ticket is ever
 *   old enough to go.
 *
 * Work goes in batches, each one readwrite transaction: a worker stopped mid-prune leaves every
 * batch either fully done or not at all (IndexedDB transactions are atomic), and the next run
 * picks up the rest.
 */
import type { IDBPTransaction } from 'idb';
import { browser } from 'wxt/browser';
import { compactRating, DismissalRecord, OutboxRecord, TicketRecord, type FeedbackDb, type FeedbackSchema } from './db';
import { decideEligibility } from '../../../utils/feedback/eligibility';

/**
 * How long a synced rating stays whole (ticket title, rater, outbox bookkeeping) after the backend
 * accepted it. A quarter: far beyond the 28-day rating window, so the full rating is there for as
 * long as anyone is likely to look at or edit it, and the same as the default ticket history, so
 * a ticket and its full rating usually leave together.
 */
export const SYNCED_RATING_RETENTION_DAYS = 90;
/** Records looked at per transaction: short enough that a stopped worker loses little work. */
export const PRUNE_BATCH_SIZE = 500;
export const RETENTION_ALARM = 'sf-retention';
export const RETENTION_PERIOD_MINUTES = 24 * 60;
const DAY_MS = 24 * 60 * 60_000;

export interface PruneOptions {
  now: Date;
  /** Settings.historyDays: how long a seen ticket is kept. */
  historyDays: number;
  /** The effective config's ratingWindowDays, to tell which tickets still wait for feedback. */
  ratingWindowDays: number;
  syncedRetentionDays?: number;
  batchSize?: number;
}

export interface PruneResult {
  /** Synced ratings turned into compact `ratedTickets` records. */
  ratingsCompacted: number;
  ticketsForgotten: number;
  /** Transactions committed. */
  batches: number;
}

type PruneStores = ['tickets', 'ratings', 'ratedTickets', 'dismissals'];
const PRUNE_STORES: PruneStores = ['tickets', 'ratings', 'ratedTickets', 'dismissals'];
type PruneTx = IDBPTransaction<FeedbackSchema, PruneStores, 'readwrite'>;

/** Whether the popup would list this ticket as waiting for feedback if it had no rating. */
async function pendingWithoutRating(tx: PruneTx, ticket: TicketRecord, options: PruneOptions): Promise<boolean> {
  const dismissal = DismissalRecord.safeParse(await tx.objectStore('dismissals').get(ticket.url));
  return decideEligibility({
    ticket: ticket.ticket,
    resolvedAt: ticket.resolvedAt,
    service: ticket.service,
    ratingWindowDays: options.ratingWindowDays,
    dismissal: dismissal.success ? dismissal.data.kind : undefined,
    now: options.now,
  }).ask;
}

/** An index position: where the last batch stopped. */
interface Position {
  key: string;
  primaryKey: string;
}

/**
 * Walks the index over keys below `before`, in batches of `batchSize` records, one readwrite
 * transaction each. `visit` decides, inside the batch's transaction, whether to remove a record
 * (it may write other stores in the same transaction). Records it keeps are stepped over, never
 * re-read by later batches.
 *
 * A batch first reads its records with the cursor alone (browsers prefetch a cursor that is only
 * continued), then lets every visit issue its requests at once, then deletes: requests queued
 * together travel together, where one awaited after another costs a round trip each.
 */
async function sweep(
  db: FeedbackDb,
  target: 'tickets by seenAt' | 'ratings by syncedAt',
  before: string,
  batchSize: number,
  visit: (tx: PruneTx, value: unknown) => Promise<boolean>,
): Promise<{ removed: number; batches: number }> {
  let removed = 0;
  let batches = 0;
  let resume: Position | undefined;
  for (;;) {
    const tx = db.transaction(PRUNE_STORES, 'readwrite');
    const store = tx.objectStore(target === 'tickets by seenAt' ? 'tickets' : 'ratings');
    try {
      const range = resume ? IDBKeyRange.bound(resume.key, before, false, true) : IDBKeyRange.upperBound(before, true);
      let cursor = target === 'tickets by seenAt' ? await tx.objectStore('tickets').index('seenAt').openCursor(range) : await tx.objectStore('ratings').index('syncedAt').openCursor(range);
      // Step past what earlier batches kept: same key, primary key up to where they stopped.
      while (cursor && resume && cursor.key === resume.key && String(cursor.primaryKey) <= resume.primaryKey) {
        cursor = String(cursor.primaryKey) < resume.primaryKey ? await cursor.continuePrimaryKey(resume.key, resume.primaryKey) : await cursor.continue();
      }
      const batch: Array<{ primaryKey: string; value: unknown }> = [];
      while (cursor && batch.length < batchSize) {
        resume = { key: String(cursor.key), primaryKey: String(cursor.primaryKey) };
        batch.push({ primaryKey: resume.primaryKey, value: cursor.value });
        cursor = await cursor.continue();
      }
      const remove = await Promise.all(batch.map((entry) => visit(tx, entry.value)));
      const doomed = batch.filter((_entry, at) => remove[at]);
      await allRequests(doomed.map((entry) => () => store.delete(entry.primaryKey)));
      await tx.done;
      removed += doomed.length;
      if (batch.length > 0) batches++;
      if (!cursor) return { removed, batches };
    } catch (error) {
      // Left alone, the transaction would commit the half batch done so far.
      tx.done.catch(() => undefined);
      abortQuietly(tx);
      throw error;
    }
  }
}

/** Issues requests back to back and waits for them all; one that throws leaves none unobserved. */
async function allRequests(issue: Array<() => Promise<unknown>>): Promise<void> {
  const pending: Array<Promise<unknown>> = [];
  try {
    for (const request of issue) pending.push(request());
  } catch (error) {
    for (const request of pending) request.catch(() => undefined);
    throw error;
  }
  await Promise.all(pending);
}

function abortQuietly(tx: PruneTx): void {
  try {
    tx.abort();
  } catch {
    // already finished or aborted
  }
}

/** Turns ratings synced before the cutoff into compact records. */
function compactSyncedRatings(db: FeedbackDb, options: PruneOptions, batchSize: number) {
  const days = options.syncedRetentionDays ?? SYNCED_RATING_RETENTION_DAYS;
  const cutoff = new Date(options.now.getTime() - days * DAY_MS).toISOString();
  return sweep(db, 'ratings by syncedAt', cutoff, batchSize, async (tx, raw) => {
    const parsed = OutboxRecord.safeParse(raw);
    // Only a valid synced record is compacted; anything else stays for the corruption report.
    if (!parsed.success || parsed.data.syncState !== 'synced' || !parsed.data.syncedAt) return false;
    const record = { ...parsed.data, syncedAt: parsed.data.syncedAt };
    // The popup's pending list reads live ratings only: a ticket it still lists, and would list
    // as pending without this rating, keeps the whole record.
    const ticket = TicketRecord.safeParse(await tx.objectStore('tickets').get(record.ticketUrl));
    if (ticket.success && (await pendingWithoutRating(tx, ticket.data, options))) return false;
    await tx.objectStore('ratedTickets').put(compactRating(record));
    return true;
  });
}

/** Forgets tickets not seen since the history cutoff, except those whose rating is not yet accepted. */
function forgetOldTickets(db: FeedbackDb, options: PruneOptions, batchSize: number) {
  const cutoff = new Date(options.now.getTime() - options.historyDays * DAY_MS).toISOString();
  return sweep(db, 'tickets by seenAt', cutoff, batchSize, async (tx, raw) => {
    const parsed = TicketRecord.safeParse(raw);
    if (!parsed.success) return false;
    const ticket = parsed.data;
    // An unsent or rejected rating is edited from its ticket (rating.submit needs the record).
    const rating = OutboxRecord.safeParse(await tx.objectStore('ratings').index('ticketUrl').get(ticket.url));
    if (rating.success && rating.data.syncState !== 'synced') return false;
    const dismissal = DismissalRecord.safeParse(await tx.objectStore('dismissals').get(ticket.url));
    if (dismissal.success && dismissal.data.kind === 'not-now') await tx.objectStore('dismissals').delete(ticket.url);
    return true;
  });
}

/** One retention run: compacts old synced ratings, then forgets old tickets. */
export async function pruneLocalData(db: FeedbackDb, options: PruneOptions): Promise<PruneResult> {
  const batchSize = options.batchSize ?? PRUNE_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`pruneLocalData: batchSize must be a whole number ≥ 1, got ${batchSize}`);
  const ratings = await compactSyncedRatings(db, options, batchSize);
  const tickets = await forgetOldTickets(db, options, batchSize);
  return { ratingsCompacted: ratings.removed, ticketsForgotten: tickets.removed, batches: ratings.batches + tickets.batches };
}

/** The daily retention alarm; alarms survive worker restarts, so it is created only when missing. */
export async function ensureRetentionAlarm(): Promise<void> {
  if (!(await browser.alarms.get(RETENTION_ALARM))) await browser.alarms.create(RETENTION_ALARM, { periodInMinutes: RETENTION_PERIOD_MINUTES });
}
