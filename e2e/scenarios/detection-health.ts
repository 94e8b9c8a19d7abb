/**
 * Breakage seen the day it happens: a GitHub issue whose state chip moved in a "redesign" gets no
 * badge; the miss is counted and shown on the real options page, sent to a backend that collects
 * detection health and shown to admins on its Catalogue page; an admin pushes a selector override
 * for the new chip through the backend's catalogue API, and the open tab gets its badge beside the
 * moved chip once the worker refreshes the catalogue — no new build, no reload.
 */
import assert from 'node:assert/strict';
import { assertNoAxeViolations } from '../harness/axe';
import { catalogueHealthSection, pushSelectorOverrides } from '../harness/catalogue';
import { configureBackend } from '../harness/options-page';
import { Popup } from '../harness/popup';
import type { Scenario } from '../harness/scenario';
import { slaPill, waitForNoHost, waitForSingleHost } from '../harness/ticket-ui';
import { waitFor } from '../harness/wait';
import { githubIssuePath } from '../pages/github';
import { githubRedesignedIssuePage, REDESIGNED_CHIP } from '../pages/github-redesigned';
import { githubKey, resolvedIssue } from './common';

const RELOAD_MARK = '__serviceFeedbackNotReloaded';

export const detectionHealth: Scenario = {
  name: 'detection health: a redesigned GitHub issue → miss counted, shown on the options page and to admins → an override pushed through the backend → the open tab shows its badge without a reload',
  async run(e2e) {
    const issue = resolvedIssue(61);
    e2e.pages.page('github.com', githubIssuePath(issue), githubRedesignedIssuePage(issue));
    const backend = await e2e.backend({ config: { collectDetectionHealth: true } });
    const browser = await e2e.launch();
    await configureBackend(browser, e2e.message, backend);

    const page = await browser.context.newPage();
    await page.goto(`https://github.com${githubIssuePath(issue)}`);
    await page.evaluate((mark) => Object.assign(window, { [mark]: true }), RELOAD_MARK);
    const openedAt = performance.now();

    // The miss, on the options page: "GitHub: status not found on 1 page since Monday".
    const options = await browser.openExtensionPage('options.html');
    const line = e2e.message('options_health_line_one', e2e.message('options_health_tracker_github'), e2e.message('options_health_fact_status'), '1');
    await options.getByRole('region', { name: e2e.message('options_health_heading') }).getByText(line, { exact: true }).waitFor({ timeout: 15_000 });
    e2e.figure('detection health: page opened → miss shown on the options page', `${Math.round(performance.now() - openedAt)} ms`);
    await waitForNoHost(page, 1_000);
    await assertNoAxeViolations(options, 'the options page with detection health');

    // "Sync now" sends the counts; the admin sees them beside the selector overrides.
    const popup = await Popup.open(browser, e2e.message);
    await popup.syncNow();
    const section = await waitFor(async () => {
      const html = await catalogueHealthSection(backend);
      return /<td>GitHub<\/td><td>1<\/td>/.test(html) ? html : undefined;
    }, { what: 'the GitHub miss on the Catalogue page' });
    assert.match(section, /<code>state<\/code> \(1\)/);
    assert.doesNotMatch(section, /acme|platform\/issues|Preview environments/, 'no URL or title reached the backend');
    const web = await browser.context.newPage();
    await web.goto(`${backend.url}/`);
    await web.locator('input[name="token"]').fill('demo-admin-token');
    await web.locator('form[action="/login"] button[type="submit"]').click();
    await web.waitForLoadState();
    await web.goto(`${backend.url}/catalogue`);
    await web.getByRole('heading', { name: 'Detection health (last 14 days)' }).waitFor();
    await assertNoAxeViolations(web, 'the Catalogue page with detection health');
    await web.close();

    // The fix, pushed through the backend; the worker's next catalogue refresh (here "Sync now") brings it to the open tab.
    await pushSelectorOverrides(backend, { github: { state: [REDESIGNED_CHIP], statusAnchor: [REDESIGNED_CHIP] } }, 'GitHub moved the state chip');
    const pushedAt = performance.now();
    await popup.syncNow();
    await waitForSingleHost(page, githubKey(issue));
    await slaPill(page).waitFor();
    e2e.figure('detection health: override saved → badge in the open tab', `${Math.round(performance.now() - pushedAt)} ms`);
    const besideChip = await page.evaluate((chip) => document.querySelector(chip)?.nextElementSibling?.hasAttribute('data-service-feedback') ?? false, REDESIGNED_CHIP);
    assert.equal(besideChip, true, 'the badge sits right after the moved chip');
    assert.equal(await page.evaluate((mark) => (window as unknown as Record<string, unknown>)[mark] === true, RELOAD_MARK), true, 'no reload happened');
  },
};
