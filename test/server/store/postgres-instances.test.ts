// Several server instances on one PostgreSQL database (PostgreSQL project only, see vitest.config.ts):
// two real child processes (server/main.ts) start at once (migrations under an advisory lock) and
// ingest the same ratings and edits concurrently: no duplicate rows, and every edit resolves as it
// would on one instance (the newest ratedAt wins, whichever server got it and in whatever order).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rating } from '../../../utils/contracts/schema';
import { openPostgresStore } from '../../../server/store/postgres';
import { POSTGRES_MIGRATIONS } from '../../../server/store/postgres-migrations';
import { exampleConfig, freshDatabase, makeRating, postRatings, queryRows, type DatabaseChoice } from '../helpers';

interface Instance {
  url: string;
  child: ChildProcess;
}

async function spawnServer(databaseUrl: string, configPath: string): Promise<Instance> {
  // node with tsx's loader (not the tsx CLI, which relays SIGTERM through a second process).
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, SERVICE_FEEDBACK_CONFIG: configPath, PORT: '0' },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let waited = 0; waited < 30_000 && child.exitCode === null; waited += 50) {
    const url = output.match(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/)?.[1];
    if (url) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${output}`);
}

async function stop(instance: Instance): Promise<number | null> {
  if (instance.child.exitCode !== null) return instance.child.exitCode;
  const exited = new Promise<number | null>((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  return exited;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

const chunks = <T>(items: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, index * size + size));

let dir: string;
let database: DatabaseChoice & { drop(): Promise<void> };
let instances: Instance[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-instances-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(exampleConfig()));
  database = await freshDatabase(dir);
  // Both start at the same moment on an empty database: one applies the migrations, the other waits.
  instances = await Promise.all([spawnServer(database.databaseUrl!, configPath), spawnServer(database.databaseUrl!, configPath)]);
}, 60_000);

afterAll(async () => {
  const codes = await Promise.all(instances.map(stop));
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
  expect(codes).toEqual(instances.map(() => 0));
});

describe('two server processes on one PostgreSQL database', () => {
  it('applied each migration once', async () => {
    expect(await queryRows(database, 'SELECT version FROM schema_version ORDER BY version')).toEqual(
      POSTGRES_MIGRATIONS.map((_, index) => ({ version: index + 1 })),
    );
  });

  it('stores each rating once and resolves concurrent edits like one instance would', async () => {
    const originals = Array.from({ length: 300 }, (_, index) =>
      makeRating({ ticketKey: `IT-${index}`, overall: 3, rater: `rater${index % 7}@example.com`, ratedAt: '2026-03-02T09:00:00.000Z' }),
    );
    // Every third rating is edited twice; the newest edit (overall 1) must win on both servers.
    const edits = originals
      .filter((_, index) => index % 3 === 0)
      .flatMap((rating) => [
        { ...rating, overall: 5, ratedAt: '2026-03-02T10:00:00.000Z' },
        { ...rating, overall: 1, comment: 'worse after all', ratedAt: '2026-03-02T11:00:00.000Z' },
      ]);
    const everything: Rating[] = [...originals, ...edits];
    // Each server gets everything, in its own order, in batches of 40 sent 4 at a time.
    const send = async (instance: Instance, ratings: Rating[]) => {
      const batches = chunks(ratings, 40);
      const accepted: number[] = [];
      for (const group of chunks(batches, 4)) {
        const responses = await Promise.all(group.map((batch) => postRatings(instance, batch)));
        for (const response of responses) {
          expect(response.status).toBe(200);
          accepted.push(((await response.json()) as { accepted: number }).accepted);
        }
      }
      return accepted.reduce((sum, value) => sum + value, 0);
    };
    const [first, second] = await Promise.all([send(instances[0]!, shuffled(everything, 1)), send(instances[1]!, shuffled(everything, 2))]);

    const ids = originals.map((rating) => rating.id);
    expect(await queryRows(database, 'SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM ratings')).toEqual([{ n: 300, d: 300 }]);
    const stored = new Map((await queryRows(database, 'SELECT id, overall, rated_at, comment, rater FROM ratings')).map((row) => [row.id, row]));
    for (const [index, rating] of originals.entries()) {
      const row = stored.get(ids[index]!)!;
      expect(row.rater).toBe(rating.rater);
      if (index % 3 === 0) expect(row).toMatchObject({ overall: 1, rated_at: '2026-03-02T11:00:00.000Z', comment: 'worse after all' });
      else expect(row).toMatchObject({ overall: 3, rated_at: '2026-03-02T09:00:00.000Z', comment: null });
    }
    // Each id was accepted at least once (its newest version may arrive first) and at most three
    // times (original, then both edits in order), across both servers.
    expect(first + second).toBeGreaterThanOrEqual(300);
    expect(first + second).toBeLessThanOrEqual(300 + 200);
  }, 60_000);

  it('lets racing copies of one new rating make exactly one row and one acceptance', async () => {
    const rating = makeRating();
    const responses = await Promise.all(Array.from({ length: 10 }, (_, index) => postRatings(instances[index % 2]!, [rating])));
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as { accepted: number; duplicates: number }[];
    expect(bodies.reduce((sum, body) => sum + body.accepted, 0)).toBe(1);
    expect(bodies.reduce((sum, body) => sum + body.duplicates, 0)).toBe(9);
    expect(await queryRows(database, 'SELECT COUNT(*) AS n FROM ratings WHERE id = ?', rating.id)).toEqual([{ n: 1 }]);
  });

  it('applies migrations once when several stores open an empty database at once', async () => {
    const other = await freshDatabase(dir);
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(other.databaseUrl!)));
    expect(await queryRows(other, 'SELECT COUNT(*) AS n, COUNT(DISTINCT version) AS d FROM schema_version')).toEqual([
      { n: POSTGRES_MIGRATIONS.length, d: POSTGRES_MIGRATIONS.length },
    ]);
    await Promise.all(stores.map((store) => store.close()));
    await other.drop();
  });
});
