// The report marks weeks (and services) whose calendar has no holiday data for that year: their SLA
// outcomes counted holidays as working days, and the report says so instead of hiding it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, ServiceReport } from '../../../server/report/query';
import { ADMIN, bearer, exampleConfig, makeRating, postRatings, startTestServer, type TestServer } from '../helpers';

let server: TestServer;
let cookie: string;

beforeAll(async () => {
  // The China calendar states data for 2025 only; the US one covers 2026 and 2027.
  const config = exampleConfig() as { calendars: Array<{ id: string; holidayYears?: number[] }> };
  const china = config.calendars.find((calendar) => calendar.id === 'cn-mainland-2026')!;
  china.holidayYears = [2025];
  server = await startTestServer({ config });
  await postRatings(server, [
    makeRating({ serviceId: 'it-helpdesk', overall: 5, slaMet: true, ratedAt: '2026-03-02T09:00:00Z' }),
    makeRating({ serviceId: 'platform', overall: 4, slaMet: true, ratedAt: '2026-03-03T09:00:00Z' }),
  ]);
  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: ADMIN }).toString(),
    redirect: 'manual',
  });
  cookie = login.headers.get('Set-Cookie')!.split(';')[0]!;
});
afterAll(async () => {
  await server.dispose();
});

async function report(query = ''): Promise<Report> {
  const response = await fetch(`${server.url}/v1/report${query}`, { headers: bearer(ADMIN) });
  expect(response.status).toBe(200);
  return (await response.json()) as Report;
}
const find = (result: Report, id: string) => result.services.find((service) => service.serviceId === id) as ServiceReport;

describe('holiday data missing in the report', () => {
  it('marks the weeks and the service whose calendar lacks the year, and only those', async () => {
    const result = await report();
    expect(find(result, 'it-helpdesk').holidayDataMissing).toEqual([2026]);
    expect(find(result, 'it-helpdesk').weekly).toEqual([expect.objectContaining({ weekStart: '2026-03-02', holidayDataMissing: [2026] })]);
    expect(find(result, 'platform').holidayDataMissing).toEqual([]);
    expect(find(result, 'platform').weekly[0]).not.toHaveProperty('holidayDataMissing');
  });

  it('counts the years of the from/to filter too, even without ratings in them', async () => {
    const result = await report('?from=2025-06-01&to=2026-12-30');
    // The US calendar starts at 2026: 2025 is missing there, 2026 in the China one.
    expect(find(result, 'security-review').holidayDataMissing).toEqual([2025]);
    expect(find(result, 'data-access').holidayDataMissing).toEqual([2026]);
  });

  it('says so on the page, beside SLA met and on the amber week, in English and Chinese', async () => {
    const page = await (await fetch(`${server.url}/`, { headers: { Cookie: cookie } })).text();
    expect(page).toMatch(/<td>IT Help Desk<\/td>.*?Holiday data missing for 2026: SLA outcomes on those days counted holidays as working days\./s);
    expect(page).toContain('Week of 2026-03-02: 1 ratings, CSAT 100.0% — holiday data missing for 2026');
    expect(page.match(/data-holiday-missing="true"/g)).toHaveLength(1);
    expect(page).toContain('Amber bars: weeks in a year the calendar has no holiday data for.');
    const zh = await (await fetch(`${server.url}/`, { headers: { Cookie: cookie, 'Accept-Language': 'zh-CN' } })).text();
    expect(zh).toContain('2026 年缺少节假日数据');
  });
});
