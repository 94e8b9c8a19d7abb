/** SQLite half of `RateLimitStore` (see rate-limits.ts). */
import Database from 'better-sqlite3';
import { takeFromRow, takeRateSql, type RateLimitStore } from './rate-limits';
import type { SqliteDatabase } from './sqlite';

/**
 * Rate-limit rows are written on a connection of their own with `synchronous = NORMAL`: in WAL
 * mode its commits skip the fsync (the next rating's FULL commit carries them to disk), so a
 * request pays one fsync for its rating, not a second one for its budget. Losing the last
 * second of budgets to a power cut is harmless; losing an acknowledged rating is not.
 */
export function openRateLimitConnection(path: string): SqliteDatabase {
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // The checkpoint worker (sqlite-wal.ts) checkpoints for every connection.
  db.pragma('wal_autocheckpoint = 0');
  return db;
}

export function createRateLimitStore(db: SqliteDatabase): RateLimitStore {
  const take = db.prepare(takeRateSql('MAX', { key: '@key', at: '@at', interval: '@interval', window: '@window' }));
  const prune = db.prepare('DELETE FROM rate_limits WHERE tat < ?');
  return {
    takeRate: async (key, atUs, intervalUs, windowUs) =>
      takeFromRow(take.get({ key, at: atUs, interval: intervalUs, window: windowUs }) as { tat: number; allowed: number }),
    pruneRates: async (beforeUs) => prune.run(beforeUs).changes,
  };
}
