/**
 * The PostgreSQL `Store` (node-postgres pool), chosen by `DATABASE_URL=postgres://…`. Same
 * semantics as the SQLite engine: idempotent by id, newer ratedAt from the same rater wins, events
 * committed with the rating. A batch's fresh ids (that raise no notification) are stored in one
 * statement with their day sums; ids already stored are judged in a transaction after it. Several server instances may share
 * one database: rows are locked (`FOR UPDATE`) while an edit is judged, batches lock ids in
 * sorted order, and a transaction that still loses a deadlock or serialisation race is retried.
 */
import type pg from 'pg';
import type { Rating } from '../../utils/contracts/schema';
import { COLUMNS, COMMENT, EDITABLE, EDITABLE_INDEXES, judgeResend, OVERALL, ratingValues, WEEK_NUMBER_SQL, weekStartOf, type ColumnValue } from './columns';
import type { EventsFor } from './notify';
import { createPostgresAuthStore } from './postgres-auth';
import { createPostgresCatalogueStore } from './postgres-catalogue';
import { createPostgresDetectionHealthStore } from './postgres-detection-health';
import { createPostgresLoopStore } from './postgres-loop';
import { migratePostgres } from './postgres-migrations';
import { createPool, filterSql, inTransaction, Params, whereSql } from './postgres-sql';
import { createPostgresNotify } from './postgres-notify';
import { createPostgresRateLimitStore } from './postgres-rate-limits';
import { ADD_TO_DAY, DAY_COLUMNS, dayRange, DayDeltas, daySumsOf, dayTotalsSql, dayWeeksSql, dayWhere, type DayDelta } from './rating-days';
import type { RatingFilter, RatingSource, SaveOutcome, ServiceTotalsRow, StoredRating, Store, SumOptions, WeekTotalsRow } from './store';

export const SELECT_RATING = `SELECT id, service_id AS "serviceId", ticket_key AS "ticketKey", ticket_url AS "ticketUrl", tracker,
  origin, ticket_title AS "ticketTitle", overall, communication, understanding, proactiveness, tags, comment, rater,
  rated_at AS "ratedAt", resolved_at AS "resolvedAt", sla_met AS "slaMet", verified FROM ratings`;

const ARRAY_TYPES: Record<(typeof COLUMNS)[number], string> = {
  id: 'text', service_id: 'text', ticket_key: 'text', ticket_url: 'text', tracker: 'text', origin: 'text', ticket_title: 'text',
  overall: 'int', communication: 'int', understanding: 'int', proactiveness: 'int', tags: 'text', comment: 'text', rater: 'text',
  rated_at: 'text', rated_at_ms: 'bigint', resolved_at: 'text', sla_met: 'int', received_at: 'bigint', rater_key: 'text', verified: 'int',
};

/** Every new id of a batch in one statement: one array parameter per column. */
const INSERT_ROWS = `INSERT INTO ratings (${COLUMNS.join(', ')})
  SELECT * FROM unnest(${COLUMNS.map((column, index) => `$${index + 1}::${ARRAY_TYPES[column]}[]`).join(', ')})
  ON CONFLICT (id) DO NOTHING`;
export const INSERT_BATCH = `${INSERT_ROWS} RETURNING id`;
/**
 * New ratings and their day sums in one statement, its own transaction: one round trip and one
 * WAL flush for the common case (fresh ids). Ids already stored come back missing, for the
 * transaction that judges edits.
 */
export const INSERT_NEW_WITH_DAYS = `WITH inserted AS (
  ${INSERT_ROWS} RETURNING id, service_id, rated_at_ms, overall, communication, understanding, proactiveness, sla_met),
days AS (INSERT INTO rating_days (${DAY_COLUMNS.join(', ')}) ${daySumsOf('inserted')} ORDER BY 1, 2, 3 ${ADD_TO_DAY})
SELECT id FROM inserted`;
const SELECT_FOR_EDIT = `SELECT ${COLUMNS.join(', ')} FROM ratings WHERE id = $1 FOR UPDATE`;
const UPDATE_RATING = `UPDATE ratings SET ${EDITABLE.map((column, index) => `${column} = $${index + 1}`).join(', ')}
  WHERE id = $${EDITABLE.length + 1}`;

/** Every changed day row of a batch in one statement (rows already summed per key, in key order). */
const ADD_TO_DAYS = `INSERT INTO rating_days (${DAY_COLUMNS.join(', ')})
  SELECT * FROM unnest(${DAY_COLUMNS.map((column, index) => `$${index + 1}::${column === 'service_id' ? 'text' : column === 'unassigned' ? 'int' : 'bigint'}[]`).join(', ')})
  ${ADD_TO_DAY}`;
const dayArrays = (rows: readonly DayDelta[]) => DAY_COLUMNS.map((_column, index) => rows.map((row) => row[index]!));

const quoted = (alias: string) => `"${alias}"`;

/** The per-day query for `filter` with its parameters, or null when the ratings must be read. */
function fromDays(filter: RatingFilter, options: SumOptions | undefined, sql: (where: string, q: (alias: string) => string) => string) {
  const range = options?.fromRows ? null : dayRange(filter);
  if (range === null) return null;
  const params = new Params();
  return { text: sql(dayWhere(filter, range, (_name, value) => params.add(value)), quoted), values: params.values };
}

/**
 * The batch's indexes sorted by id (stable, so repeats of one id keep their order): two instances
 * saving overlapping batches take the row locks in the same order and never deadlock.
 */
const idOrder = (ratings: readonly Rating[]) =>
  ratings.map((_rating, index) => index).sort((a, b) => (ratings[a]!.id < ratings[b]!.id ? -1 : ratings[a]!.id > ratings[b]!.id ? 1 : a - b));

/** Rows in `COLUMNS` order turned into one array per column, for `INSERT_BATCH`. */
export function columnArrays(rows: readonly ColumnValue[][]): ColumnValue[][] {
  return COLUMNS.map((_column, index) => rows.map((row) => row[index]!));
}

function createPostgresStore(pool: pg.Pool, limitsPool: pg.Pool, eventsFor: EventsFor | undefined): Store {
  const notify = createPostgresNotify(pool, eventsFor);

  const saveInTransaction = async (client: pg.PoolClient, ratings: readonly Rating[], receivedAt: number, source: RatingSource | undefined): Promise<SaveOutcome[]> => {
    const order = idOrder(ratings);
    const values = ratings.map((rating) => ratingValues(rating, receivedAt, source));
    const { rows } = await client.query<{ id: string }>(INSERT_BATCH, columnArrays(order.map((index) => values[index]!)));
    const inserted = new Set(rows.map((row) => row.id));
    const outcomes: SaveOutcome[] = new Array(ratings.length);
    const days = new DayDeltas();
    for (const index of order) {
      const rating = ratings[index]!;
      // The first of repeated ids is the one the batch insert stored.
      if (inserted.delete(rating.id)) {
        outcomes[index] = 'inserted';
        days.add(values[index]!, 1);
        await notify.onSaved(client, rating, null, receivedAt);
        continue;
      }
      const found = await client.query<ColumnValue[]>({ text: SELECT_FOR_EDIT, values: [rating.id], rowMode: 'array' });
      const before = found.rows[0];
      if (!before) throw new Error(`rating ${rating.id} neither inserted nor found`);
      const outcome = judgeResend(before, values[index]!);
      outcomes[index] = outcome;
      if (outcome !== 'updated') continue;
      await client.query(UPDATE_RATING, [...EDITABLE_INDEXES.map((column) => values[index]![column]), rating.id]);
      days.add(before, -1);
      days.add(values[index]!, 1);
      await notify.onSaved(client, rating, { overall: before[OVERALL] as number, comment: before[COMMENT] as string | null }, receivedAt);
    }
    // Last, in key order: the day rows stay locked only until the commit that follows.
    const changed = days.list();
    if (changed.length > 0) await client.query(ADD_TO_DAYS, dayArrays(changed));
    return outcomes;
  };

  /** Stores the fresh ids of a batch with their day sums; the outcome is left empty for ids already stored. */
  const insertNew = async (ratings: readonly Rating[], receivedAt: number, source: RatingSource | undefined): Promise<SaveOutcome[]> => {
    const order = idOrder(ratings);
    const { rows } = await pool.query<{ id: string }>(INSERT_NEW_WITH_DAYS, columnArrays(order.map((index) => ratingValues(ratings[index]!, receivedAt, source))));
    const inserted = new Set(rows.map((row) => row.id));
    const outcomes: SaveOutcome[] = new Array(ratings.length);
    // The first of repeated ids is the one stored.
    for (const index of order) if (inserted.delete(ratings[index]!.id)) outcomes[index] = 'inserted';
    return outcomes;
  };

  return {
    ...createPostgresLoopStore(pool),
    ...createPostgresCatalogueStore(pool),
    ...createPostgresDetectionHealthStore(pool),
    ...notify.store,
    ...createPostgresAuthStore(pool),
    ...createPostgresRateLimitStore(limitsPool),
    save: async (ratings, receivedAt, source) => {
      if (ratings.length === 0) return [];
      // A new rating that raises a notification is stored in one transaction with its event.
      if (ratings.some(notify.raisesEvent)) return inTransaction(pool, (client) => saveInTransaction(client, ratings, receivedAt, source));
      const outcomes = await insertNew(ratings, receivedAt, source);
      const rest = ratings.flatMap((rating, index) => (outcomes[index] ? [] : [index]));
      if (rest.length === 0) return outcomes;
      const judged = await inTransaction(pool, (client) => saveInTransaction(client, rest.map((index) => ratings[index]!), receivedAt, source));
      rest.forEach((index, at) => (outcomes[index] = judged[at]!));
      return outcomes;
    },
    totals: async (filter, options) => {
      const days = fromDays(filter, options, dayTotalsSql);
      if (days) return (await pool.query<ServiceTotalsRow>(days.text, days.values)).rows;
      const params = new Params();
      const { rows } = await pool.query<ServiceTotalsRow>(
        `SELECT service_id AS "serviceId", COUNT(*) AS count, SUM(overall) AS "overallSum",
           COUNT(*) FILTER (WHERE overall >= 4) AS satisfied,
           SUM(communication) AS "communicationSum", COUNT(communication) AS "communicationCount",
           SUM(understanding) AS "understandingSum", COUNT(understanding) AS "understandingCount",
           SUM(proactiveness) AS "proactivenessSum", COUNT(proactiveness) AS "proactivenessCount",
           SUM(sla_met) AS "slaMet", COUNT(sla_met) AS "slaKnown"
         FROM ratings ${whereSql(filterSql(filter, params))} GROUP BY service_id`,
        params.values,
      );
      return rows;
    },
    weeks: async (filter, options) => {
      const params = new Params();
      const days = fromDays(filter, options, dayWeeksSql);
      // ISO weeks (Monday, UTC) as numbers; `weekStartOf` names them.
      const { rows } = await pool.query<Omit<WeekTotalsRow, 'weekStart'> & { week: number }>(
        days ? days.text : `SELECT service_id AS "serviceId", ${WEEK_NUMBER_SQL} AS week, COUNT(*) AS count, SUM(overall) AS "overallSum",
           COUNT(*) FILTER (WHERE overall >= 4) AS satisfied
         FROM ratings ${whereSql(filterSql(filter, params))} GROUP BY service_id, week ORDER BY week`,
        days ? days.values : params.values,
      );
      return rows.map(({ week, ...row }) => ({ ...row, weekStart: weekStartOf(week) }));
    },
    latestComments: async (filter, limit) => {
      const params = new Params();
      const conditions = [...filterSql(filter, params), "comment IS NOT NULL AND comment <> ''"];
      const { rows } = await pool.query<StoredRating>(
        `${SELECT_RATING} ${whereSql(conditions)} ORDER BY rated_at_ms DESC, id LIMIT ${params.add(limit)}`,
        params.values,
      );
      return rows;
    },
    listPage: async (filter, after, limit) => {
      const params = new Params();
      const conditions = filterSql(filter, params);
      if (after) conditions.push(`(rated_at_ms, id) > (${params.add(after.ms)}, ${params.add(after.id)})`);
      const { rows } = await pool.query<StoredRating>(
        `${SELECT_RATING} ${whereSql(conditions)} ORDER BY rated_at_ms, id LIMIT ${params.add(limit)}`,
        params.values,
      );
      return rows;
    },
    count: async () => (await pool.query<{ count: number }>('SELECT COUNT(*) AS count FROM ratings')).rows[0]!.count,
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: async () => {
      if (!limitsPool.ended) await limitsPool.end();
      if (!pool.ended) await pool.end();
    },
  };
}

/** Connects, applies the migrations (under an advisory lock) and gives back the store. */
export async function openPostgresStore(url: string, options: { eventsFor?: EventsFor; poolSize?: number } = {}): Promise<Store> {
  const pool = createPool(url, options.poolSize);
  // An idle connection that the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  // Budgets (rate limits) commit without waiting for the WAL flush: see postgres-rate-limits.ts.
  const limitsPool = createPool(url, 2, '-c synchronous_commit=off');
  limitsPool.on('error', () => {});
  return createPostgresStore(pool, limitsPool, options.eventsFor);
}
