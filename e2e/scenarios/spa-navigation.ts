/**
 * Scenario 3: GitHub-style soft navigation (pushState, no page load) from the issue list to a
 * ticket, to another ticket, back to the list and through history. The UI must follow: one host
 * for the ticket on screen (right after its status), never two, none on the list — whether the
 * app replaces the view, reuses the same status element, or keeps the old view hidden.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { configureBackend } from '../harness/options-page';
import type { PageServer } from '../harness/page-server';
import type { Scenario } from '../harness/scenario';
import { mountedHosts, slaPill, waitForNoHost, waitForSingleHost } from '../harness/ticket-ui';
import { sleep } from '../harness/wait';
import { GITHUB_STYLE, githubIssueView, type GitHubIssue } from '../pages/github';
import { daysAgo, text } from '../pages/html';
import { spaShell } from '../pages/spa';

const issue = (number: number, title: string): GitHubIssue => ({
  owner: 'acme', repo: 'platform', number, title, state: 'open', author: 'ana', viewer: 'ana', createdAt: daysAgo(1),
});
const ELEVEN = issue(11, 'Build cache misses on every run');
const TWELVE = issue(12, 'Staging deploys hang at 90%');

export const LIST_PATH = '/acme/platform/issues';
const listView = `<div data-testid="issue-list"><h1>Issues</h1><ul>
  ${[ELEVEN, TWELVE].map((item) => `<li><a href="/acme/platform/issues/${item.number}">${text(item.title)}</a></li>`).join('')}
</ul></div>`;

/** The app's list and two tickets, one shell for every path (the Firefox run's scenario 3 too). */
export function serveSpaRoutes(pages: PageServer): void {
  const shell = spaShell({
    title: 'Issues · acme/platform',
    head: `<meta name="user-login" content="ana">${GITHUB_STYLE}`,
    htmlAttributes: 'data-color-mode="light"',
    routes: [
      { path: LIST_PATH, label: 'Issues', html: listView, mode: 'keep-hidden' },
      { path: '/acme/platform/issues/11', label: '#11', html: githubIssueView(ELEVEN), mode: 'replace' },
      { path: '/acme/platform/issues/12', label: '#12', html: githubIssueView(TWELVE), mode: 'in-place' },
    ],
  });
  for (const path of [LIST_PATH, '/acme/platform/issues/11', '/acme/platform/issues/12']) pages.page('github.com', path, shell);
}

export const spaNavigation: Scenario = {
  name: '3 SPA navigation list → ticket → ticket → list and back: UI follows, never doubled, gone on the list',
  async run(e2e) {
    serveSpaRoutes(e2e.pages);

    const backend = await e2e.backend();
    const browser = await e2e.launch();
    await configureBackend(browser, e2e.message, backend);
    const page = await browser.context.newPage();

    const expectTicket = async (page: Page, key: string, step: string) => {
      const host = await waitForSingleHost(page, key);
      assert.equal(host.previous, 'header-state', `${step}: the host sits right after the status`);
      await slaPill(page).waitFor({ timeout: 10_000 });
      assert.equal(await slaPill(page).count(), 1, `${step}: one badge, not two`);
      assert.equal((await mountedHosts(page)).length, 1, `${step}: still one host once the badge is in`);
    };
    const expectList = async (page: Page, step: string) => {
      await waitForNoHost(page);
      // Give a late re-detection the chance to (wrongly) mount again.
      await sleep(400);
      assert.deepEqual(await mountedHosts(page), [], `${step}: nothing on the list`);
    };
    const navigate = async (label: string) => {
      const before = await page.evaluate(() => performance.getEntriesByType('navigation').length + ':' + performance.timeOrigin);
      await page.locator('#spa-nav').getByText(label, { exact: true }).click();
      const after = await page.evaluate(() => performance.getEntriesByType('navigation').length + ':' + performance.timeOrigin);
      assert.equal(after, before, `clicking ${label} must not load a page`);
    };

    await page.goto(`https://github.com${LIST_PATH}`);
    await expectList(page, 'list at start');
    await navigate('#11');
    await expectTicket(page, 'acme/platform#11', 'list → #11 (view replaced)');
    await navigate('#12');
    await expectTicket(page, 'acme/platform#12', '#11 → #12 (same status element, new ticket)');
    await navigate('Issues');
    await expectList(page, '#12 → list (ticket view kept hidden)');
    await page.goBack();
    await expectTicket(page, 'acme/platform#12', 'Back to #12 (hidden view shown again)');
    await page.goBack();
    await expectTicket(page, 'acme/platform#11', 'Back to #11');
    await page.goForward();
    await page.goForward();
    await expectList(page, 'Forward to the list');
    assert.equal(page.url(), `https://github.com${LIST_PATH}`);
  },
};
