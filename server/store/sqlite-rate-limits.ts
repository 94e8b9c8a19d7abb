/** SQLite half of `RateLimitStore` (see rate-limits.ts). */
import { takeFromRow, takeRateSql, type RateLimitStore } from './rate-limits';
import type { SqliteDatabase } from './sqlite';

/**
 * Budgets are written on the ratings' own connection, each write committed with
 * `synchronous = NORMAL` (in WAL mode: no fsync; the next rating's FULL commit carries it to
 * disk) and the connection set back to FULL right after. Losing the last second of budgets to a
 * power cut is harmless; losing an acknowledged rating is not. Not a second connection: SQLite
 * drops a connection's whole page cache whenever another one has written, so two connections
 * writing by turns re-read their pages on every request (measured: a single rating's store work
 * tripled, and batches fell from 71 % to 45 % of the raw driver). better-sqlite3 is synchronous,
 * so nothing else runs on the connection between the two pragmas.
 */
export function createRateLimitStore(db: SqliteDatabase): RateLimitStore {
  const take = db.prepare(takeRateSql('MAX', { key: '@key', at: '@at', interval: '@interval', window: '@window' }));
  const prune = db.prepare('DELETE FROM rate_limits WHERE tat < ?');
  // Prepared once: `db.pragma()` compiles its statement on every call.
  const normal = db.prepare('PRAGMA synchronous = NORMAL');
  const full = db.prepare('PRAGMA synchronous = FULL');
  const withoutFsync = <T>(write: () => T): T => {
    normal.run();
    try {
      return write();
    } finally {
      full.run();
    }
  };
  return {
    takeRate: async (key, atUs, intervalUs, windowUs) =>
      takeFromRow(withoutFsync(() => take.get({ key, at: atUs, interval: intervalUs, window: windowUs })) as { tat: number; allowed: number }),
    pruneRates: async (beforeUs) => withoutFsync(() => prune.run(beforeUs).changes),
  };
}
