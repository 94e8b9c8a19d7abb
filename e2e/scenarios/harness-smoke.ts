/** The harness itself: tracker host names resolve to the loopback page server over https, and the built extension runs. */
import assert from 'node:assert/strict';
import { githubIssuePage, githubIssuePath, type GitHubIssue } from '../pages/github';
import { daysAgo } from '../pages/html';
import type { Scenario } from '../harness/scenario';

export const harnessSmoke: Scenario = {
  name: 'harness: tracker hosts over https on loopback, extension loaded, backend up',
  async run(e2e) {
    const issue: GitHubIssue = { owner: 'acme', repo: 'platform', number: 1, title: 'Smoke', state: 'open', author: 'ana', viewer: 'ana', createdAt: daysAgo(1) };
    e2e.pages.page('github.com', githubIssuePath(issue), githubIssuePage(issue));
    const browser = await e2e.launch();
    assert.match(browser.extensionId, /^[a-p]{32}$/, 'the extension has an id');
    const manifest = (await (await browser.worker()).evaluate(() => (globalThis as any).chrome.runtime.getManifest())) as { content_scripts?: Array<{ matches: string[] }> };
    assert.ok(manifest.content_scripts?.some((script) => script.matches.includes('https://github.com/*')), 'the built manifest injects into github.com');

    const page = await browser.context.newPage();
    const response = await page.goto(`https://github.com${githubIssuePath(issue)}`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.evaluate(() => location.origin), 'https://github.com');
    assert.equal(await page.textContent('bdi[data-testid="issue-title"]'), 'Smoke');
    assert.ok(e2e.pages.requests.includes(`github.com ${githubIssuePath(issue)}`), 'the request reached the loopback server');

    const backend = await e2e.backend();
    const health = await fetch(`${backend.url}/v1/health`);
    assert.equal(health.status, 200, 'the real backend answers its health check');
    const config = await fetch(`${backend.url}/v1/config`, { headers: { authorization: `Bearer ${backend.token}` } });
    assert.equal(config.status, 200, 'the example ingest token is accepted');
    assert.deepEqual(backend.ratings(), [], 'a fresh database has no ratings');
  },
};
