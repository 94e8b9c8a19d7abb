/**
 * Scenario 13: zero-touch roll-out by browser policy, as docs/DEPLOY.md tells a Linux admin: a
 * JSON file in Chromium's managed policy folder names the extension by its fixed id and sets the
 * backend URL, the token and a self-managed GitLab. With no click on the options page the
 * catalogue arrives and a rating reaches that backend; the options page shows those settings
 * locked; the toolbar says the organisation's site needs a grant; after it, the GitLab ticket
 * gets its badge. The policy file is removed afterwards, pass or fail.
 */
import assert from 'node:assert/strict';
import type { ExtensionBrowser } from '../harness/browser';
import { writeChromiumPolicy } from '../harness/chromium-policy';
import { toolbarBadgeText } from '../harness/browser';
import type { Scenario } from '../harness/scenario';
import { rateInWidget, slaPill, waitForSingleHost } from '../harness/ticket-ui';
import { waitFor } from '../harness/wait';
import { gitlabIssuePage, gitlabIssuePath, type GitLabIssue } from '../pages/gitlab';
import { githubIssuePath, githubIssuePage } from '../pages/github';
import { daysAgo } from '../pages/html';
import { EXTENSION_ID } from '../../utils/extension-id';
import { githubKey, resolvedIssue } from './common';

const GITLAB = 'https://gitlab.internal.example';

function inWorker<T>(browser: ExtensionBrowser, work: () => Promise<T>): Promise<T> {
  return browser.worker().then((worker) => worker.evaluate(work));
}

export const managedPolicy: Scenario = {
  name: '13 managed policy: backend, token and a GitLab from a Chromium policy file → catalogue and rating with no click, options locked, one grant → badge',
  async run(e2e) {
    const issue: GitLabIssue = { project: 'data/access-requests', iid: 13, title: 'Read access to the finance mart', state: 'open', author: 'ana', viewer: 'ana', createdAt: daysAgo(1) };
    e2e.pages.page('gitlab.internal.example', gitlabIssuePath(issue), gitlabIssuePage(issue, GITLAB));
    const github = resolvedIssue(13);
    e2e.pages.page('github.com', githubIssuePath(github), githubIssuePage(github));

    const backend = await e2e.backend();
    // What an admin writes (docs/DEPLOY.md → Linux): the extension's policy under 3rdparty, keyed by its id.
    const policy = writeChromiumPolicy('service-feedback-e2e', {
      '3rdparty': {
        extensions: {
          [EXTENSION_ID]: {
            backendUrl: backend.url,
            token: backend.token,
            trackers: [{ origin: GITLAB, type: 'gitlab', name: 'Internal GitLab' }],
          },
        },
      },
    });
    e2e.defer(() => policy.remove());

    const browser = await e2e.launch();
    assert.equal(browser.extensionId, EXTENSION_ID, 'the manifest key gives the build its fixed id');

    // The policy arrives in storage.managed; the person's own settings stay untouched.
    const managed = await waitFor(
      async () => {
        const value = await inWorker(browser, () => (globalThis as any).chrome.storage.managed.get(null) as Promise<Record<string, unknown>>);
        return value.backendUrl ? value : undefined;
      },
      { what: 'the policy in storage.managed' },
    );
    assert.equal(managed.backendUrl, backend.url);
    const own = await inWorker(browser, async () => (await (globalThis as any).chrome.storage.local.get('settings')).settings as { backendUrl?: string } | undefined);
    assert.equal(own?.backendUrl, undefined, 'nothing typed on the options page');

    // The catalogue arrives from the backend the policy names, with no click anywhere.
    await waitFor(
      async () => {
        const cached = await inWorker(browser, async () => (await (globalThis as any).chrome.storage.local.get('remoteConfig')).remoteConfig as { backendUrl?: string } | undefined);
        return cached?.backendUrl === backend.url ? cached : undefined;
      },
      { what: 'the remote catalogue fetched from the policy backend' },
    );

    // The toolbar says the organisation's site still needs the person's grant.
    await waitFor(async () => (await toolbarBadgeText(browser)) === '!', { what: 'the toolbar badge "!"' });

    // A rating on a built-in tracker reaches the backend configured only by policy.
    const ghPage = await browser.context.newPage();
    await ghPage.goto(`https://github.com${githubIssuePath(github)}`);
    await waitForSingleHost(ghPage, githubKey(github));
    await rateInWidget(ghPage, e2e.message, { overall: 5, comment: 'Set up by policy.' });
    const rows = await waitFor(() => {
      const found = backend.ratings({ ticketKey: githubKey(github) });
      return found.length > 0 ? found : undefined;
    }, { what: 'the rating in the policy backend' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.overall, 5);
    await ghPage.close();

    // The options page: the policy's settings locked, with the reason; the prompt for its sites.
    const options = await browser.openExtensionPage('options.html');
    const url = options.locator('input[name="backendUrl"]');
    await url.waitFor();
    assert.equal(await url.inputValue(), backend.url);
    assert.equal(await url.getAttribute('readonly'), '', 'the backend URL is read-only');
    assert.equal(await options.locator('input[name="token"]').getAttribute('readonly'), '', 'the token is read-only');
    const reason = await options.locator(`#${(await url.getAttribute('aria-describedby'))!.split(' ')[0]}`).textContent();
    assert.match(reason ?? '', new RegExp(e2e.message('managed_locked').replace('.', '\\.')), 'the reason is read with the field');
    const prompt = options.getByRole('region', { name: e2e.message('managed_sites_heading'), exact: true });
    await prompt.waitFor();
    assert.match((await prompt.textContent()) ?? '', /gitlab\.internal\.example/);
    assert.equal(await options.getByRole('list', { name: e2e.message('managed_trackers_heading'), exact: true }).getByText(`Internal GitLab — ${GITLAB}`).count(), 1);

    await options.screenshot({ path: `${e2e.resultsDir}/options-managed.png`, fullPage: true });

    // The one grant: headless Chromium shows no dialog, so the origin is approved the way a person
    // does on the extension's site-access settings (see harness/browser.ts), then "Allow these sites".
    assert.match((await prompt.textContent()) ?? '', new RegExp(backend.url.replace(/[.:/]/g, '\\$&')), 'the policy backend is in the same prompt');
    await browser.preApproveOrigin(GITLAB);
    await browser.preApproveOrigin(backend.url);
    const allow = prompt.getByRole('button', { name: e2e.message('managed_sites_grant'), exact: true });
    // Approving on chrome://extensions does not tell the page; the button's own request does.
    await allow.click();
    await waitFor(async () => (await prompt.count()) === 0, { what: 'the organisation sites prompt to go once granted' });
    await waitFor(async () => (await toolbarBadgeText(browser)) !== '!', { what: 'the toolbar "!" to go once granted' });
    await options.close();

    // After the grant the GitLab ticket gets its badge.
    const page = await browser.context.newPage();
    await page.goto(`${GITLAB}${gitlabIssuePath(issue)}`);
    await waitForSingleHost(page, 'data/access-requests#13');
    await slaPill(page).waitFor();
  },
};
