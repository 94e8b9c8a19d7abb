/**
 * The Catalogue page's .ics upload in real Chromium, as an admin uses it without JavaScript (the
 * backend's pages have none): China for 2027 says chinese-days has nothing yet; a notice as .ics
 * is chosen in the file field, previewed, and saved as a new version. axe-core checks the page
 * with the notice and with the review. Part of scenario 11 (accessibility).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { assertNoAxeViolations } from '../harness/axe';

/** A 2027 Spring Festival arrangement as holiday calendars publish it (test data, not the real notice). */
const NOTICE_2027 = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//e2e//CN',
  'BEGIN:VEVENT', 'UID:a', 'DTSTAMP:20261120T000000Z', 'DTSTART;VALUE=DATE:20270206', 'DTEND;VALUE=DATE:20270214', 'SUMMARY:春节(休)', 'END:VEVENT',
  'BEGIN:VEVENT', 'UID:b', 'DTSTAMP:20261120T000000Z', 'DTSTART;VALUE=DATE:20270130', 'SUMMARY:春节(班)', 'X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY', 'END:VEVENT',
  'END:VCALENDAR'].join('\r\n');

/** `web` is signed in as an admin on `backendUrl`. */
export async function checkCatalogueIcsUpload(web: Page, backendUrl: string): Promise<void> {
  await web.goto(`${backendUrl}/catalogue`);
  const byCode = web.locator('form[action="/catalogue/fill"]');
  await byCode.locator('select[name="calendar"]').selectOption('cn-mainland-2026');
  await byCode.locator('input[name="year"]').fill('2027');
  await byCode.locator('input[name="source"]').fill('CN');
  await byCode.locator('button[type="submit"]').click();
  const notice = web.getByRole('alert').filter({ hasText: 'Nothing was filled' });
  await notice.waitFor();
  await assertNoAxeViolations(web, 'the catalogue page saying China 2027 is not published');
  await notice.getByRole('link').click();
  assert.ok(web.url().endsWith('#ics-heading'), 'the notice leads to the .ics upload');

  const upload = web.locator('form[action="/catalogue/fill/ics"]');
  await upload.locator('select[name="calendar"]').selectOption('cn-mainland-2026');
  await upload.locator('input[name="year"]').fill('2027');
  await upload.getByLabel('.ics file').setInputFiles({ name: 'notice-2027.ics', mimeType: 'text/calendar', buffer: Buffer.from(NOTICE_2027) });
  await upload.locator('button[type="submit"]').click();
  const review = web.getByRole('status').filter({ hasText: 'days to review from notice-2027.ics' });
  await review.waitFor();
  assert.equal(await review.locator('tbody tr').count(), 9, '8 days off and 1 make-up working day');
  await assertNoAxeViolations(web, 'the catalogue page reviewing an .ics file');
  await review.locator('button[type="submit"]').click();
  await web.getByText(/^Saved as version \d+/).waitFor();
  assert.ok((await web.content()).includes('cn-mainland-2026 2027 from notice-2027.ics'), 'the version note names the file');
}
