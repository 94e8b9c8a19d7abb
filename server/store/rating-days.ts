/**
 * The report's pre-aggregate, shared by both engines: `rating_days` holds, per service and UTC day,
 * the sums the report is built from (count, overall sum, satisfied, the dimension sums and counts,
 * SLA met and known). Every save keeps it in the same transaction as the ratings it changes: a new
 * rating adds its contribution, an edit takes the old one out and puts the new one in. The report
 * reads it whenever its bounds fall on whole UTC days (a date-only `from`/`to`, or none), and reads
 * the ratings themselves otherwise, so a few thousand day rows stand in for millions of ratings.
 */
import { COLUMNS, type ColumnValue } from './columns';
import type { RatingFilter } from './store';

export const DAY_MS = 86_400_000;

/**
 * `service_id` is '' with `unassigned = 1` for ratings sent without a service (a key column cannot
 * be NULL on PostgreSQL, and '' is a service id a rating may carry). `day` is `rated_at_ms / 86400000`
 * (whole UTC days since 1970-01-01), so `(day + 3) / 7` is the report's week number.
 */
export const RATING_DAYS_TABLE = `CREATE TABLE rating_days (
     service_id          TEXT NOT NULL,
     unassigned          INTEGER NOT NULL CHECK (unassigned IN (0, 1)),
     day                 BIGINT NOT NULL,
     count               BIGINT NOT NULL,
     overall_sum         BIGINT NOT NULL,
     satisfied           BIGINT NOT NULL,
     communication_sum   BIGINT NOT NULL,
     communication_count BIGINT NOT NULL,
     understanding_sum   BIGINT NOT NULL,
     understanding_count BIGINT NOT NULL,
     proactiveness_sum   BIGINT NOT NULL,
     proactiveness_count BIGINT NOT NULL,
     sla_met             BIGINT NOT NULL,
     sla_known           BIGINT NOT NULL,
     PRIMARY KEY (service_id, unassigned, day)
   );`;

const SUMS = [
  'count', 'overall_sum', 'satisfied', 'communication_sum', 'communication_count', 'understanding_sum', 'understanding_count',
  'proactiveness_sum', 'proactiveness_count', 'sla_met', 'sla_known',
] as const;
export const DAY_COLUMNS = ['service_id', 'unassigned', 'day', ...SUMS] as const;

/**
 * The day rows (in `DAY_COLUMNS` order) that the rating rows of `source` (a table, or a CTE with
 * the same column names) add up to, one per key.
 */
export const daySumsOf = (source: string) => `SELECT COALESCE(service_id, ''), CASE WHEN service_id IS NULL THEN 1 ELSE 0 END, rated_at_ms / ${DAY_MS},
     COUNT(*), SUM(overall), SUM(CASE WHEN overall >= 4 THEN 1 ELSE 0 END),
     COALESCE(SUM(communication), 0), COUNT(communication), COALESCE(SUM(understanding), 0), COUNT(understanding),
     COALESCE(SUM(proactiveness), 0), COUNT(proactiveness), COALESCE(SUM(sla_met), 0), COUNT(sla_met)
   FROM ${source} GROUP BY 1, 2, 3`;

/**
 * Empties `rating_days` and sums every rating into it again (the migration's backfill, and after a
 * bulk load that went around `save`). Plain SQL both engines take as it is.
 */
export const REBUILD_RATING_DAYS = `DELETE FROM rating_days;
   INSERT INTO rating_days (${DAY_COLUMNS.join(', ')})
   ${daySumsOf('ratings')};`;

/** Appended to both engines' migrations: the table, filled from the ratings already stored. */
export const RATING_DAYS_MIGRATION = `${RATING_DAYS_TABLE}\n   ${REBUILD_RATING_DAYS}`;

/** `count = rating_days.count + excluded.count, …`: a row's change is added to what is there. */
export const ADD_TO_DAY = `ON CONFLICT (service_id, unassigned, day) DO UPDATE SET
    ${SUMS.map((column) => `${column} = rating_days.${column} + excluded.${column}`).join(', ')}`;

const at = (name: (typeof COLUMNS)[number]) => COLUMNS.indexOf(name);
const SERVICE = at('service_id');
const RATED_AT_MS = at('rated_at_ms');
const OVERALL = at('overall');
const DIMENSIONS = [at('communication'), at('understanding'), at('proactiveness')];
const SLA_MET = at('sla_met');

/** One day row's change, in `DAY_COLUMNS` order. */
export type DayDelta = [string, number, number, ...number[]];

/**
 * The changes one save makes to `rating_days`, gathered per day row: `add(values, +1)` for a new
 * rating, `add(before, -1)` then `add(values, +1)` for an edit (values in `COLUMNS` order).
 */
export class DayDeltas {
  private readonly rows = new Map<string, DayDelta>();

  add(values: readonly ColumnValue[], sign: 1 | -1): void {
    const service = values[SERVICE] as string | null;
    // SQL's integer division truncates, as Math.trunc does.
    const day = Math.trunc(Number(values[RATED_AT_MS]) / DAY_MS);
    const key = `${service === null ? '-' : `s${service}`}|${day}`;
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = [service ?? '', service === null ? 1 : 0, day, ...SUMS.map(() => 0)]));
    const overall = Number(values[OVERALL]);
    const sla = values[SLA_MET];
    const sums = [
      1,
      overall,
      overall >= 4 ? 1 : 0,
      ...DIMENSIONS.flatMap((index) => (values[index] === null ? [0, 0] : [Number(values[index]), 1])),
      sla === null ? 0 : Number(sla),
      sla === null ? 0 : 1,
    ];
    sums.forEach((value, index) => (row[3 + index] = (row[3 + index] as number) + sign * value));
  }

  /** The changed rows, in key order (so two instances lock day rows in the same order); no-ops left out. */
  list(): DayDelta[] {
    return [...this.rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, row]) => row)
      .filter((row) => row.slice(3).some((value) => value !== 0));
  }
}

/** Whole UTC days the filter covers, or null when a bound falls inside a day (then the ratings are read). */
export function dayRange(filter: RatingFilter): { fromDay?: number; toDay?: number } | null {
  const { fromMs, toMs } = filter;
  if (fromMs !== undefined && (fromMs < 0 || fromMs % DAY_MS !== 0)) return null;
  if (toMs !== undefined && (toMs < 0 || (toMs + 1) % DAY_MS !== 0)) return null;
  return {
    ...(fromMs !== undefined ? { fromDay: fromMs / DAY_MS } : {}),
    ...(toMs !== undefined ? { toDay: (toMs + 1) / DAY_MS - 1 } : {}),
  };
}

/** The WHERE of a day query: `p` gives the engine's placeholder for a named value. */
export function dayWhere(filter: RatingFilter, range: { fromDay?: number; toDay?: number }, p: (name: 'service' | 'fromDay' | 'toDay', value: string | number) => string): string {
  const conditions = [
    ...(filter.service !== undefined ? [`service_id = ${p('service', filter.service)} AND unassigned = 0`] : []),
    ...(range.fromDay !== undefined ? [`day >= ${p('fromDay', range.fromDay)}`] : []),
    ...(range.toDay !== undefined ? [`day <= ${p('toDay', range.toDay)}`] : []),
  ];
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

const SERVICE_ID = 'CASE WHEN unassigned = 1 THEN NULL ELSE service_id END';

/**
 * The same rows as the engines' `totals` over the ratings: a dimension sum is NULL where it has no
 * value (scores are 1–5, so a zero sum means none), SLA met NULL where no rating carried one.
 * `q` quotes an alias as the engine wants it (PostgreSQL folds bare names to lower case).
 */
export function dayTotalsSql(where: string, q: (alias: string) => string): string {
  return `SELECT ${SERVICE_ID} AS ${q('serviceId')}, SUM(count) AS count, SUM(overall_sum) AS ${q('overallSum')}, SUM(satisfied) AS satisfied,
      NULLIF(SUM(communication_sum), 0) AS ${q('communicationSum')}, SUM(communication_count) AS ${q('communicationCount')},
      NULLIF(SUM(understanding_sum), 0) AS ${q('understandingSum')}, SUM(understanding_count) AS ${q('understandingCount')},
      NULLIF(SUM(proactiveness_sum), 0) AS ${q('proactivenessSum')}, SUM(proactiveness_count) AS ${q('proactivenessCount')},
      CASE WHEN SUM(sla_known) = 0 THEN NULL ELSE SUM(sla_met) END AS ${q('slaMet')}, SUM(sla_known) AS ${q('slaKnown')}
    FROM rating_days ${where} GROUP BY service_id, unassigned HAVING SUM(count) > 0`;
}

/** Per service and week number, as the engines' `weeks` over the ratings. */
export function dayWeeksSql(where: string, q: (alias: string) => string): string {
  return `SELECT ${SERVICE_ID} AS ${q('serviceId')}, (day + 3) / 7 AS week, SUM(count) AS count, SUM(overall_sum) AS ${q('overallSum')},
      SUM(satisfied) AS satisfied
    FROM rating_days ${where} GROUP BY service_id, unassigned, (day + 3) / 7 HAVING SUM(count) > 0 ORDER BY week`;
}
