/**
 * The SQLite `Store`: one file (better-sqlite3, WAL). Schema changes are numbered migrations
 * recorded in `schema_version`; every statement is prepared once and parameterised; WAL
 * checkpoints run in a worker thread. Nothing outside `server/store/` imports better-sqlite3.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Rating } from '../../utils/contracts/schema';
import { AUTH_MIGRATION, createAuthStore } from './sqlite-auth';
import { LOOP_MIGRATION, createLoopStore } from './sqlite-loop';
import type { EventsFor } from './notify';
import { createNotifyParts, NOTIFY_MIGRATION } from './sqlite-notify';
import type { RatingFilter, RatingSource, SaveOutcome, ServiceTotalsRow, StoredRating, Store, WeekTotalsRow } from './store';

export type SqliteDatabase = Database.Database;

/** Append only: never edit a migration that has shipped, add the next one. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE ratings (
     id            TEXT PRIMARY KEY,
     service_id    TEXT,
     ticket_key    TEXT NOT NULL,
     ticket_url    TEXT NOT NULL,
     tracker       TEXT NOT NULL,
     origin        TEXT NOT NULL,
     ticket_title  TEXT,
     overall       INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
     communication INTEGER CHECK (communication BETWEEN 1 AND 5),
     understanding INTEGER CHECK (understanding BETWEEN 1 AND 5),
     proactiveness INTEGER CHECK (proactiveness BETWEEN 1 AND 5),
     tags          TEXT NOT NULL DEFAULT '[]',
     comment       TEXT,
     rater         TEXT,
     rated_at      TEXT NOT NULL,
     rated_at_ms   INTEGER NOT NULL,
     resolved_at   TEXT,
     sla_met       INTEGER CHECK (sla_met IN (0, 1)),
     received_at   INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX ratings_by_service_time ON ratings (service_id, rated_at_ms);`,
  LOOP_MIGRATION,
  NOTIFY_MIGRATION,
  // Ids are case-insensitive UUIDs, stored lower-cased from now on: where an upper-case copy made a
  // second row, the first stored one stays.
  `DELETE FROM ratings WHERE rowid NOT IN (SELECT MIN(rowid) FROM ratings GROUP BY lower(id));
   UPDATE ratings SET id = lower(id) WHERE id <> lower(id);`,
  AUTH_MIGRATION,
];

/** `./data/x.db`, `/abs/x.db`, `file:./data/x.db`, `file:///abs/x.db` or `:memory:`. */
export function databasePathFromUrl(value: string): string {
  if (value === ':memory:') return value;
  if (value.startsWith('file://')) return fileURLToPath(value);
  if (value.startsWith('file:')) return resolve(value.slice('file:'.length).split('?')[0] ?? '');
  return resolve(value);
}

/** The WAL file is cut back to this size whenever it restarts (and to 0 once idle). */
export const WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;
/** Past this many WAL frames the checkpointer makes the WAL restart even under sustained writes. */
export const WAL_RESTART_FRAMES = 4000;

export function openDatabase(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL fsyncs the WAL on every commit, so a 2xx survives power loss and OS crashes too
  // (NORMAL would lose the last commits, which the extension has already marked synced).
  db.pragma('synchronous = FULL');
  // When the WAL restarts from its start, the file is cut back to this size.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  db.pragma('busy_timeout = 5000');
  // Ratings arrive with random UUIDs, so each batch dirties pages all over the id index: a
  // larger page cache and fewer, larger checkpoints keep that from turning into I/O.
  db.pragma('cache_size = -32768');
  db.pragma('wal_autocheckpoint = 4000');
  migrate(db);
  return db;
}

// Plain CommonJS so it runs as an eval'd worker under node, tsx and vitest alike.
// Each tick: a PASSIVE checkpoint copies what it can without blocking anyone. Under sustained
// writes new frames arrive during every PASSIVE pass, so it never completes and the WAL would grow
// for ever; once it is past WAL_RESTART_FRAMES a RESTART copies only the few frames PASSIVE left
// (writers wait that long, milliseconds) and makes the next writer start the WAL over, cut back to
// journal_size_limit. When a PASSIVE pass caught up (idle), TRUNCATE empties the file.
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('journal_size_limit = ' + workerData.sizeLimit);
const timer = setInterval(() => {
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    if (passive.log > 0 && passive.checkpointed === passive.log) db.pragma('wal_checkpoint(TRUNCATE)');
    else if (passive.log >= workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
  } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Moves WAL checkpoints off the event loop: the serving connection stops checkpointing inline
 * (a checkpoint copies pages and fsyncs, a pause of tens of milliseconds on a slow disk, which is
 * what single requests' p99 would otherwise see) and a worker thread with its own connection
 * checkpoints every `intervalMs` (see CHECKPOINTER_SOURCE for when it restarts or truncates the
 * WAL, which keeps it bounded). `stop()` ends the worker and truncates the WAL.
 */
export function startCheckpointer(db: SqliteDatabase, path: string, intervalMs = 1000, onError: (message: string) => void = () => {}) {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(CHECKPOINTER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path,
      intervalMs,
      sizeLimit: WAL_SIZE_LIMIT_BYTES,
      restartFrames: WAL_RESTART_FRAMES,
    },
  });
  worker.on('message', (message) => onError(String(message)));
  worker.on('error', (error) => onError(String(error)));
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop(): Promise<void> {
      worker.ref(); // keep the process alive until the worker has closed its connection
      worker.postMessage('stop');
      await exited;
      if (db.open) db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

export function migrate(db: SqliteDatabase): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  const current = row.version ?? 0;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server knows (${MIGRATIONS.length})`);
  }
  const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]!);
      record.run(version, new Date().toISOString());
    })();
  }
  return MIGRATIONS.length;
}

const FILTER = `(@service IS NULL OR service_id = @service)
  AND (@fromMs IS NULL OR rated_at_ms >= @fromMs)
  AND (@toMs IS NULL OR rated_at_ms <= @toMs)`;

const SELECT_RATING = `SELECT id, service_id AS serviceId, ticket_key AS ticketKey, ticket_url AS ticketUrl, tracker, origin,
  ticket_title AS ticketTitle, overall, communication, understanding, proactiveness, tags, comment, rater,
  rated_at AS ratedAt, resolved_at AS resolvedAt, sla_met AS slaMet, verified FROM ratings`;

function filterParameters(filter: RatingFilter) {
  return { service: filter.service ?? null, fromMs: filter.fromMs ?? null, toMs: filter.toMs ?? null };
}

const COLUMNS = [
  'id', 'service_id', 'ticket_key', 'ticket_url', 'tracker', 'origin', 'ticket_title', 'overall', 'communication',
  'understanding', 'proactiveness', 'tags', 'comment', 'rater', 'rated_at', 'rated_at_ms', 'resolved_at', 'sla_met', 'received_at',
  'rater_key', 'verified',
] as const;

/** Values in `COLUMNS` order (positional binding is the fastest better-sqlite3 offers). */
export function ratingValues(rating: Rating, receivedAt: number, source: RatingSource = UNVERIFIED): (string | number | null)[] {
  return [
    rating.id,
    rating.serviceId ?? null,
    rating.ticketKey,
    rating.ticketUrl,
    rating.tracker,
    rating.origin,
    rating.ticketTitle ?? null,
    rating.overall,
    rating.communication ?? null,
    rating.understanding ?? null,
    rating.proactiveness ?? null,
    JSON.stringify(rating.tags),
    rating.comment ?? null,
    rating.rater ?? null,
    rating.ratedAt,
    Date.parse(rating.ratedAt),
    rating.resolvedAt ?? null,
    rating.slaMet === undefined ? null : Number(rating.slaMet),
    receivedAt,
    source.raterKey,
    source.verified ? 1 : 0,
  ];
}

const UNVERIFIED: RatingSource = { raterKey: null, verified: false };

export const INSERT_RATING = `INSERT INTO ratings (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

const RATER = COLUMNS.indexOf('rater');
const RATER_KEY = COLUMNS.indexOf('rater_key');
const RATED_AT_MS = COLUMNS.indexOf('rated_at_ms');
const OVERALL = COLUMNS.indexOf('overall');
const COMMENT = COLUMNS.indexOf('comment');
/** What a re-send with an equal ratedAt must match to be a plain duplicate (not when it arrived). */
const CONTENT = COLUMNS.map((_column, index) => index).filter((index) => COLUMNS[index] !== 'received_at' && COLUMNS[index] !== 'verified');

// Every column but the id and who gave it: an edit changes the rating, never whose it is.
const EDITABLE = COLUMNS.filter((column) => !['id', 'rater', 'rater_key', 'verified'].includes(column));
const UPDATE_RATING = `UPDATE ratings SET ${EDITABLE.map((column) => `${column} = ?`).join(', ')} WHERE id = ?`;

function createSqliteStore(db: SqliteDatabase, close: () => Promise<void>, eventsFor?: EventsFor): Store {
  const notify = createNotifyParts(db, eventsFor);
  const insertNew = db.prepare(`${INSERT_RATING} ON CONFLICT (id) DO NOTHING`);
  const existing = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM ratings WHERE id = ?`).raw();
  const update = db.prepare(UPDATE_RATING);
  const totals = db.prepare(`SELECT service_id AS serviceId, COUNT(*) AS count, SUM(overall) AS overallSum,
      SUM(overall >= 4) AS satisfied,
      SUM(communication) AS communicationSum, COUNT(communication) AS communicationCount,
      SUM(understanding) AS understandingSum, COUNT(understanding) AS understandingCount,
      SUM(proactiveness) AS proactivenessSum, COUNT(proactiveness) AS proactivenessCount,
      SUM(sla_met) AS slaMet, COUNT(sla_met) AS slaKnown
    FROM ratings WHERE ${FILTER} GROUP BY service_id`);
  // ISO weeks start on Monday (UTC): step back 6 days, then forward to the next Monday.
  const weeks = db.prepare(`SELECT service_id AS serviceId,
      date(rated_at_ms / 1000, 'unixepoch', '-6 days', 'weekday 1') AS weekStart,
      COUNT(*) AS count, SUM(overall) AS overallSum, SUM(overall >= 4) AS satisfied
    FROM ratings WHERE ${FILTER} GROUP BY service_id, weekStart ORDER BY weekStart`);
  const comments = db.prepare(`${SELECT_RATING} WHERE ${FILTER} AND comment IS NOT NULL AND comment <> ''
    ORDER BY rated_at_ms DESC, id LIMIT @limit`);
  const all = db.prepare(`${SELECT_RATING} WHERE ${FILTER} ORDER BY rated_at_ms, id`);
  const count = db.prepare('SELECT COUNT(*) AS count FROM ratings');

  // New ids (the usual case) cost one statement; only a known id looks at the stored row.
  // A re-send with a newer ratedAt by the same rater is an edit; anything else leaves the row alone.
  const saveOne = (rating: Rating, receivedAt: number, source: RatingSource | undefined): SaveOutcome => {
    const values = ratingValues(rating, receivedAt, source);
    if (insertNew.run(values).changes === 1) {
      notify.onSaved(rating, null, receivedAt);
      return 'inserted';
    }
    const before = existing.get(rating.id) as (string | number | null)[];
    if (before[RATER] !== values[RATER] || before[RATER_KEY] !== values[RATER_KEY]) return 'not-owner';
    const beforeMs = before[RATED_AT_MS] as number;
    if (Date.parse(rating.ratedAt) < beforeMs) return 'duplicate';
    if (Date.parse(rating.ratedAt) === beforeMs) {
      return CONTENT.every((index) => before[index] === values[index]) ? 'duplicate' : 'conflict';
    }
    update.run([...EDITABLE.map((column) => values[COLUMNS.indexOf(column)]!), rating.id]);
    notify.onSaved(rating, { overall: before[OVERALL] as number, comment: before[COMMENT] as string | null }, receivedAt);
    return 'updated';
  };
  const saveBatch = db.transaction((ratings: readonly Rating[], receivedAt: number, source?: RatingSource): SaveOutcome[] =>
    ratings.map((rating) => saveOne(rating, receivedAt, source)),
  );

  return {
    ...createLoopStore(db),
    save: async (ratings, receivedAt, source) => saveBatch(ratings, receivedAt, source),
    totals: async (filter) => totals.all(filterParameters(filter)) as ServiceTotalsRow[],
    weeks: async (filter) => weeks.all(filterParameters(filter)) as WeekTotalsRow[],
    latestComments: async (filter, limit) => comments.all({ ...filterParameters(filter), limit }) as StoredRating[],
    // `all`, not `iterate`: an open iterator would keep the connection busy for concurrent writes.
    list: async (filter) => all.all(filterParameters(filter)) as StoredRating[],
    count: async () => (count.get() as { count: number }).count,
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close,
    ...notify.store,
    ...createAuthStore(db),
  };
}

/**
 * Opens (creating folders and applying migrations) the file at `path` and, unless it is
 * `:memory:`, starts the checkpoint worker; `close()` stops the worker, then closes the file.
 */
export function openSqliteStore(
  path: string,
  options: { onCheckpointError?: (message: string) => void; checkpointIntervalMs?: number; eventsFor?: EventsFor } = {},
): Store {
  const db = openDatabase(path);
  const checkpointer =
    path === ':memory:' ? undefined : startCheckpointer(db, path, options.checkpointIntervalMs ?? 1000, options.onCheckpointError);
  let closing: Promise<void> | undefined;
  return createSqliteStore(db, () =>
    (closing ??= (checkpointer?.stop() ?? Promise.resolve()).finally(() => {
      db.close();
    })),
    options.eventsFor,
  );
}
