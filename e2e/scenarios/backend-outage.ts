/**
 * Scenario 4: the backend is down when the rating is given. The rating waits (widget and popup
 * say so: 1 waiting); the backend comes back and "Sync now" sends it: exactly one row.
 */
import assert from 'node:assert/strict';
import { Popup } from '../harness/popup';
import type { Scenario } from '../harness/scenario';
import { rateInWidget, ratingWidget } from '../harness/ticket-ui';
import { waitFor } from '../harness/wait';
import { openTicket, resolvedIssue, setUp } from './common';

export const backendOutage: Scenario = {
  name: '4 backend down: rating waits, popup shows 1 waiting; backend back: synced, exactly one row',
  async run(e2e) {
    const issue = resolvedIssue(41, { title: 'Docker registry returns 502' });
    const key = 'acme/platform#41';
    const { backend, browser } = await setUp(e2e, [issue]);
    // The badge needs the backend's config: once it shows, the config is cached and the backend may go.
    const page = await openTicket(browser, issue);

    await backend.stop();
    await rateInWidget(page, e2e.message, { overall: 2, tags: ['rating_tag_slow'], comment: 'Took three days.' });
    await ratingWidget(page).getByText(e2e.message('rating_sync_waiting'), { exact: true }).waitFor({ timeout: 15_000 });

    // The popup names the failed attempt: "Last attempt failed: the backend could not be reached (…)".
    const unreachable = e2e.message('popup_error_network', '\u0000').split('(\u0000')[0]!;
    const popup = await Popup.open(browser, e2e.message);
    await waitFor(async () => {
      await popup.reload();
      return (await popup.page.getByRole('alert').filter({ hasText: unreachable }).count()) === 1;
    }, { what: `the popup to say "${unreachable}"` });
    assert.deepEqual(await popup.outbox(), { waiting: 1, synced: 0, rejected: 0 }, 'the popup shows the rating waiting');
    assert.deepEqual(backend.ratings(), [], 'nothing reached the database while it was down');

    await backend.start();
    await popup.syncNow();
    await waitFor(async () => {
      await popup.reload();
      const counts = await popup.outbox();
      return counts.waiting === 0 && counts.synced === 1;
    }, { what: 'the popup to show 0 waiting, 1 synced' });
    const rows = backend.ratings();
    assert.equal(rows.length, 1, 'exactly one row');
    assert.equal(rows[0]!.ticketKey, key);
    assert.equal(rows[0]!.overall, 2);
  },
};
