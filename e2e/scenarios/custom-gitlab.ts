/**
 * Scenario 5: a self-managed GitLab (`https://gitlab.internal.example`) added on the options page:
 * access granted, the content script registered for that origin only, the badge on its issue
 * page; removed again: permission and script gone, and the page is left alone.
 */
import assert from 'node:assert/strict';
import type { ExtensionBrowser } from '../harness/browser';
import { addTracker, configureBackend, removeTracker } from '../harness/options-page';
import type { Scenario } from '../harness/scenario';
import { mountedHosts, slaPill, waitForSingleHost } from '../harness/ticket-ui';
import { sleep, waitFor } from '../harness/wait';
import { gitlabIssuePage, gitlabIssuePath, type GitLabIssue } from '../pages/gitlab';
import { daysAgo } from '../pages/html';

const ORIGIN = 'https://gitlab.internal.example';

interface AccessState {
  granted: boolean;
  scripts: Array<{ id: string; matches?: string[] }>;
}

async function accessState(browser: ExtensionBrowser): Promise<AccessState> {
  const worker = await browser.worker();
  return worker.evaluate(async (origin) => {
    const chrome = (globalThis as any).chrome;
    return {
      granted: (await chrome.permissions.contains({ origins: [`${origin}/*`] })) as boolean,
      scripts: (await chrome.scripting.getRegisteredContentScripts()) as Array<{ id: string; matches?: string[] }>,
    };
  }, ORIGIN);
}

export const customGitLab: Scenario = {
  name: '5 custom self-managed GitLab origin: added → granted, registered, badge; removed → gone',
  async run(e2e) {
    const issue: GitLabIssue = { project: 'data/access-requests', iid: 5, title: 'Read access to the sales mart', state: 'open', author: 'ana', viewer: 'ana', createdAt: daysAgo(1) };
    e2e.pages.page('gitlab.internal.example', gitlabIssuePath(issue), gitlabIssuePage(issue, ORIGIN));
    const url = `${ORIGIN}${gitlabIssuePath(issue)}`;
    const key = 'data/access-requests#5';

    const backend = await e2e.backend();
    const browser = await e2e.launch();
    await configureBackend(browser, e2e.message, backend);

    const page = await browser.context.newPage();
    await page.goto(url);
    await sleep(500);
    assert.deepEqual(await mountedHosts(page), [], 'an origin nobody added is left alone');
    assert.equal((await accessState(browser)).granted, false);

    await addTracker(browser, e2e.message, { origin: ORIGIN, type: 'gitlab' });
    const added = await waitFor(
      async () => {
        const state = await accessState(browser);
        return state.granted && state.scripts.some((script) => script.matches?.includes(`${ORIGIN}/*`)) ? state : undefined;
      },
      { what: `a granted permission and a registered content script for ${ORIGIN}` },
    );
    assert.deepEqual(added.scripts.map((script) => script.matches), [[`${ORIGIN}/*`]], 'exactly one dynamic script, for that origin only');

    await page.reload();
    const host = await waitForSingleHost(page, key);
    assert.match(host.previous, /^gl-badge .*badge-success/, 'the host sits right after the work item\'s state badge');
    await slaPill(page).waitFor();

    await removeTracker(browser, e2e.message, ORIGIN);
    await waitFor(async () => {
      const state = await accessState(browser);
      return !state.granted && state.scripts.length === 0;
    }, { what: `permission and content script for ${ORIGIN} to be gone` });
    await page.reload();
    await sleep(500);
    assert.deepEqual(await mountedHosts(page), [], 'after removal the page is left alone');
  },
};
