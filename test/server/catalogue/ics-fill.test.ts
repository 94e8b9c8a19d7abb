// Filling a calendar from an uploaded .ics file on the Catalogue page (multipart form, reviewed
// before saving), the size limit answered as the page, hostile file content escaped, and China
// asked for a year chinese-days has not published: said plainly, with what to do instead.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, csrfOf, getPage, postForm, signIn, startTestServer, type TestServer } from '../helpers';
import { IT_OWNER, loopConfig } from '../loop/helpers';

let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startTestServer({ config: loopConfig() });
  admin = await signIn(server, ADMIN);
});
afterAll(async () => {
  await server.dispose();
});

type Calendar = { id: string; holidays: string[]; workdays: string[]; holidayYears?: number[] };
const current = async () => (await (await fetch(`${server.url}/v1/admin/catalogue`, { headers: bearer(ADMIN) })).json()) as { version: number; catalogue: { calendars: Calendar[] }; versions: { note: string | null }[] };
const page = (cookie = admin, language = 'en') => getPage(server, cookie, '/catalogue', { 'Accept-Language': language });
const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** The hidden fields of the review's save form, as a browser would send them back. */
function saveFormOf(text: string): FormData {
  const form = text.match(/<form method="post" action="\/catalogue\/fill\/ics\/save"[^>]*>([\s\S]*?)<\/form>/)![1]!;
  const data = new FormData();
  for (const [, name, value] of form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) data.append(name!, unescape(value!));
  return data;
}
function upload(fields: Record<string, string>, file?: { text: string; name: string }): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  if (file) data.append('ics', new Blob([file.text], { type: 'text/calendar' }), file.name);
  return data;
}
const event = (uid: string, from: string, to: string, summary: string, extra: string[] = []) =>
  ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261120T000000Z', `DTSTART;VALUE=DATE:${from}`, `DTEND;VALUE=DATE:${to}`, `SUMMARY:${summary}`, ...extra, 'END:VEVENT'];
/** A 2027 Spring Festival arrangement written the way holiday calendars publish it (test data, not the real notice). */
const SPRING_2027 = [
  'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//CN',
  ...event('a', '20270206', '20270214', '春节(休)', ['X-APPLE-SPECIAL-DAY:WORK-HOLIDAY']),
  ...event('b', '20270130', '20270131', '春节(班)', ['X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY']),
  ...event('c', '20270220', '20270221', '春节补班'),
  'END:VCALENDAR',
].join('\r\n');

describe('China for a year chinese-days has not published', () => {
  it('says so plainly with what to do, in English and Chinese, and fills nothing', async () => {
    const { version } = await current();
    const csrf = csrfOf((await page()).text);
    const answer = await postForm(server, admin, '/catalogue/fill', { calendar: 'cn-mainland-2026', year: '2027', source: 'CN', csrf });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/role="alert" class="error"><p>Nothing was filled: the chinese-days package installed on this server has no holiday arrangement for China in 2027 yet/);
    expect(answer.text).toContain('upload the notice as an .ics file');
    expect(answer.text).toContain('href="#ics-heading"');
    expect(answer.text).toContain('id="ics-heading"');
    expect(answer.text).not.toContain('action="/catalogue/fill/save"');
    const zh = await fetch(`${server.url}/catalogue/fill`, {
      method: 'POST',
      headers: { Cookie: admin, 'Accept-Language': 'zh-CN', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ calendar: 'cn-mainland-2026', year: '2027', source: 'cn', csrf }).toString(),
    });
    expect(await zh.text()).toContain('未填入任何日期：本服务器安装的 chinese-days 软件包还没有 2027 年的中国节假日安排');
    expect((await current()).version).toBe(version);
  });
});

describe('an .ics upload', () => {
  it('fills China 2027 with its Spring Festival days and make-up working days after a review', async () => {
    const before = await current();
    const csrf = csrfOf((await page()).text);
    const review = await postForm(server, admin, '/catalogue/fill/ics', upload({ calendar: 'cn-mainland-2026', year: '2027', csrf }, { text: SPRING_2027, name: 'spring-2027.ics' }));
    expect(review.status).toBe(200);
    expect(review.text).toContain('cn-mainland-2026, 2027: 10 days to review from spring-2027.ics');
    expect(review.text).toMatch(/<td>2027-01-30<\/td><td>Make-up working day<\/td><td>春节\(班\)<\/td>/);
    expect(review.text).toMatch(/<td>2027-02-06<\/td><td>Day off<\/td>/);
    expect(review.text).toMatch(/<td>2027-02-20<\/td><td>Make-up working day<\/td><td>春节补班<\/td>/);
    expect((await current()).version).toBe(before.version);

    const saved = await postForm(server, admin, '/catalogue/fill/ics/save', saveFormOf(review.text));
    expect(saved.status).toBe(200);
    const after = await current();
    expect(after.version).toBe(before.version + 1);
    expect(after.versions[0]!.note).toBe('cn-mainland-2026 2027 from spring-2027.ics');
    const china = after.catalogue.calendars.find((calendar) => calendar.id === 'cn-mainland-2026')!;
    expect(china.holidays.filter((date) => date.startsWith('2027-'))).toEqual(['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13']);
    expect(china.workdays.filter((date) => date.startsWith('2027-'))).toEqual(['2027-01-30', '2027-02-20']);
    expect(china.holidays).toContain('2026-02-17');
    expect(china.holidayYears).toEqual([2026, 2027]);
  });

  it('escapes what the file says, in the table and in the save form', async () => {
    const csrf = csrfOf((await page()).text);
    const hostile = ['BEGIN:VCALENDAR', 'VERSION:2.0', ...event('x', '20270101', '20270102', '<script>alert("x")</script>"><img src=x>'), 'END:VCALENDAR'].join('\r\n');
    const review = await postForm(server, admin, '/catalogue/fill/ics', upload({ calendar: 'always-on', year: '2027', csrf }, { text: hostile, name: '<b>x</b>.ics' }));
    expect(review.status).toBe(200);
    expect(review.text).not.toMatch(/<script|<img|<b>/i);
    expect(review.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(saveFormOf(review.text).get('ics')).toBe(hostile);
  });

  it('refuses a file over the limit as the page with a clear message, also past the API body limit, and saves nothing', async () => {
    const { version } = await current();
    const csrf = csrfOf((await page()).text);
    for (const size of [300 * 1024, 2 * 1024 * 1024]) {
      const answer = await postForm(server, admin, '/catalogue/fill/ics', upload({ calendar: 'always-on', year: '2027', csrf }, { text: 'A'.repeat(size), name: 'big.ics' }));
      expect(answer.status).toBe(413);
      expect(answer.text).toContain('<main>');
      expect(answer.text).toContain('ics: the file is larger than the limit of 256 KB');
    }
    expect((await current()).version).toBe(version);
  });

  it('names the field for a missing file, a file that is not iCalendar, one without days in the year, a bad year', async () => {
    const { version } = await current();
    const csrf = csrfOf((await page()).text);
    const post = (fields: Record<string, string>, file?: { text: string; name: string }) => postForm(server, admin, '/catalogue/fill/ics', upload({ csrf, ...fields }, file));
    const cases: [Promise<{ status: number; text: string }>, string][] = [
      [post({ calendar: 'always-on', year: '2027' }), 'ics: choose an .ics file to upload.'],
      [post({ calendar: 'always-on', year: '2027' }, { text: '%PDF-1.7 not a calendar', name: 'notice.pdf' }), 'ics: the file is not a readable iCalendar (.ics) file'],
      [post({ calendar: 'always-on', year: '2030' }, { text: SPRING_2027, name: 'spring-2027.ics' }), 'ics: the .ics file has no all-day events in 2030'],
      [post({ calendar: 'always-on', year: 'soon' }, { text: SPRING_2027, name: 'spring-2027.ics' }), 'year: must be a year from 2000 to 2100'],
      [post({ calendar: 'nope', year: '2027' }, { text: SPRING_2027, name: 'spring-2027.ics' }), 'calendar: no calendar &quot;nope&quot;'],
    ];
    for (const [answer, problem] of cases) {
      const { status, text } = await answer;
      expect(status).toBe(400);
      expect(text).toMatch(/role="alert"/);
      expect(text).toContain(problem);
      expect(text.includes('name="ics" accept=".ics,text/calendar" required aria-describedby="ics-help" aria-invalid="true"')).toBe(problem.startsWith('ics:'));
    }
    expect((await current()).version).toBe(version);
  });

  it('checks the CSRF token and the admin role on upload and on save', async () => {
    const { version } = await current();
    const csrf = csrfOf((await page()).text);
    const file = { text: SPRING_2027, name: 'spring-2027.ics' };
    expect((await postForm(server, admin, '/catalogue/fill/ics', upload({ calendar: 'always-on', year: '2027', csrf: 'forged' }, file))).status).toBe(403);
    const review = await postForm(server, admin, '/catalogue/fill/ics', upload({ calendar: 'always-on', year: '2027', csrf }, file));
    const forged = saveFormOf(review.text);
    forged.set('csrf', 'forged');
    expect((await postForm(server, admin, '/catalogue/fill/ics/save', forged)).status).toBe(403);
    const owner = await signIn(server, IT_OWNER);
    const ownerCsrf = csrfOf((await getPage(server, owner, '/inbox')).text);
    expect((await postForm(server, owner, '/catalogue/fill/ics/save', (forged.set('csrf', ownerCsrf), forged))).status).toBe(403);
    expect((await current()).version).toBe(version);
  });

  it('reads the .ics file chinese-days ships, the same way the CLI does', async () => {
    const csrf = csrfOf((await page()).text);
    const text = readFileSync('node_modules/chinese-days/dist/years/2026.ics', 'utf8');
    const review = await postForm(server, admin, '/catalogue/fill/ics', upload({ calendar: 'cn-mainland-2026', year: '2026', csrf }, { text, name: '2026.ics' }));
    expect(review.status).toBe(200);
    expect(review.text).toContain('cn-mainland-2026, 2026: 39 days to review from 2026.ics');
    expect(review.text).toMatch(/<td>2026-02-14<\/td><td>Make-up working day<\/td>/);
  });
});
