/**
 * Live settings: a GitHub issue is open with its badge; GitHub is switched off on the real options
 * page in another tab and the host leaves the open issue without a reload; switched on again, the
 * host and its badge come back. A mark left on the page's window proves no reload happened.
 */
import assert from 'node:assert/strict';
import { setBuiltInTracker } from '../harness/options-page';
import type { Scenario } from '../harness/scenario';
import { slaPill, waitForNoHost, waitForSingleHost } from '../harness/ticket-ui';
import { githubKey, openTicket, resolvedIssue, setUp } from './common';

const RELOAD_MARK = '__serviceFeedbackNotReloaded';

export const liveSettings: Scenario = {
  name: 'live settings: GitHub switched off on the options page → the open issue loses its host without a reload; on → it comes back',
  async run(e2e) {
    const issue = resolvedIssue(31);
    const { browser } = await setUp(e2e, [issue]);
    const page = await openTicket(browser, issue);
    await page.evaluate((mark) => Object.assign(window, { [mark]: true }), RELOAD_MARK);
    const notReloaded = () => page.evaluate((mark) => (window as unknown as Record<string, unknown>)[mark] === true, RELOAD_MARK);

    await setBuiltInTracker(browser, e2e.message, 'github', false);
    const offAt = performance.now();
    await waitForNoHost(page, 5_000);
    e2e.figure('live settings: switch saved → host gone from the open tab', `${Math.round(performance.now() - offAt)} ms`);
    assert.equal(await notReloaded(), true, 'the host went without a reload');

    await setBuiltInTracker(browser, e2e.message, 'github', true);
    await waitForSingleHost(page, githubKey(issue), 5_000);
    await slaPill(page).waitFor({ timeout: 5_000 });
    assert.equal(await notReloaded(), true, 'the host came back without a reload');
  },
};
