/**
 * Scenario 8: a rating given while the backend is down waits in the outbox; the browser is
 * closed and started again on the same profile (the backend is back by then): it syncs, once.
 */
import assert from 'node:assert/strict';
import { configureBackend } from '../harness/options-page';
import { Popup } from '../harness/popup';
import type { Scenario } from '../harness/scenario';
import { rateInWidget, ratingWidget, slaPill, waitForSingleHost } from '../harness/ticket-ui';
import { sleep, waitFor } from '../harness/wait';
import { githubIssuePage, githubIssuePath } from '../pages/github';
import { resolvedIssue } from './github-rating';

export const browserRestart: Scenario = {
  name: '8 browser restarted with a waiting rating: it still syncs, once',
  timeoutMs: 90_000,
  async run(e2e) {
    const issue = resolvedIssue(81, { title: 'Nightly backups skipped' });
    const key = 'acme/platform#81';
    e2e.pages.page('github.com', githubIssuePath(issue), githubIssuePage(issue));

    const backend = await e2e.backend();
    const first = await e2e.launch();
    await configureBackend(first, e2e.message, backend);
    const page = await first.context.newPage();
    await page.goto(`https://github.com${githubIssuePath(issue)}`);
    await waitForSingleHost(page, key);
    await slaPill(page).waitFor();
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
