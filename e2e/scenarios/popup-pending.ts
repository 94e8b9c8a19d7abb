/**
 * Scenario 7: two resolved tickets seen → the popup lists both as pending and the toolbar badge
 * says 2; quick-rate one from the popup → it syncs to the backend and the badge says 1. Takes
 * the popup's screenshot for the README.
 */
import assert from 'node:assert/strict';
import { toolbarBadgeText } from '../harness/browser';
import { Popup } from '../harness/popup';
import type { Scenario } from '../harness/scenario';
import { ratingWidget, screenshotAround } from '../harness/ticket-ui';
import { waitFor } from '../harness/wait';
import { daysAgo } from '../pages/html';
import { openTicket, resolvedIssue, setUp } from './common';

export const popupPending: Scenario = {
  name: '7 popup lists pending feedback, toolbar badge count matches; quick-rate from the popup syncs',
  async run(e2e) {
    const older = resolvedIssue(71, { title: 'Rotate the staging TLS certificate', closedAt: daysAgo(3) });
    const newer = resolvedIssue(72, { title: 'Add a GPU runner pool', closedAt: daysAgo(1) });
    const { backend, browser } = await setUp(e2e, [older, newer]);
    for (const item of [older, newer]) {
      const page = await openTicket(browser, item);
      await ratingWidget(page).waitFor();
      await page.close();
    }

    await waitFor(async () => (await toolbarBadgeText(browser)) === '2', { what: 'the toolbar badge to say 2' });
    const popup = await Popup.open(browser, e2e.message);
    assert.deepEqual(await popup.pendingTitles(), [newer.title, older.title], 'both pending, newest resolution first');
    assert.equal(String(await popup.pendingItems().count()), await toolbarBadgeText(browser), 'the toolbar badge counts the list');
    // The popup as a person sees it (README): its sections, at the popup's own width.
    await screenshotAround(popup.page, [popup.page.locator('body > * > *')], `${e2e.resultsDir}/popup.png`, 12);

    await popup.quickRate('acme/platform#71', 5);
    const rows = await waitFor(() => {
      const found = backend.ratings({ ticketKey: 'acme/platform#71' });
      return found.length > 0 ? found : undefined;
    }, { what: 'the quick rating in the backend database' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.overall, 5);
    await waitFor(async () => (await toolbarBadgeText(browser)) === '1', { what: 'the toolbar badge to say 1' });
    await popup.reload();
    assert.deepEqual(await popup.pendingTitles(), [newer.title]);
    assert.deepEqual(await popup.outbox(), { waiting: 0, synced: 1, rejected: 0 });
  },
};
