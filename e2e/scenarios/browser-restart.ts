/**
 * Scenario 8: a rating is given while the backend accepts connections but never answers, so it
 * is still waiting (in flight) when the browser is closed. The browser starts again on the same
 * profile, the backend is back: the rating syncs by itself, exactly once.
 *
 * (A backend that refuses outright works too, but then the start-up sync honours the 30 s+
 * backoff of the failed attempt and the run waits for the retry alarm; an interrupted send is
 * due at once, and is the harder case for "no loss, no duplicate".)
 */
import assert from 'node:assert/strict';
import { Popup } from '../harness/popup';
import type { Scenario } from '../harness/scenario';
import { rateInWidget, ratingWidget } from '../harness/ticket-ui';
import { sleep, waitFor } from '../harness/wait';
import { openTicket, resolvedIssue, setUp } from './common';

export const browserRestart: Scenario = {
  name: '8 browser restarted with a waiting rating: it still syncs, once',
  async run(e2e) {
    const issue = resolvedIssue(81, { title: 'Nightly backups skipped' });
    const key = 'acme/platform#81';
    const { backend, browser: first } = await setUp(e2e, [issue]);
    const page = await openTicket(first, issue);
    await backend.hang();
    await rateInWidget(page, e2e.message, { overall: 4, communication: 4, comment: 'Restored quickly.' });
    await ratingWidget(page).getByText(e2e.message('rating_sync_waiting'), { exact: true }).waitFor();
    assert.equal((await (await Popup.open(first, e2e.message)).outbox()).waiting, 1, 'the popup counts it as waiting');
    await first.close();

    await backend.start();
    assert.deepEqual(backend.ratings(), [], 'nothing was sent before the restart');
    const second = await e2e.launch({ profileDir: first.profileDir });
    assert.equal(second.extensionId, first.extensionId, 'the same extension on the same profile');
    const rows = await waitFor(() => (backend.ratings().length > 0 ? backend.ratings() : undefined), {
      what: 'the waiting rating to sync after the restart',
      timeout: 20_000,
      interval: 250,
    });
    await sleep(500);
    assert.equal(backend.ratings().length, 1, 'exactly one row');
    assert.equal(rows[0]!.ticketKey, key);
    assert.equal(rows[0]!.overall, 4);
  },
};
