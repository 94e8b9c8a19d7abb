// GET /v1/report maths on a known data set, its filters, and the CSV export's escaping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rating } from '../../../utils/contracts/schema';
import type { Report, ServiceReport } from '../../../server/report/query';
import { ADMIN, bearer, makeRating, parseCsv, postRatings, startTestServer, type TestServer } from '../helpers';

// ISO weeks (Monday, UTC): 2026-03-02 and 2026-03-09 and 2026-03-16.
const DATA: Partial<Rating>[] = [
  { serviceId: 'it-helpdesk', overall: 5, communication: 4, understanding: 5, proactiveness: 3, slaMet: true, ratedAt: '2026-03-02T09:00:00Z' },
  { serviceId: 'it-helpdesk', overall: 4, communication: 2, slaMet: false, ratedAt: '2026-03-08T23:59:00Z' },
  { serviceId: 'it-helpdesk', overall: 2, ratedAt: '2026-03-09T00:00:00Z' },
  { serviceId: 'it-helpdesk', overall: 3, understanding: 3, slaMet: true, ratedAt: '2026-03-11T12:00:00Z' },
  // 10:00 in Shanghai is 02:00 UTC the same day.
  { serviceId: 'platform', overall: 1, slaMet: false, ratedAt: '2026-03-04T10:00:00+08:00' },
  { serviceId: 'platform', overall: 5, slaMet: false, ratedAt: '2026-03-04T15:00:00Z' },
  { serviceId: 'platform', overall: 4, slaMet: true, ratedAt: '2026-03-17T08:00:00Z' },
  { serviceId: undefined, overall: 4, ratedAt: '2026-03-05T08:00:00Z' },
];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const response = await postRatings(server, DATA.map((overrides) => makeRating(overrides)));
  expect(await response.json()).toMatchObject({ accepted: DATA.length });
});
afterAll(async () => {
  await server.dispose();
});

async function report(query = ''): Promise<Report> {
  const response = await fetch(`${server.url}/v1/report${query}`, { headers: bearer(ADMIN) });
  expect(response.status).toBe(200);
  return (await response.json()) as Report;
}
const find = (result: Report, serviceId: string | null) =>
  result.services.find((service) => service.serviceId === serviceId) as ServiceReport;

describe('report maths', () => {
  it('computes count, mean, CSAT, dimension means, SLA met and weekly series per service', async () => {
    const result = await report();
    expect(find(result, 'it-helpdesk')).toEqual({
      serviceId: 'it-helpdesk',
      name: 'IT Help Desk',
      team: 'IT Operations',
      count: 4,
      mean: 3.5,
      csatPercent: 50,
      dimensions: { communication: 3, understanding: 4, proactiveness: 3 },
      slaMetPercent: 66.7,
      slaRated: 3,
      weekly: [
        { weekStart: '2026-03-02', count: 2, mean: 4.5, csatPercent: 100 },
        { weekStart: '2026-03-09', count: 2, mean: 2.5, csatPercent: 0 },
      ],
      holidayDataMissing: [],
    });
    expect(find(result, 'platform')).toMatchObject({
      count: 3,
      mean: 3.33,
      csatPercent: 66.7,
      dimensions: { communication: null, understanding: null, proactiveness: null },
      slaMetPercent: 33.3,
      slaRated: 3,
      weekly: [
        { weekStart: '2026-03-02', count: 2, mean: 3, csatPercent: 50 },
        { weekStart: '2026-03-16', count: 1, mean: 4, csatPercent: 100 },
      ],
    });
    expect(find(result, null)).toMatchObject({ name: null, count: 1, mean: 4, csatPercent: 100, slaMetPercent: null, slaRated: 0 });
  });

  it('lists configured services without ratings with empty numbers, in configuration order', async () => {
    const result = await report();
    expect(result.services.map((service) => service.serviceId)).toEqual(['it-helpdesk', 'platform', 'data-access', 'security-review', null]);
    expect(find(result, 'security-review')).toMatchObject({ count: 0, mean: null, csatPercent: null, slaMetPercent: null, weekly: [] });
  });

  it.each<[string, string, Record<string, number>]>([
    ['service', '?service=platform', { platform: 3 }],
    ['from a date (inclusive)', '?from=2026-03-09', { 'it-helpdesk': 2, platform: 1 }],
    ['to a date (whole day included)', '?to=2026-03-08', { 'it-helpdesk': 2, platform: 2, null: 1 }],
    ['from and to instants', '?from=2026-03-08T23:59:00Z&to=2026-03-09T00:00:00Z', { 'it-helpdesk': 2 }],
    ['instant with offset', '?from=2026-03-04T10:00:00%2B08:00&to=2026-03-04T10:00:00%2B08:00', { platform: 1 }],
    ['service and dates', '?service=it-helpdesk&from=2026-03-03&to=2026-03-10', { 'it-helpdesk': 2 }],
  ])('filters by %s', async (_label, query, counts) => {
    const result = await report(query);
    const nonEmpty = Object.fromEntries(
      result.services.filter((service) => service.count > 0).map((service) => [String(service.serviceId), service.count]),
    );
    expect(nonEmpty).toEqual(counts);
  });

  it('echoes the filter it applied', async () => {
    const result = await report('?service=platform&from=2026-03-01');
    expect(result.filter).toEqual({ service: 'platform', from: '2026-03-01', to: null });
    expect(result.services.map((service) => service.serviceId)).toEqual(['platform']);
  });

  it.each<[string, string]>([
    ['?from=yesterday', 'from'],
    ['?from=2026-02-30', 'from'],
    ['?to=2026-03-01T25:00:00Z', 'to'],
    ['?from=2026-03-10&to=2026-03-01', 'to'],
    ['?service=%3Cscript%3E', 'service'],
  ])('%s → 400 naming %s', async (query, parameter) => {
    for (const path of ['/v1/report', '/v1/ratings.csv']) {
      const response = await fetch(`${server.url}${path}${query}`, { headers: bearer(ADMIN) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(new RegExp(`^${parameter}: `));
    }
  });
});

describe('GET /v1/ratings.csv', () => {
  it('escapes quotes, commas and newlines and defuses formula cells', async () => {
    const hostile = makeRating({
      serviceId: 'csv-check',
      comment: '=HYPERLINK("http://evil.example","click"), then\nsecond line',
      ticketTitle: '+SUM(A1:A9)',
      tags: ['-1', 'ok'],
      rater: '@boss',
      ticketKey: 'plain "quoted" key',
    });
    expect(await (await postRatings(server, [hostile])).json()).toMatchObject({ accepted: 1 });
    const response = await fetch(`${server.url}/v1/ratings.csv?service=csv-check`, { headers: bearer(ADMIN) });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const text = (await response.text()).replace(/^\uFEFF/, '');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click""), then\nsecond line"`);
    const [header, row, ...rest] = parseCsv(text);
    expect(rest).toEqual([]);
    const record = Object.fromEntries(header!.map((name, index) => [name, row![index]]));
    expect(record).toMatchObject({
      id: hostile.id,
      comment: `'=HYPERLINK("http://evil.example","click"), then\nsecond line`,
      ticketTitle: "'+SUM(A1:A9)",
      tags: "'-1; ok",
      rater: "'@boss",
      ticketKey: 'plain "quoted" key',
      overall: '4',
      slaMet: '',
      verified: 'false', // through the shared ingest token
    });
  });

  it('exports every stored rating when unfiltered', async () => {
    const response = await fetch(`${server.url}/v1/ratings.csv`, { headers: bearer(ADMIN) });
    const records = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
    expect(records).toHaveLength(1 + DATA.length + 1);
    expect(records.every((record) => record.length === records[0]!.length)).toBe(true);
  });
});
