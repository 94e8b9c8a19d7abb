/**
 * Scenario 1: a resolved GitHub issue. Badge and widget appear right after the status; a rating
 * of 4 with dimensions, tags and a comment lands in the backend's database as exactly one row
 * with those values. Also takes the README screenshots (GitHub light with the form unfolded after
 * choosing 4 stars, dark as the form opens) and the store listing's (docs/STORE.md: 1280 × 800,
 * light with the form, light after sending, dark).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { Popup } from '../harness/popup';
import type { Scenario } from '../harness/scenario';
import { storeScreenshot } from '../harness/store-screenshot';
import { assertHostBesideStatus, rateInWidget, ratingWidget, screenshotAround, slaPill, ticketHost, waitForSingleHost } from '../harness/ticket-ui';
import { waitFor } from '../harness/wait';
import { githubIssuePath } from '../pages/github';
import { openTicket, resolvedIssue, setUp } from './common';

/**
 * The header (title, status, badge) and the rating form floating below it: what the README shows.
 * The header's text rather than its full-width box, so the picture is no wider than its content.
 */
async function screenshotTicket(page: Page, path: string): Promise<void> {
  const header = page.locator('[data-testid="issue-header"]');
  await screenshotAround(page, [header.locator('h1 > *'), header.locator('.header-meta > *'), ticketHost(page), ratingWidget(page)], path);
}

export const githubRating: Scenario = {
  name: '1 resolved GitHub issue: badge + widget beside the status; rating 4 → exactly one row with those values',
  async run(e2e) {
    const issue = resolvedIssue(7);
    const dark = resolvedIssue(8, { title: 'Grant the CI runner access to the artifact store', colorMode: 'dark' });
    const key = 'acme/platform#7';
    const { backend, browser } = await setUp(e2e, [issue, dark]);

    const page = await browser.context.newPage();
    await page.goto(`https://github.com${githubIssuePath(issue)}`);
    const host = await waitForSingleHost(page, key);
    assert.equal(host.previous, 'header-state', 'the host sits right after the status chip');
    await slaPill(page).waitFor();
    await assertHostBesideStatus(page, page.locator('[data-testid="issue-header"] [data-testid="header-state"]'));
    const widget = ratingWidget(page);
    await widget.getByText(e2e.message('rating_heading', 'Platform Engineering'), { exact: true }).waitFor();
    // The light picture shows the whole form: it unfolds once an overall score is chosen.
    await widget.getByRole('radiogroup', { name: e2e.message('rating_overall_label'), exact: true })
      .getByRole('radio', { name: e2e.message('rating_stars_label', '4'), exact: true }).click();
    await widget.getByLabel(e2e.message('rating_comment_label'), { exact: true }).waitFor();
    await screenshotTicket(page, `${e2e.resultsDir}/github-light.png`);
    await storeScreenshot(page, e2e.resultsDir, 'store-1-rating-form.png');

    const comment = 'Quick fix, and the write-up explained the root cause.';
    await rateInWidget(page, e2e.message, {
      overall: 4, communication: 5, understanding: 4, proactiveness: 3, tags: ['rating_tag_fast', 'rating_tag_clear'], comment,
    });
    const rows = await waitFor(() => {
      const found = backend.ratings({ ticketKey: key });
      return found.length > 0 ? found : undefined;
    }, { what: `the rating of ${key} in the backend database` });
    assert.equal(rows.length, 1);
    const { id, ...stored } = rows[0]!;
    assert.match(id, /^[0-9a-f-]{36}$/, 'a UUID rating id');
    assert.deepEqual(
      { ...stored, tags: [...stored.tags].sort() },
      { ticketKey: key, ticketTitle: issue.title, overall: 4, communication: 5, understanding: 4, proactiveness: 3, comment, tags: ['clear', 'fast'] },
    );
    await storeScreenshot(page, e2e.resultsDir, 'store-2-rated.png');
    const popup = await Popup.open(browser, e2e.message);
    assert.deepEqual(await popup.outbox(), { waiting: 0, synced: 1, rejected: 0 }, 'the popup counts it as synced');
    // Nothing is sent twice: "Sync now" must not add a row.
    await popup.syncNow();
    assert.equal(backend.ratings().length, 1, 'exactly one row in the whole database');

    const darkPage = await openTicket(browser, dark);
    await ratingWidget(darkPage).waitFor();
    await screenshotTicket(darkPage, `${e2e.resultsDir}/github-dark.png`);
    await storeScreenshot(darkPage, e2e.resultsDir, 'store-3-dark.png');
  },
};
