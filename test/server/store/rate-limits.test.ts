// Rate limits in the database (GCRA, one row per caller key): two store instances on one database,
// on either engine, share every caller's budget, racing takes are decided atomically, and the rows
// whose budget is whole again are pruned without changing any decision.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/open';
import type { Store } from '../../../server/store/store';
import { freshDatabase, queryRows, type DatabaseChoice } from '../helpers';

const MINUTE_US = 60_000_000;
const T0 = 1_780_000_000_000_000; // microseconds

let dir: string;
let database: DatabaseChoice & { drop(): Promise<void> };
let stores: Store[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-rate-'));
  database = await freshDatabase(dir);
  const where = database.databaseUrl ?? database.databasePath!;
  stores = [await openStore(where), await openStore(where)];
});

afterEach(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('rate limits shared through the database', () => {
  it('spends one budget per key across both instances, then refills it evenly', async () => {
    const interval = MINUTE_US / 3; // 3 a minute
    const takes = [];
    for (let index = 0; index < 4; index++) takes.push((await stores[index % 2]!.takeRate('ingest:0', T0, interval, MINUTE_US)).allowed);
    expect(takes).toEqual([true, true, true, false]);
    // Another key has its own budget.
    expect((await stores[1]!.takeRate('admin', T0, interval, MINUTE_US)).allowed).toBe(true);
    // A refusal spends nothing: one interval later exactly one more fits, on either instance.
    expect((await stores[1]!.takeRate('ingest:0', T0 + interval - 1, interval, MINUTE_US)).allowed).toBe(false);
    expect((await stores[0]!.takeRate('ingest:0', T0 + interval, interval, MINUTE_US)).allowed).toBe(true);
    expect((await stores[1]!.takeRate('ingest:0', T0 + interval, interval, MINUTE_US)).allowed).toBe(false);
  });

  it('decides racing requests atomically: exactly the budget gets through', async () => {
    const interval = MINUTE_US / 10;
    const takes = await Promise.all(
      Array.from({ length: 40 }, (_, index) => stores[index % 2]!.takeRate('failed:203.0.113.7', T0, interval, MINUTE_US)),
    );
    expect(takes.filter((take) => take.allowed)).toHaveLength(10);
    expect(await queryRows(database, 'SELECT tat FROM rate_limits WHERE key = ?', 'failed:203.0.113.7')).toEqual([{ tat: T0 + MINUTE_US }]);
  });

  it('prunes only the rows whose budget is whole again', async () => {
    const interval = MINUTE_US / 2;
    await stores[0]!.takeRate('old', T0, interval, MINUTE_US);
    await stores[0]!.takeRate('busy', T0 + MINUTE_US, interval, MINUTE_US);
    await stores[0]!.takeRate('busy', T0 + MINUTE_US, interval, MINUTE_US);
    expect(await stores[1]!.pruneRates(T0 + MINUTE_US)).toBe(1);
    expect(await queryRows(database, 'SELECT key FROM rate_limits ORDER BY key')).toEqual([{ key: 'busy' }]);
    // The pruned key starts with a whole budget, as it would have anyway; the busy one is still spent.
    expect((await stores[1]!.takeRate('busy', T0 + MINUTE_US, interval, MINUTE_US)).allowed).toBe(false);
    expect((await stores[1]!.takeRate('old', T0 + MINUTE_US, interval, MINUTE_US)).allowed).toBe(true);
  });
});
