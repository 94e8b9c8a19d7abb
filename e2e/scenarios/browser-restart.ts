/**
 * Scenario 8: a rating given while the backend is down waits in the outbox; the browser is
 * closed and started again on the same profile (the backend is back by then): it syncs, once.
 */
import assert from 'node:assert/strict';
import { Popup } from '../harness/popup';
import type { Scenario } from '../harness/scenario';
import { rateInWidget, ratingWidget } from '../harness/ticket-ui';
import { sleep, waitFor } from '../harness/wait';
import { openTicket, resolvedIssue, setUp } from './common';

export const browserRestart: Scenario = {
  name: '8 browser restarted with a waiting rating: it still syncs, once',
  timeoutMs: 90_000,
  async run(e2e) {
    const issue = resolvedIssue(81, { title: 'Nightly backups skipped' });
    const key = 'acme/platform#81';
    const { backend, browser: first } = await setUp(e2e, [issue]);
    const page = await openTicket(first, issue);
    await backend.stop();
    await rateInWidget(page, e2e.message, { overall: 4, communication: 4, comment: 'Restored quickly.' });
    await ratingWidget(page).getByText(e2e.message('rating_sync_waiting'), { exact: true }).waitFor({ timeout: 15_000 });
    assert.equal((await (await Popup.open(first, e2e.message)).outbox()).waiting, 1);
    await first.close();

    await backend.start();
    assert.deepEqual(backend.ratings(), [], 'nothing was sent before the restart');
    const second = await e2e.launch({ profileDir: first.profileDir });
    assert.equal(second.extensionId, first.extensionId, 'the same extension on the same profile');
    const rows = await waitFor(() => (backend.ratings().length > 0 ? backend.ratings() : undefined), {
      what: 'the waiting rating to sync after the restart',
      timeout: 70_000,
      interval: 250,
    });
    await sleep(500);
    assert.equal(backend.ratings().length, 1, 'exactly one row');
    assert.equal(rows[0]!.ticketKey, key);
    assert.equal(rows[0]!.overall, 4);
  },
};
