// The SQLite file under sustained writes: every commit is fsynced (a 2xx means durable) and the WAL
// stays bounded while writes keep coming, then shrinks once they stop.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, openSqliteStore, WAL_SIZE_LIMIT_BYTES } from '../../../server/store/sqlite';
import { createRateLimitStore } from '../../../server/store/sqlite-rate-limits';
import { makeRating } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'sf-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const walBytes = (path: string) => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('durability', () => {
  it('fsyncs every commit (synchronous = FULL)', () => {
    const db = openDatabase(join(dir, 'sync.db'));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('writes rate-limit budgets on the connection of the ratings and always leaves it at FULL for the next rating', async () => {
    const db = openDatabase(join(dir, 'limits.db'));
    const limits = createRateLimitStore(db);
    expect(await limits.takeRate('token:a', Date.now() * 1000, 1000, 60_000_000)).toMatchObject({ allowed: true });
    expect(await limits.pruneRates(0)).toBe(0);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // A write that fails (here: a parameter missing) still hands the connection back at FULL.
    await expect(limits.takeRate(undefined as never, Number.NaN, 1000, 60_000_000)).rejects.toThrow();
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});

describe('the WAL under sustained writes', () => {
  it('stays bounded while batches keep coming and shrinks under 4 MB once idle', async () => {
    const path = join(dir, 'load.db');
    const errors: string[] = [];
    const store = openSqliteStore(path, { checkpointIntervalMs: 200, onCheckpointError: (message) => errors.push(message) });
    try {
      const comment = 'slow but friendly '.repeat(20);
      let largest = 0;
      let written = 0;
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        const batchStarted = Date.now();
        const batch = Array.from({ length: 100 }, () => makeRating({ comment }));
        await store.save(batch, Date.now());
        written += batch.length;
        largest = Math.max(largest, walBytes(path));
        // 3,000 ratings/s at most: ten times the 300/s, and what two batch clients sustain here.
        await sleep(Math.max(0, 33 - (Date.now() - batchStarted)));
      }
      expect(await store.count()).toBe(written);
      // Without RESTART checkpoints the WAL only grows (hundreds of MB within these seconds).
      expect(largest).toBeLessThan(48 * 1024 * 1024);
      const idleSince = Date.now();
      while (walBytes(path) >= WAL_SIZE_LIMIT_BYTES && Date.now() - idleSince < 3000) await sleep(100);
      expect(walBytes(path)).toBeLessThan(WAL_SIZE_LIMIT_BYTES);
      expect(errors).toEqual([]);
    } finally {
      await store.close();
    }
  }, 15_000);
});

describe('migrations', () => {
  it('lower-cases stored ids, keeping the first row where an upper-case copy made a second one', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { MIGRATIONS, ratingValues } = await import('../../../server/store/sqlite');
    // The first schema's 19 columns (later migrations added rater_key and verified).
    const INSERT_RATING = `INSERT INTO ratings VALUES (${Array(19).fill('?').join(', ')})`;
    const v1 = (values: unknown[]) => values.slice(0, 19);
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(MIGRATIONS[0]!);
    old.exec("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL); INSERT INTO schema_version VALUES (1, 'then')");
    const first = makeRating({ overall: 2 });
    const only = makeRating();
    old.prepare(INSERT_RATING).run(v1(ratingValues(first, 1)));
    old.prepare(INSERT_RATING).run(v1(ratingValues({ ...first, id: first.id.toUpperCase(), overall: 5 }, 2)));
    old.prepare(INSERT_RATING).run(v1(ratingValues({ ...only, id: only.id.toUpperCase() }, 3)));
    old.close();
    const db = openDatabase(path);
    expect(db.prepare('SELECT id, overall FROM ratings ORDER BY received_at').all()).toEqual([
      { id: first.id, overall: 2 },
      { id: only.id, overall: 4 },
    ]);
    db.close();
  });
});
