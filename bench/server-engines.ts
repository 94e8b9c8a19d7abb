/**
 * The two storage engines as the server benchmark needs them: where a server's data goes, the raw
 * driver insert rate (the limit the server is compared with), and loading a large data set
 * straight into a database for the report and export figures.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLUMNS, ratingValues, type ColumnValue } from '../server/store/columns';
import { columnArrays, INSERT_BATCH } from '../server/store/postgres';
import { migratePostgres } from '../server/store/postgres-migrations';
import { createPool } from '../server/store/postgres-sql';
import { REBUILD_RATING_DAYS } from '../server/store/rating-days';
import { INSERT_RATING, openDatabase, startCheckpointer } from '../server/store/sqlite';
import { startPostgresCluster, type PostgresCluster } from '../test/setup/postgres-cluster';
import type { Rating } from '../utils/contracts/schema';

export type EngineName = 'SQLite' | 'PostgreSQL';

export interface BenchEngine {
  name: EngineName;
  /** A fresh, empty database: a file path or a postgres:// URL. */
  freshDatabase(label: string): Promise<string>;
  /** Ratings/s inserting `batch` ratings per transaction with the driver alone, for `seconds`. */
  rawInsertRate(make: (count: number) => Rating[], batch: number, seconds: number): Promise<number>;
  /**
   * Inserts these rows (already migrated database) as fast as the driver allows, around `save`,
   * then rebuilds the report's per-day sums from them (the migration's backfill).
   */
  load(database: string, rows: AsyncIterable<ColumnValue[][]>): Promise<void>;
  /** Bytes of write-ahead log now: SQLite's `-wal` file, PostgreSQL's pg_wal folder (whole cluster). */
  walBytes(database: string): Promise<number>;
  dispose(): Promise<void>;
}

export function sqliteEngine(): BenchEngine {
  const dir = mkdtempSync(join(tmpdir(), 'sf-bench-sqlite-'));
  let counter = 0;
  const load = async (path: string, chunks: AsyncIterable<ColumnValue[][]>) => {
    const db = openDatabase(path);
    const insert = db.prepare(INSERT_RATING);
    const insertAll = db.transaction((rows: ColumnValue[][]) => {
      for (const row of rows) insert.run(row);
    });
    for await (const rows of chunks) insertAll(rows);
    db.transaction(() => db.exec(REBUILD_RATING_DAYS)).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('optimize');
    db.close();
  };
  return {
    name: 'SQLite',
    freshDatabase: async (label) => join(dir, `${label}-${++counter}.db`),
    rawInsertRate: async (make, batch, seconds) => {
      const path = join(dir, `raw-${++counter}.db`);
      const db = openDatabase(path);
      // Same checkpointing as the server: in a worker thread, not inline.
      const checkpointer = startCheckpointer(db, path);
      try {
        const insert = db.prepare(INSERT_RATING);
        const insertBatch = db.transaction((ratings: Rating[]) => {
          for (const rating of ratings) insert.run(ratingValues(rating, Date.now()));
        });
        let inserted = 0;
        const started = performance.now();
        while (performance.now() - started < seconds * 1000) {
          insertBatch(make(batch));
          inserted += batch;
        }
        return inserted / ((performance.now() - started) / 1000);
      } finally {
        await checkpointer.stop();
        db.close();
      }
    },
    load,
    walBytes: async (path) => {
      try {
        return statSync(`${path}-wal`).size;
      } catch {
        return 0;
      }
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A throwaway cluster with PostgreSQL's durable defaults (fsync on, synchronous_commit on). */
export async function postgresEngine(): Promise<BenchEngine> {
  const cluster: PostgresCluster = await startPostgresCluster({ durable: true });
  const admin = createPool(cluster.adminUrl, 1);
  let counter = 0;
  const fresh = async (label: string) => {
    const name = `bench_${label}_${++counter}`;
    await admin.query(`CREATE DATABASE ${name}`);
    return cluster.urlOf(name);
  };
  return {
    name: 'PostgreSQL',
    freshDatabase: fresh,
    rawInsertRate: async (make, batch, seconds) => {
      const pool = createPool(await fresh('raw'), 1);
      try {
        await migratePostgres(pool);
        const client = await pool.connect();
        let inserted = 0;
        const started = performance.now();
        while (performance.now() - started < seconds * 1000) {
          const rows = make(batch).map((rating) => ratingValues(rating, Date.now()));
          // One statement is its own transaction: one round trip and one WAL flush, as the server's save.
          await client.query(INSERT_BATCH, columnArrays(rows));
          inserted += batch;
        }
        client.release();
        return inserted / ((performance.now() - started) / 1000);
      } finally {
        await pool.end();
      }
    },
    load: async (url, chunks) => {
      const pool = createPool(url, 1);
      try {
        for await (const rows of chunks) await pool.query(INSERT_BATCH, columnArrays(rows));
        await pool.query(`BEGIN; ${REBUILD_RATING_DAYS} COMMIT;`);
        await pool.query('VACUUM ANALYZE ratings');
        await pool.query('VACUUM ANALYZE rating_days');
      } finally {
        await pool.end();
      }
    },
    walBytes: async () => (await admin.query<{ bytes: number }>('SELECT COALESCE(SUM(size), 0) AS bytes FROM pg_ls_waldir()')).rows[0]!.bytes,
    dispose: async () => {
      await admin.end();
      await cluster.stop();
    },
  };
}

/** `total` ratings over 3 years and 20 services, in chunks of `chunk` rows (`COLUMNS` order). */
export async function* largeDataSet(total: number, chunk = 5000): AsyncGenerator<ColumnValue[][]> {
  const start = Date.UTC(2023, 0, 2);
  const span = 3 * 365 * 86_400_000;
  for (let offset = 0; offset < total; offset += chunk) {
    const rows: ColumnValue[][] = [];
    for (let index = offset; index < Math.min(total, offset + chunk); index++) {
      const ratedAt = new Date(start + Math.floor((index / total) * span)).toISOString();
      const rating: Rating = {
        id: randomUUID(),
        ticketKey: `IT-${index}`,
        ticketUrl: `https://acme.atlassian.net/browse/IT-${index}`,
        tracker: 'jira',
        origin: 'https://acme.atlassian.net',
        serviceId: `service-${index % 20}`,
        overall: (index % 5) + 1,
        communication: ((index + 1) % 5) + 1,
        tags: ['fast'],
        comment: index % 10 === 0 ? 'Quick and clear answer, thanks!' : undefined,
        rater: `user${index % 5000}@example.com`,
        ratedAt,
        slaMet: index % 3 !== 0,
      };
      rows.push(ratingValues(rating, Date.now()));
    }
    yield rows;
  }
}

export { COLUMNS };

/** Runs `measure` on each engine named in BENCH_ENGINES (default both), each on a fresh engine disposed after. */
export async function onEachEngine<T>(measure: (engine: BenchEngine) => Promise<T>): Promise<{ name: EngineName; figures: T }[]> {
  const chosen = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
  const results: { name: EngineName; figures: T }[] = [];
  for (const [key, make] of Object.entries({ sqlite: sqliteEngine, postgres: postgresEngine })) {
    if (!chosen.includes(key)) continue;
    const engine = await make();
    try {
      results.push({ name: engine.name, figures: await measure(engine) });
    } finally {
      await engine.dispose();
    }
  }
  return results;
}
