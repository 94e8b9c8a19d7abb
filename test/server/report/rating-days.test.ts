// The report's per-day pre-aggregate (rating_days) against the ratings themselves, on both engines:
// seeded random batches of new ratings, edits (which may move a rating to another day or service),
// re-sends and foreign edits; after each round the sums read from rating_days equal the sums read
// from the rows for every filter the aggregate serves, and so does the report built from them.
// The migration's backfill (REBUILD_RATING_DAYS) then gives back exactly what the saves kept, also
// when two instances apply it to the stored ratings at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReport, parseReportFilter } from '../../../server/report/query';
import { openStore } from '../../../server/store/open';
import { REBUILD_RATING_DAYS } from '../../../server/store/rating-days';
import type { RatingFilter, ServiceTotalsRow, Store, WeekTotalsRow } from '../../../server/store/store';
import type { Rating, Service } from '../../../utils/contracts/schema';
import { exampleConfig, freshDatabase, makeRating, queryRows, writeRows, type DatabaseChoice } from '../helpers';

/** A small deterministic generator (the same run on both engines, every time). */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const score = () => (int(3) === 0 ? undefined : ((1 + int(5)) as 1 | 2 | 3 | 4 | 5));
  return { int, pick, score };
}

const SERVICES = ['it-helpdesk', 'platform', 'retired-service', undefined, ''];
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 26, 0, 0, 0); // a Monday

let dir: string;
let database: DatabaseChoice & { drop(): Promise<void> };
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-days-'));
  database = await freshDatabase(dir);
  store = await openStore(database.databaseUrl ?? database.databasePath!);
});

afterAll(async () => {
  await store.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const byService = (a: { serviceId: string | null }, b: { serviceId: string | null }) => String(a.serviceId).localeCompare(String(b.serviceId));
const sortedTotals = (rows: ServiceTotalsRow[]) => [...rows].sort(byService);
const sortedWeeks = (rows: WeekTotalsRow[]) => [...rows].sort((a, b) => a.weekStart.localeCompare(b.weekStart) || byService(a, b));

async function expectSameSums(filter: RatingFilter) {
  expect(sortedTotals(await store.totals(filter))).toEqual(sortedTotals(await store.totals(filter, { fromRows: true })));
  expect(sortedWeeks(await store.weeks(filter))).toEqual(sortedWeeks(await store.weeks(filter, { fromRows: true })));
}

describe('rating_days, the report pre-aggregate', () => {
  it('equals the sums over the rows after random inserts, edits and re-sends', async () => {
    const rng = random(12);
    const stored: Rating[] = [];
    const services = (exampleConfig().services as Service[]).map((service) => ({ ...service }));
    const day = (offset: number) => new Date(START + offset * DAY).toISOString().slice(0, 10);
    for (let round = 0; round < 12; round++) {
      const batch: Rating[] = [];
      for (let index = 0; index < 40; index++) {
        const ratedAtMs = START + rng.int(50) * DAY + rng.int(DAY);
        const fresh = (): Rating =>
          makeRating({
            serviceId: rng.pick(SERVICES),
            overall: (1 + rng.int(5)) as 1 | 2 | 3 | 4 | 5,
            communication: rng.score(),
            understanding: rng.score(),
            proactiveness: rng.score(),
            slaMet: rng.pick([true, false, undefined]),
            rater: `rater${rng.int(4)}@example.com`,
            ratedAt: new Date(ratedAtMs).toISOString(),
          });
        const kind = stored.length === 0 ? 0 : rng.int(4);
        if (kind <= 1) batch.push(fresh());
        else {
          const before = rng.pick(stored);
          // An edit (newer), a stale copy (older), or someone else's attempt: only the first changes sums.
          const shift = kind === 2 ? 1 + rng.int(3 * DAY) : -1 - rng.int(DAY);
          const { id, rater } = before;
          batch.push({ ...fresh(), id, rater: rng.int(6) === 0 ? 'someone-else@example.com' : rater, ratedAt: new Date(Date.parse(before.ratedAt) + shift).toISOString() });
        }
      }
      const outcomes = await store.save(batch, Date.now());
      batch.forEach((rating, index) => {
        if (outcomes[index] === 'inserted') stored.push(rating);
        if (outcomes[index] === 'updated') stored.splice(stored.findIndex((old) => old.id === rating.id), 1, rating);
      });

      for (const filter of [
        {},
        { service: 'it-helpdesk' },
        { service: 'retired-service' },
        { fromMs: START + 7 * DAY, toMs: START + 20 * DAY - 1 },
        { service: 'platform', fromMs: START + rng.int(30) * DAY },
        { toMs: START + rng.int(40) * DAY - 1 },
      ]) {
        await expectSameSums(filter);
      }
      // The report people read, as the routes build it: from the aggregate (date-only bounds) and from the rows.
      const parsed = parseReportFilter({ from: day(rng.int(20)), to: day(20 + rng.int(30)) });
      if (!parsed.ok) throw new Error(parsed.error);
      const input = { services, query: parsed.query, now: new Date(0) };
      const fromDays = await loadReport(store, { ...input, filter: parsed.filter });
      const rowsStore = { ...store, totals: (filter: RatingFilter) => store.totals(filter, { fromRows: true }), weeks: (filter: RatingFilter) => store.weeks(filter, { fromRows: true }) };
      expect(fromDays).toEqual(await loadReport(rowsStore, { ...input, filter: parsed.filter }));
    }
    const all = await store.totals({});
    expect(all.reduce((sum, row) => sum + row.count, 0)).toBe(stored.length);
    expect(stored.length).toBeGreaterThan(200);
  });

  it("the migration's backfill gives back what the saves kept", async () => {
    const kept = await queryRows(database, 'SELECT * FROM rating_days WHERE count > 0 ORDER BY service_id, unassigned, day');
    for (const statement of REBUILD_RATING_DAYS.split(';').map((text) => text.trim()).filter(Boolean)) await writeRows(database, statement);
    expect(await queryRows(database, 'SELECT * FROM rating_days ORDER BY service_id, unassigned, day')).toEqual(kept);
  });

  it('is filled from the stored ratings by its migration, once, when two instances upgrade at once', async () => {
    const kept = await queryRows(database, 'SELECT * FROM rating_days WHERE count > 0 ORDER BY service_id, unassigned, day');
    const [{ version }] = (await queryRows(database, 'SELECT MAX(version) AS version FROM schema_version')) as [{ version: number }];
    // Back to the schema before rating_days, with every rating still there.
    await writeRows(database, 'DROP TABLE rating_days');
    await writeRows(database, 'DELETE FROM schema_version WHERE version = ?', version);
    const where = database.databaseUrl ?? database.databasePath!;
    const upgraded = await Promise.all([openStore(where), openStore(where)]);
    await Promise.all(upgraded.map((other) => other.close()));
    expect(await queryRows(database, 'SELECT COUNT(*) AS n FROM schema_version WHERE version = ?', version)).toEqual([{ n: 1 }]);
    expect(await queryRows(database, 'SELECT * FROM rating_days ORDER BY service_id, unassigned, day')).toEqual(kept);
  });
});
