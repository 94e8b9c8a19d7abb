/**
 * The rate-limit block of the `Store` contract: one row per caller key holding its GCRA
 * "theoretical arrival time" (`tat`, microseconds since the epoch). One atomic UPSERT per request
 * decides and records it, so every server instance on one database shares each caller's budget.
 *
 * GCRA: each request moves `tat` on by `intervalUs` (a minute / the budget) from `max(tat, now)`;
 * it is allowed while that stays within `windowUs` (a minute) of now, which lets a whole minute's
 * budget through at once and then refills it evenly (the token bucket the limiter always was).
 * A refused request leaves `tat` alone. A row whose `tat` is in the past says no more than a
 * missing row, so pruning those loses nothing.
 */

export interface RateTake {
  allowed: boolean;
  /** The key's theoretical arrival time after this request (microseconds). */
  tatUs: number;
}

export interface RateLimitStore {
  /** One request from `key` at `atUs`: one atomic statement, shared by every instance on the database. */
  takeRate(key: string, atUs: number, intervalUs: number, windowUs: number): Promise<RateTake>;
  /** Deletes the rows whose `tat` is before `beforeUs` (their budget is whole again); gives how many. */
  pruneRates(beforeUs: number): Promise<number>;
}

/** Appended to both engines' migrations (the same text). */
export const RATE_LIMIT_MIGRATION = `CREATE TABLE rate_limits (
     key     TEXT PRIMARY KEY,
     tat     BIGINT NOT NULL,
     allowed INTEGER NOT NULL CHECK (allowed IN (0, 1))
   );`;

/**
 * The UPSERT, for either engine: `greatest` is SQLite's two-argument `MAX` or PostgreSQL's
 * `GREATEST`; `key`, `at`, `interval`, `window` are the engine's placeholders. SET expressions read
 * the row as it was, so `allowed` and `tat` judge the same old `tat`.
 */
export function takeRateSql(greatest: 'MAX' | 'GREATEST', p: { key: string; at: string; interval: string; window: string }): string {
  const next = `${greatest}(rate_limits.tat, ${p.at}) + ${p.interval}`;
  const fits = `${next} - ${p.at} <= ${p.window}`;
  return `INSERT INTO rate_limits (key, tat, allowed) VALUES (${p.key}, ${p.at} + ${p.interval}, 1)
    ON CONFLICT (key) DO UPDATE SET
      tat = CASE WHEN ${fits} THEN ${next} ELSE rate_limits.tat END,
      allowed = CASE WHEN ${fits} THEN 1 ELSE 0 END
    RETURNING tat, allowed`;
}

export const takeFromRow = (row: { tat: number | string; allowed: number }): RateTake => ({ allowed: row.allowed === 1, tatUs: Number(row.tat) });
