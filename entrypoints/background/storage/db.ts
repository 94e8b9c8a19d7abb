/**
 * The background's IndexedDB (`service-feedback`) through `idb`. The MV3 worker can die at any
 * moment, so everything that matters lives here: seen tickets, the ratings outbox, dismissals,
 * the compact memory of long-synced ratings (`ratedTickets`, see entrypoints/background/storage/retention.ts) and sync
 * bookkeeping. Every read is validated with zod; a corrupt record is reported (meta `corrupt`,
 * console warning) and skipped, never crashed on.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { z } from 'zod';
import { DismissalKind, SyncProblem, SyncState } from '../../../utils/contracts/messages';
import { IsoInstant, Rating, Service, SlaEvaluation, Ticket } from '../../../utils/contracts/schema';
import { Answer, ReplyThread } from '../../../utils/contracts/replies';

export const DB_NAME = 'service-feedback';

export const TicketRecord = z.object({
  url: z.url(),
  ticket: Ticket,
  firstSeenAt: IsoInstant,
  seenAt: IsoInstant,
  /** Last resolution: the tracker's date, else when we first saw the ticket resolved. Cleared on reopen. */
  resolvedAt: IsoInstant.optional(),
  service: Service.pick({ id: true, name: true, whoMayRate: true }).optional(),
  /** SLA as evaluated when last seen. */
  sla: SlaEvaluation.optional(),
});
export type TicketRecord = z.infer<typeof TicketRecord>;

export const OutboxRecord = z.object({
  id: z.uuid(),
  ticketUrl: z.url(),
  rating: Rating,
  syncState: SyncState,
  attempts: z.number().int().nonnegative(),
  /** Epoch ms before which a waiting record is not retried. */
  nextAttemptAt: z.number(),
  lastError: z.string().optional(),
  updatedAt: IsoInstant,
  /** Bumped on every edit, so a flush that sent an older revision does not mark the newer one synced. */
  revision: z.number().int().nonnegative(),
  /** Set while a flush owns the record; a stale value means that flush died. */
  syncingSince: z.number().optional(),
  sentRevision: z.number().int().optional(),
  /** The ticket resolution this rating is about (reopen + resolve again = offer an update). */
  ticketResolvedAt: IsoInstant.optional(),
  /**
   * When the backend accepted this revision. Only `synced` records carry it, so the `syncedAt`
   * index lists exactly the synced ones, oldest first, for retention.
   */
  syncedAt: IsoInstant.optional(),
});
export type OutboxRecord = z.infer<typeof OutboxRecord>;

/**
 * What is left of a rating the backend accepted long ago (entrypoints/background/storage/retention.ts): enough to know the
 * ticket was rated (never ask again, `ticketResolvedAt` for "resolved again"), to show the
 * widget's summary (scores, tags, comment) and to edit it under the same id without losing what
 * was said (an edit replaces the backend's row). The ticket title, the rater and the outbox
 * bookkeeping are dropped; an edit sends the ticket as the page shows it then.
 */
export const RatedTicketRecord = z.object({
  ticketUrl: z.url(),
  id: z.uuid(),
  ticketKey: Rating.shape.ticketKey,
  tracker: Rating.shape.tracker,
  origin: Rating.shape.origin,
  ratedAt: IsoInstant,
  overall: Rating.shape.overall,
  communication: Rating.shape.communication,
  understanding: Rating.shape.understanding,
  proactiveness: Rating.shape.proactiveness,
  tags: Rating.shape.tags,
  comment: Rating.shape.comment,
  ticketResolvedAt: IsoInstant.optional(),
  syncedAt: IsoInstant,
  revision: z.number().int().nonnegative(),
});
export type RatedTicketRecord = z.infer<typeof RatedTicketRecord>;

/** The compact record kept for a synced rating. */
export function compactRating({ id, ticketUrl, rating, ticketResolvedAt, syncedAt, revision }: OutboxRecord & { syncedAt: string }): RatedTicketRecord {
  const { ticketKey, tracker, origin, ratedAt, overall, communication, understanding, proactiveness, tags, comment } = rating;
  return { ticketUrl, id, ticketKey, tracker, origin, ratedAt, overall, communication, understanding, proactiveness, tags, comment, ticketResolvedAt, syncedAt, revision };
}

/** A compact record read back as the synced outbox record it was, less what was dropped. */
export function expandRatedTicket(rated: RatedTicketRecord): OutboxRecord {
  const { ticketUrl, id, ticketKey, tracker, origin, ratedAt, overall, communication, understanding, proactiveness, tags, comment } = rated;
  return {
    id,
    ticketUrl,
    rating: { id, ticketKey, ticketUrl, tracker, origin, ratedAt, overall, communication, understanding, proactiveness, tags, comment },
    syncState: 'synced',
    attempts: 0,
    nextAttemptAt: 0,
    updatedAt: rated.syncedAt,
    revision: rated.revision,
    ticketResolvedAt: rated.ticketResolvedAt,
    syncedAt: rated.syncedAt,
  };
}

/**
 * What the team answered about one of this person's ratings (`POST /v1/replies/query`), with the
 * ticket it is about and whether the person has read the latest reply. Kept until the rating is
 * older than the reply window (entrypoints/background/replies/reply-sync.ts).
 */
export const ReplyRecord = ReplyThread.extend({
  ticketUrl: z.url(),
  ratedAt: IsoInstant,
  fetchedAt: IsoInstant,
  /** Id of the newest reply the person has seen; unread while it differs from the newest reply's. */
  readReplyId: z.string().optional(),
  /**
   * The person's answer not yet accepted by the backend (the answers' outbox): kept across
   * restarts and re-sent until a 2xx; the endpoint is idempotent and the latest answer wins.
   */
  pendingAnswer: Answer.extend({ revision: z.number().int().nonnegative(), nextAttemptAt: z.number(), attempts: z.number().int().nonnegative(), lastError: z.string().optional() }).optional(),
});
export type ReplyRecord = z.infer<typeof ReplyRecord>;

export const ReplySyncMeta = z.object({
  key: z.literal('replySync'),
  lastCheckAt: IsoInstant.optional(),
  lastSuccessAt: IsoInstant.optional(),
  /** The backend's ETag per batch of ids (keyed by a digest of the sorted ids), sent back as If-None-Match. */
  etags: z.record(z.string(), z.string()).default({}),
});
export type ReplySyncMeta = z.infer<typeof ReplySyncMeta>;

export const DismissalRecord = z.object({ ticketUrl: z.url(), kind: DismissalKind, at: IsoInstant });
export type DismissalRecord = z.infer<typeof DismissalRecord>;

export const SyncMeta = z.object({
  key: z.literal('sync'),
  lastSyncAt: IsoInstant.optional(),
  lastAttemptAt: IsoInstant.optional(),
  lastError: SyncProblem.optional(),
});
export type SyncMeta = z.infer<typeof SyncMeta>;

export const CorruptReport = z.object({ store: z.string(), key: z.string(), error: z.string(), at: IsoInstant });
export type CorruptReport = z.infer<typeof CorruptReport>;
export const CorruptMeta = z.object({ key: z.literal('corrupt'), records: z.array(CorruptReport) });

export interface FeedbackSchema extends DBSchema {
  tickets: { key: string; value: TicketRecord; indexes: { seenAt: string } };
  ratings: { key: string; value: OutboxRecord; indexes: { ticketUrl: string; syncState: string; syncedAt: string } };
  ratedTickets: { key: string; value: RatedTicketRecord };
  dismissals: { key: string; value: DismissalRecord };
  replies: { key: string; value: ReplyRecord; indexes: { ticketUrl: string } };
  meta: { key: string; value: z.infer<typeof SyncMeta> | z.infer<typeof CorruptMeta> | ReplySyncMeta };
}
export type FeedbackDb = IDBPDatabase<FeedbackSchema>;
type UpgradeTx = IDBPTransaction<FeedbackSchema, StoreNames<FeedbackSchema>[], 'versionchange'>;

/**
 * Version 3: synced ratings get `syncedAt` (and an index on it) so retention finds old ones
 * without a full scan, and `ratedTickets` holds what retention keeps of them. Ratings synced
 * before this version never recorded when: their last update is when they were settled, so
 * `updatedAt` is the best estimate and what they get.
 */
async function addSyncedAt(db: FeedbackDb, tx: UpgradeTx): Promise<void> {
  db.createObjectStore('ratedTickets', { keyPath: 'ticketUrl' });
  const ratings = tx.objectStore('ratings');
  ratings.createIndex('syncedAt', 'syncedAt');
  let cursor = await ratings.index('syncState').openCursor('synced');
  while (cursor) {
    const { updatedAt } = cursor.value as { updatedAt?: unknown };
    // A record without a usable updatedAt stays as it was: never indexed, never pruned.
    if (typeof updatedAt === 'string' && IsoInstant.safeParse(updatedAt).success) await cursor.update({ ...cursor.value, syncedAt: updatedAt });
    cursor = await cursor.continue();
  }
}

/** One step per version; step i upgrades a database at version i to i + 1. Never edit a shipped step. */
const UPGRADE_STEPS: Array<(db: FeedbackDb, tx: UpgradeTx) => void | Promise<void>> = [
  (db) => {
    db.createObjectStore('tickets', { keyPath: 'url' });
    db.createObjectStore('ratings', { keyPath: 'id' }).createIndex('ticketUrl', 'ticketUrl', { unique: true });
    db.createObjectStore('dismissals', { keyPath: 'ticketUrl' });
    db.createObjectStore('meta', { keyPath: 'key' });
  },
  (_db, tx) => {
    tx.objectStore('ratings').createIndex('syncState', 'syncState');
    tx.objectStore('tickets').createIndex('seenAt', 'seenAt');
  },
  addSyncedAt,
  // Version 4: the team's replies to this person's ratings, one record per rating id.
  (db) => {
    db.createObjectStore('replies', { keyPath: 'ratingId' }).createIndex('ticketUrl', 'ticketUrl');
  },
];
export const DB_VERSION = UPGRADE_STEPS.length;

/**
 * Opens (and upgrades) the database. `onClosed` fires when this connection goes away — a newer
 * version elsewhere asked for it, or the browser closed it — so a holder can reopen next time.
 */
export function openFeedbackDb(version = DB_VERSION, onClosed?: () => void): Promise<FeedbackDb> {
  const opening: Promise<FeedbackDb> = openDB<FeedbackSchema>(DB_NAME, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      // Steps run one after another inside the upgrade transaction; a failing step aborts it, so
      // the database stays at its old version with its data untouched and the open fails.
      const runSteps = async () => {
        for (let step = oldVersion; step < (newVersion ?? version); step++) await UPGRADE_STEPS[step]?.(db, tx);
      };
      runSteps().catch((error: unknown) => {
        console.error(`service-feedback: upgrading the database from version ${oldVersion} failed`, error);
        try {
          tx.abort();
        } catch {
          // already aborted by the failing request itself
        }
      });
    },
    blocking() {
      // Never hold up an upgrade opened by a newer extension version.
      void opening.then((db) => db.close());
      onClosed?.();
    },
    terminated() {
      onClosed?.();
    },
  });
  return opening;
}

/** Records a record that failed validation, once per store + key. */
export async function reportCorrupt(db: FeedbackDb, store: string, key: unknown, error: z.ZodError): Promise<void> {
  const report: CorruptReport = { store, key: String(key), error: z.prettifyError(error), at: new Date().toISOString() };
  console.warn(`service-feedback: skipped a corrupt ${store} record ${report.key}: ${report.error}`);
  const tx = db.transaction('meta', 'readwrite');
  const existing = CorruptMeta.safeParse(await tx.store.get('corrupt'));
  const records = existing.success ? existing.data.records : [];
  if (!records.some((known) => known.store === store && known.key === report.key)) {
    await tx.store.put({ key: 'corrupt', records: [...records, report].slice(-100) });
  }
  await tx.done;
}

export async function readCorruptReports(db: FeedbackDb): Promise<CorruptReport[]> {
  const parsed = CorruptMeta.safeParse(await db.get('meta', 'corrupt'));
  return parsed.success ? parsed.data.records : [];
}

/** Keeps the values that validate; reports the rest. */
export async function keepValid<T>(db: FeedbackDb, store: string, schema: z.ZodType<T>, raws: unknown[], keyOf: (raw: unknown) => unknown): Promise<T[]> {
  const valid: T[] = [];
  for (const raw of raws) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) valid.push(parsed.data);
    else await reportCorrupt(db, store, keyOf(raw), parsed.error);
  }
  return valid;
}

const keyField = (field: string) => (raw: unknown) => (raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[field] : raw);

export async function readTicket(db: FeedbackDb, url: string): Promise<TicketRecord | undefined> {
  const raw = await db.get('tickets', url);
  return raw === undefined ? undefined : (await keepValid(db, 'tickets', TicketRecord, [raw], keyField('url')))[0];
}

export async function readAllTickets(db: FeedbackDb): Promise<TicketRecord[]> {
  return keepValid(db, 'tickets', TicketRecord, await db.getAll('tickets'), keyField('url'));
}

/** The `limit` most recently seen tickets, newest first, read through the `seenAt` index (not a full scan). */
export async function readRecentTickets(db: FeedbackDb, limit: number): Promise<TicketRecord[]> {
  const raws: unknown[] = [];
  let cursor = await db.transaction('tickets').store.index('seenAt').openCursor(null, 'prev');
  while (cursor && raws.length < limit) {
    raws.push(cursor.value);
    cursor = await cursor.continue();
  }
  return keepValid(db, 'tickets', TicketRecord, raws, keyField('url'));
}

/**
 * The rating of a ticket: its outbox record, else — once retention compacted it — the compact
 * record read back as a synced one (scores and tags, no comment or title), so every caller still
 * sees the ticket as rated.
 */
export async function readRatingForTicket(db: FeedbackDb, ticketUrl: string): Promise<OutboxRecord | undefined> {
  const raw = await db.getFromIndex('ratings', 'ticketUrl', ticketUrl);
  if (raw !== undefined) return (await keepValid(db, 'ratings', OutboxRecord, [raw], keyField('id')))[0];
  const rated = await readRatedTicket(db, ticketUrl);
  return rated && expandRatedTicket(rated);
}

export async function readRatedTicket(db: FeedbackDb, ticketUrl: string): Promise<RatedTicketRecord | undefined> {
  const raw = await db.get('ratedTickets', ticketUrl);
  return raw === undefined ? undefined : (await keepValid(db, 'ratedTickets', RatedTicketRecord, [raw], keyField('ticketUrl')))[0];
}

export async function readAllRatings(db: FeedbackDb): Promise<OutboxRecord[]> {
  return keepValid(db, 'ratings', OutboxRecord, await db.getAll('ratings'), keyField('id'));
}

export async function readDismissal(db: FeedbackDb, ticketUrl: string): Promise<DismissalRecord | undefined> {
  const raw = await db.get('dismissals', ticketUrl);
  return raw === undefined ? undefined : (await keepValid(db, 'dismissals', DismissalRecord, [raw], keyField('ticketUrl')))[0];
}

export async function readAllDismissals(db: FeedbackDb): Promise<DismissalRecord[]> {
  return keepValid(db, 'dismissals', DismissalRecord, await db.getAll('dismissals'), keyField('ticketUrl'));
}

export async function readSyncMeta(db: FeedbackDb): Promise<SyncMeta> {
  const raw = await db.get('meta', 'sync');
  if (raw === undefined) return { key: 'sync' };
  return (await keepValid(db, 'meta', SyncMeta, [raw], keyField('key')))[0] ?? { key: 'sync' };
}

export async function updateSyncMeta(db: FeedbackDb, change: Partial<Omit<SyncMeta, 'key'>>): Promise<SyncMeta> {
  const next = { ...(await readSyncMeta(db)), ...change, key: 'sync' as const };
  await db.put('meta', next);
  return next;
}

export async function readAllReplies(db: FeedbackDb): Promise<ReplyRecord[]> {
  return keepValid(db, 'replies', ReplyRecord, await db.getAll('replies'), keyField('ratingId'));
}

export async function readRepliesForTicket(db: FeedbackDb, ticketUrl: string): Promise<ReplyRecord | undefined> {
  const raws = await db.getAllFromIndex('replies', 'ticketUrl', ticketUrl);
  return (await keepValid(db, 'replies', ReplyRecord, raws, keyField('ratingId')))[0];
}

export async function readReplySyncMeta(db: FeedbackDb): Promise<ReplySyncMeta> {
  const raw = await db.get('meta', 'replySync');
  if (raw === undefined) return { key: 'replySync', etags: {} };
  return (await keepValid(db, 'meta', ReplySyncMeta, [raw], keyField('key')))[0] ?? { key: 'replySync', etags: {} };
}
