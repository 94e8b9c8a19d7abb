// The CSV export is read from the store in keyset pages (server/report/csv.ts): an export longer
// than a page has every rating exactly once, oldest first and by id among equal times, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_PAGE_SIZE } from '../../../server/report/csv';
import { ADMIN, bearer, makeRating, parseCsv, postRatings, startTestServer, type TestServer } from '../helpers';

const TOTAL = CSV_PAGE_SIZE * 2 + 345;
// Few distinct times, so that many ratings share one ratedAt and pages end in the middle of a tie.
const ratings = Array.from({ length: TOTAL }, (_, index) =>
  makeRating({
    serviceId: index % 3 === 0 ? 'platform' : 'it-helpdesk',
    ratedAt: new Date(Date.UTC(2026, 2, 2 + (index % 7))).toISOString(),
    ticketKey: `IT-${index}`,
  }),
);
const expectedOrder = (list: typeof ratings) =>
  [...list].sort((a, b) => a.ratedAt.localeCompare(b.ratedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((rating) => rating.id);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  for (let index = 0; index < ratings.length; index += 500) {
    expect((await postRatings(server, ratings.slice(index, index + 500))).status).toBe(200);
  }
}, 60_000);
afterAll(async () => {
  await server.dispose();
});

async function exportedIds(query = ''): Promise<string[]> {
  const response = await fetch(`${server.url}/v1/ratings.csv${query}`, { headers: bearer(ADMIN) });
  expect(response.status).toBe(200);
  const [header, ...rows] = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
  const id = header!.indexOf('id');
  return rows.map((row) => row[id]!);
}

describe('GET /v1/ratings.csv over several pages', () => {
  it('has every rating once, in (ratedAt, id) order', async () => {
    expect(await exportedIds()).toEqual(expectedOrder(ratings));
  });

  it('pages within a service and a time range too', async () => {
    const chosen = ratings.filter((rating) => rating.serviceId === 'it-helpdesk' && rating.ratedAt >= '2026-03-03' && rating.ratedAt < '2026-03-08');
    expect(chosen.length).toBeGreaterThan(CSV_PAGE_SIZE);
    expect(await exportedIds('?service=it-helpdesk&from=2026-03-03&to=2026-03-07')).toEqual(expectedOrder(chosen));
  });
});
