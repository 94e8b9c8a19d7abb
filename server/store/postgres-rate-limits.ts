/** PostgreSQL half of `RateLimitStore` (see rate-limits.ts). */
import type pg from 'pg';
import { takeFromRow, takeRateSql, type RateLimitStore } from './rate-limits';

const TAKE = takeRateSql('GREATEST', { key: '$1', at: '$2::bigint', interval: '$3::bigint', window: '$4::bigint' });

/**
 * `pool` is a pool of its own whose sessions run with `synchronous_commit = off` (see
 * postgres.ts): a budget's commit does not wait for the WAL flush, so a request pays one flush
 * for its rating, not a second one for its budget. PostgreSQL stays consistent; at worst a crash
 * forgets the last fraction of a second of budgets.
 */
export function createPostgresRateLimitStore(pool: pg.Pool): RateLimitStore {
  return {
    takeRate: async (key, atUs, intervalUs, windowUs) =>
      takeFromRow((await pool.query<{ tat: number; allowed: number }>(TAKE, [key, atUs, intervalUs, windowUs])).rows[0]!),
    pruneRates: async (beforeUs) => (await pool.query('DELETE FROM rate_limits WHERE tat < $1', [beforeUs])).rowCount ?? 0,
  };
}
