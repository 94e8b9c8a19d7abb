/** Set-up most scenarios share: a backend, a browser pointed at it, GitHub ticket pages. */
import type { Page } from 'playwright-core';
import type { Backend } from '../harness/backend';
import type { ExtensionBrowser } from '../harness/browser';
import { configureBackend } from '../harness/options-page';
import type { E2E } from '../harness/scenario';
import { slaPill, waitForSingleHost } from '../harness/ticket-ui';
import { githubIssuePage, githubIssuePath, type GitHubIssue } from '../pages/github';
import { daysAgo } from '../pages/html';

/** A closed issue of acme/platform (Platform Engineering), raised by the viewer: eligible for a rating. */
export const resolvedIssue = (number: number, extra: Partial<GitHubIssue> = {}): GitHubIssue => ({
  owner: 'acme',
  repo: 'platform',
  number,
  title: 'Preview environments fail to start',
  state: 'closed',
  author: 'ana',
  viewer: 'ana',
  createdAt: daysAgo(3),
  closedAt: daysAgo(2),
  closedBy: 'platform-oncall',
  comments: [{ author: 'platform-oncall', at: daysAgo(2.9), body: 'Looking into it now.' }],
  labels: ['platform'],
  ...extra,
});

export const githubKey = (issue: GitHubIssue) => `${issue.owner}/${issue.repo}#${issue.number}`;

/** Serves the issues on github.com, starts the backend and a browser whose options point at it. */
export async function setUp(e2e: E2E, issues: GitHubIssue[]): Promise<{ backend: Backend; browser: ExtensionBrowser }> {
  for (const issue of issues) e2e.pages.page('github.com', githubIssuePath(issue), githubIssuePage(issue));
  const backend = await e2e.backend();
  const browser = await e2e.launch();
  await configureBackend(browser, e2e.message, backend);
  return { backend, browser };
}

/** Opens the issue in a new tab and waits for its one host and its SLA badge. */
export async function openTicket(browser: ExtensionBrowser, issue: GitHubIssue): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`https://github.com${githubIssuePath(issue)}`);
  await waitForSingleHost(page, githubKey(issue));
  await slaPill(page).waitFor();
  return page;
}
