/**
 * Scenario 6: a hostile page. The ticket title carries `<img src=x onerror=…>` (as text, the way
 * GitHub shows a title someone typed markup into), a comment in the page does the same, and the
 * rating comment typed into the widget does too. Everything must show as text in the widget,
 * its summary and the popup; no handler ever runs (each would set `window.__sfPwned`).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { Popup } from '../harness/popup';
import type { Scenario } from '../harness/scenario';
import { rateInWidget, ratingWidget } from '../harness/ticket-ui';
import { sleep, waitFor } from '../harness/wait';
import { daysAgo } from '../pages/html';
import { openTicket, resolvedIssue, setUp } from './common';

const payload = (where: string) => `<img src=x onerror="window.__sfPwned='${where}'">`;
const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __sfPwned?: string }).__sfPwned ?? null);

export const hostilePage: Scenario = {
  name: '6 hostile page: markup in title and comments shown as text, nothing executes',
  async run(e2e) {
    const title = `${payload('title')}<b>Printer</b> on fire`;
    const rated = resolvedIssue(66, { title, comments: [{ author: 'platform-oncall', at: daysAgo(2.5), body: payload('page-comment') }] });
    const pending = resolvedIssue(67, { title: `${payload('pending-title')} VPN drops` });
    const { backend, browser } = await setUp(e2e, [rated, pending]);
    const second = await openTicket(browser, pending);
    const page = await openTicket(browser, rated);
    const comment = `Fixed, thanks ${payload('rating-comment')} <script>window.__sfPwned='script'</script>`;
    await rateInWidget(page, e2e.message, { overall: 5, comment });
    const summary = ratingWidget(page).locator('.sf-rating__summary-comment');
    assert.equal(await summary.innerText(), comment, 'the comment comes back as the very text typed');

    const popup = await Popup.open(browser, e2e.message);
    assert.deepEqual(await popup.pendingTitles(), [pending.title], 'the pending title is shown as text');

    const rows = await waitFor(() => (backend.ratings().length === 1 ? backend.ratings() : undefined), { what: 'the rating in the database' });
    assert.equal(rows[0]!.ticketTitle, title, 'the title is stored as the text it is');
    assert.equal(rows[0]!.comment, comment, 'the comment is stored verbatim');

    await sleep(300); // an onerror for a broken image fires asynchronously
    for (const [name, view] of [['rated ticket page', page], ['pending ticket page', second], ['popup', popup.page]] as const) {
      assert.equal(await pwned(view), null, `nothing executed in the ${name}`);
    }
    assert.equal(await page.locator('[data-service-feedback] img, [data-service-feedback] script').count(), 0, 'no element made from page or user text');
    assert.equal(await popup.page.locator('.sf-pending img').count(), 0, 'no image made from the title in the popup');
  },
};
