/**
 * The SQLite `Store`: one file (better-sqlite3, WAL). Schema changes are numbered migrations
 * recorded in `schema_version`; every statement is prepared once and parameterised; WAL
 * checkpoints run in a worker thread. Nothing outside `server/store/` imports better-sqlite3.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Rating } from '../../utils/contracts/schema';
import { COLUMNS, COMMENT, EDITABLE, EDITABLE_INDEXES, judgeResend, OVERALL, ratingValues, WEEK_NUMBER_SQL, weekStartOf, type ColumnValue } from './columns';
import { AUTH_MIGRATION, createAuthStore } from './sqlite-auth';
import { LOOP_MIGRATION, createLoopStore } from './sqlite-loop';
import type { EventsFor } from './notify';
import { CATALOGUE_MIGRATION, createCatalogueStore } from './sqlite-catalogue';
import { createDetectionHealthStore, DETECTION_HEALTH_MIGRATION } from './sqlite-detection-health';
import { createNotifyParts, NOTIFY_MIGRATION } from './sqlite-notify';
import { RATE_LIMIT_MIGRATION } from './rate-limits';
import { ADD_TO_DAY, DAY_COLUMNS, dayRange, DayDeltas, dayTotalsSql, dayWeeksSql, dayWhere, RATING_DAYS_MIGRATION } from './rating-days';
import { createRateLimitStore } from './sqlite-rate-limits';
import { startCheckpointer, WAL_SIZE_LIMIT_BYTES } from './sqlite-wal';
import type { RatingFilter, RatingSource, SaveOutcome, ServiceTotalsRow, StoredRating, Store, SumOptions, WeekTotalsRow } from './store';

export type SqliteDatabase = Database.Database;
export { startCheckpointer, WAL_RESTART_FRAMES, WAL_SIZE_LIMIT_BYTES } from './sqlite-wal';

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
  CATALOGUE_MIGRATION,
  // Keyset order of the export and the inbox (rated_at_ms, then id), per service and across services.
  // No score columns in the index: a wider index tripled the WAL written per rating.
  `CREATE INDEX ratings_by_service_time_id ON ratings (service_id, rated_at_ms, id);
   CREATE INDEX ratings_by_time ON ratings (rated_at_ms, id);
   DROP INDEX ratings_by_service_time;`,
  AUTH_MIGRATION,
  DETECTION_HEALTH_MIGRATION,
  // Rate limits shared by every instance on the file: one GCRA row per caller key (rate-limits.ts).
  RATE_LIMIT_MIGRATION,
  // The report's per-service, per-UTC-day sums (rating-days.ts), filled from the ratings stored so far.
  RATING_DAYS_MIGRATION,
];

/** `./data/x.db`, `/abs/x.db`, `file:./data/x.db`, `file:///abs/x.db` or `:memory:`. */
export function databasePathFromUrl(value: string): string {
  if (value === ':memory:') return value;
  if (value.startsWith('file://')) return fileURLToPath(value);
  if (value.startsWith('file:')) return resolve(value.slice('file:'.length).split('?')[0] ?? '');
  return resolve(value);
}

export function openDatabase(path: string): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // First: switching a new file to WAL takes a lock, and a second server opening the same new
  // file at that moment must wait for it, not fail with "database is locked" (sqlite-instances.test.ts).
  db.pragma('busy_timeout = 5000');
  whileBusy(() => db.pragma('journal_mode = WAL'));
  // FULL fsyncs the WAL on every commit, so a 2xx survives power loss and OS crashes too
  // (NORMAL would lose the last commits, which the extension has already marked synced).
  db.pragma('synchronous = FULL');
  // When the WAL restarts from its start, the file is cut back to this size.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  // Ratings arrive with random UUIDs, so each batch dirties pages all over the id index: a
  // larger page cache and fewer, larger checkpoints keep that from turning into I/O.
  db.pragma('cache_size = -32768');
  db.pragma('wal_autocheckpoint = 4000');
  whileBusy(() => migrate(db));
  return db;
}

/**
 * Runs `step` again while SQLite answers busy (for up to 5 s): where waiting could deadlock (a
 * reader upgrading to a writer, a snapshot gone stale) SQLite answers SQLITE_BUSY at once without
 * its busy handler. Both steps are safe to repeat (migrate re-reads the version under its lock).
 */
function whileBusy<T>(step: () => T): T {
  const until = Date.now() + 5000;
  for (;;) {
    try {
      return step();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() > until) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.random() * 20);
    }
  }
}

export function migrate(db: SqliteDatabase): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  const current = row.version ?? 0;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server knows (${MIGRATIONS.length})`);
  }
  const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
  const latest = db.prepare('SELECT MAX(version) AS version FROM schema_version');
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    // IMMEDIATE takes the write lock first, and the version is read again under it: of two servers
    // starting at once on one file, one applies the migration and the other finds it applied.
    db.transaction(() => {
      if (((latest.get() as { version: number | null }).version ?? 0) >= version) return;
      db.exec(MIGRATIONS[version - 1]!);
      record.run(version, new Date().toISOString());
    }).immediate();
  }
  return MIGRATIONS.length;
}

/**
 * Only the bounds that are set become conditions (`@x IS NULL OR …` would keep SQLite off the
 * indexes): one prepared statement per combination, made on first use.
 */
function filtered(db: SqliteDatabase, sql: (where: string) => string) {
  const cache = new Map<string, Database.Statement>();
  return (filter: RatingFilter, extra: readonly string[] = []) => {
    const conditions = [
      ...(filter.service !== undefined ? ['service_id = @service'] : []),
      ...(filter.fromMs !== undefined ? ['rated_at_ms >= @fromMs'] : []),
      ...(filter.toMs !== undefined ? ['rated_at_ms <= @toMs'] : []),
      ...extra,
    ];
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    let statement = cache.get(where);
    if (!statement) cache.set(where, (statement = db.prepare(sql(where))));
    return statement;
  };
}

const SELECT_RATING = `SELECT id, service_id AS serviceId, ticket_key AS ticketKey, ticket_url AS ticketUrl, tracker, origin,
  ticket_title AS ticketTitle, overall, communication, understanding, proactiveness, tags, comment, rater,
  rated_at AS ratedAt, resolved_at AS resolvedAt, sla_met AS slaMet, verified FROM ratings`;

/** The named parameters a filtered statement uses (better-sqlite3 wants exactly those). */
function filterParameters(filter: RatingFilter): Record<string, string | number> {
  const { service, fromMs, toMs } = filter;
  return Object.fromEntries(Object.entries({ service, fromMs, toMs }).filter(([, value]) => value !== undefined)) as Record<string, string | number>;
}

export { ratingValues };

export const INSERT_RATING = `INSERT INTO ratings (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const UPDATE_RATING = `UPDATE ratings SET ${EDITABLE.map((column) => `${column} = ?`).join(', ')} WHERE id = ?`;

function createSqliteStore(db: SqliteDatabase, close: () => Promise<void>, eventsFor?: EventsFor): Store {
  const notify = createNotifyParts(db, eventsFor);
  const insertNew = db.prepare(`${INSERT_RATING} ON CONFLICT (id) DO NOTHING`);
  const existing = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM ratings WHERE id = ?`).raw();
  const update = db.prepare(UPDATE_RATING);
  const totals = filtered(db, (where) => `SELECT service_id AS serviceId, COUNT(*) AS count, SUM(overall) AS overallSum,
      SUM(overall >= 4) AS satisfied,
      SUM(communication) AS communicationSum, COUNT(communication) AS communicationCount,
      SUM(understanding) AS understandingSum, COUNT(understanding) AS understandingCount,
      SUM(proactiveness) AS proactivenessSum, COUNT(proactiveness) AS proactivenessCount,
      SUM(sla_met) AS slaMet, COUNT(sla_met) AS slaKnown
    FROM ratings ${where} GROUP BY service_id`);
  // ISO weeks (Monday, UTC) as numbers; `weekStartOf` names them.
  const weeks = filtered(db, (where) => `SELECT service_id AS serviceId, ${WEEK_NUMBER_SQL} AS week,
      COUNT(*) AS count, SUM(overall) AS overallSum, SUM(overall >= 4) AS satisfied
    FROM ratings ${where} GROUP BY service_id, week ORDER BY week`);
  const comments = filtered(db, (where) => `${SELECT_RATING} ${where} ORDER BY rated_at_ms DESC, id LIMIT @limit`);
  const page = filtered(db, (where) => `${SELECT_RATING} ${where} ORDER BY rated_at_ms, id LIMIT @limit`);
  const count = db.prepare('SELECT COUNT(*) AS count FROM ratings');
  const addToDay = db.prepare(`INSERT INTO rating_days (${DAY_COLUMNS.join(', ')}) VALUES (${DAY_COLUMNS.map(() => '?').join(', ')}) ${ADD_TO_DAY}`);
  const dayStatements = new Map<string, Database.Statement>();
  /** The per-day statement for `filter`, with its parameters, or null when the ratings must be read. */
  const fromDays = (filter: RatingFilter, options: SumOptions | undefined, sql: (where: string) => string) => {
    const range = options?.fromRows ? null : dayRange(filter);
    if (range === null) return null;
    const params: Record<string, string | number> = {};
    const where = dayWhere(filter, range, (name, value) => ((params[name] = value), `@${name}`));
    const text = sql(where);
    let statement = dayStatements.get(text);
    if (!statement) dayStatements.set(text, (statement = db.prepare(text)));
    return { statement, params };
  };
  const bare = (alias: string) => alias;

  // New ids (the usual case) cost one statement; only a known id looks at the stored row.
  // A re-send with a newer ratedAt by the same rater (and rater_key) is an edit; anything else leaves the row alone.
  const saveOne = (rating: Rating, receivedAt: number, source: RatingSource | undefined, days: DayDeltas): SaveOutcome => {
    const values = ratingValues(rating, receivedAt, source);
    if (insertNew.run(values).changes === 1) {
      days.add(values, 1);
      notify.onSaved(rating, null, receivedAt);
      return 'inserted';
    }
    const before = existing.get(rating.id) as ColumnValue[];
    const outcome = judgeResend(before, values);
    if (outcome !== 'updated') return outcome;
    update.run([...EDITABLE_INDEXES.map((index) => values[index]!), rating.id]);
    days.add(before, -1);
    days.add(values, 1);
    notify.onSaved(rating, { overall: before[OVERALL] as number, comment: before[COMMENT] as string | null }, receivedAt);
    return 'updated';
  };
  // The batch's changes to rating_days are summed per day first: one upsert per day row touched.
  const saveBatch = db.transaction((ratings: readonly Rating[], receivedAt: number, source?: RatingSource): SaveOutcome[] => {
    const days = new DayDeltas();
    const outcomes = ratings.map((rating) => saveOne(rating, receivedAt, source, days));
    for (const row of days.list()) addToDay.run(row);
    return outcomes;
  });

  return {
    ...createLoopStore(db),
    ...createCatalogueStore(db),
    ...createDetectionHealthStore(db),
    save: async (ratings, receivedAt, source) => saveBatch(ratings, receivedAt, source),
    totals: async (filter, options) => {
      const days = fromDays(filter, options, (where) => dayTotalsSql(where, bare));
      return (days ? days.statement.all(days.params) : totals(filter).all(filterParameters(filter))) as ServiceTotalsRow[];
    },
    weeks: async (filter, options) => {
      const days = fromDays(filter, options, (where) => dayWeeksSql(where, bare));
      const rows = (days ? days.statement.all(days.params) : weeks(filter).all(filterParameters(filter))) as (Omit<WeekTotalsRow, 'weekStart'> & { week: number })[];
      return rows.map(({ week, ...row }) => ({ ...row, weekStart: weekStartOf(week) }));
    },
    latestComments: async (filter, limit) =>
      comments(filter, ["comment IS NOT NULL AND comment <> ''"]).all({ ...filterParameters(filter), limit }) as StoredRating[],
    // `all` on one page, not `iterate`: an open iterator would keep the connection busy for writes.
    listPage: async (filter, after, limit) =>
      (after
        ? page(filter, ['(rated_at_ms, id) > (@afterMs, @afterId)']).all({ ...filterParameters(filter), afterMs: after.ms, afterId: after.id, limit })
        : page(filter).all({ ...filterParameters(filter), limit })) as StoredRating[],
    count: async () => (count.get() as { count: number }).count,
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close,
    ...notify.store,
    ...createAuthStore(db),
    ...createRateLimitStore(db),
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
