/**
 * Firefox scenario 13: the roll-out of docs/DEPLOY.md → "Firefox: policies.json" on Debian's
 * firefox-esr. The e2e writes /etc/firefox/policies/policies.json with the extension's settings
 * under `3rdparty.Extensions["<gecko id>"]` before Firefox starts (CI runs as root) and removes it
 * once Firefox has read it (and again after the scenario, pass or fail, and on exit). With no
 * typing on the options page: the backend URL and token arrive in storage.managed, the options
 * page shows them read-only with the reason, and after the one grant the catalogue and a rating
 * go to the backend the policy names.
 */
import assert from 'node:assert/strict';
import { storedRatingsOf } from '../../harness/backend';
import { writeFirefoxPolicy } from '../../harness/firefox/policy';
import { rateInWidget, toolbarBadgeText, waitForSingleHost } from '../../harness/firefox/ui';
import type { Tab } from '../../harness/firefox/tab';
import { waitFor } from '../../harness/wait';
import { githubIssuePage, githubIssuePath } from '../../pages/github';
import { GECKO_ID } from '../../../utils/extension-id';
import { githubKey, resolvedIssue } from '../common';
import type { FirefoxScenario } from './index';

const GITLAB = 'https://gitlab.internal.example';

/** What the extension's own pages read from one of its storage areas (JSON across the Xray wrapper). */
async function storageOf<T>(page: Tab, area: 'managed' | 'local', key: string | null): Promise<T> {
  const text = await page.asyncScript<string>('return JSON.stringify(await (window.wrappedJSObject ?? window).browser.storage[arguments[0]].get(arguments[1]));', area, key);
  return JSON.parse(text) as T;
}

const field = (name: string) => `document.querySelector('input[name="${name}"]')`;

export const firefoxManagedPolicy: FirefoxScenario = {
  name: '13 managed policy: backend URL, token and a GitLab from /etc/firefox/policies/policies.json → storage.managed, options read-only, one grant → catalogue and rating',
  async run(e2e) {
    assert.equal(e2e.extensionId, GECKO_ID, 'policies name the build by its fixed gecko id');
    const github = resolvedIssue(13);
    e2e.pages.page('github.com', githubIssuePath(github), githubIssuePage(github));
    const backend = await e2e.backend();

    // What an admin writes (docs/DEPLOY.md → Firefox): the extension's policy under 3rdparty.Extensions.
    const policy = await writeFirefoxPolicy({
      '3rdparty': { Extensions: { [e2e.extensionId]: { backendUrl: backend.url, token: backend.token, trackers: [{ origin: GITLAB, type: 'gitlab', name: 'Internal GitLab' }] } } },
    });
    e2e.defer(() => policy.remove());
    const firefox = await e2e.launch();
    // Firefox read the file at start and keeps it in memory; the file is machine-wide, so it goes now.
    policy.remove();

    const options = await firefox.openExtensionPage('options.html');
    const managed = await storageOf<Record<string, unknown>>(options, 'managed', null);
    assert.equal(managed.backendUrl, backend.url, 'the backend URL from policy is in storage.managed');
    assert.equal(managed.token, backend.token);
    const own = await storageOf<{ settings?: { backendUrl?: string } }>(options, 'local', 'settings');
    assert.equal(own.settings?.backendUrl, undefined, 'nothing typed on the options page');

    // The options page shows the policy's backend, read-only, with the reason read with the field.
    let shown = '';
    await waitFor(async () => (shown = await options.script<string>(`return ${field('backendUrl')}?.value ?? ''`)) === backend.url, { what: 'the backend URL from policy on the options page', seen: () => shown });
    assert.equal(await options.script<boolean>(`return ${field('backendUrl')}.readOnly`), true, 'the backend URL is read-only');
    assert.equal(await options.script<boolean>(`return ${field('token')}.readOnly`), true, 'the token is read-only');
    const reason = await options.script<string>(`const input = ${field('backendUrl')};
      return input.getAttribute('aria-describedby').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');`);
    assert.ok(reason.includes(e2e.message('managed_locked')), `the reason is read with the field: "${reason}"`);
    assert.equal(await options.count({ css: 'button', name: e2e.message('options_save'), within: { css: 'form:has(input[name="backendUrl"])' } }), 0, 'no Save for settings the person cannot change');

    // The toolbar and the page say the organisation's sites need the person's grant; one click grants them.
    let badge = '';
    await waitFor(async () => (badge = await toolbarBadgeText(options)) === '!', { what: 'the toolbar badge "!"', seen: () => JSON.stringify(badge) });
    const prompt = { css: 'section', name: e2e.message('managed_sites_heading') };
    const promptText = (await options.texts(prompt)).join(' ');
    assert.match(promptText, /gitlab\.internal\.example/);
    assert.ok(promptText.includes(new URL(backend.url).host), 'the policy backend is in the same prompt');
    await options.click({ css: 'button', name: e2e.message('managed_sites_grant'), within: prompt });
    await waitFor(async () => (await options.count(prompt)) === 0, { what: 'the organisation sites prompt to go once granted' });

    // The catalogue comes from the backend the policy names, and a rating lands there.
    await waitFor(async () => (await storageOf<{ remoteConfig?: { backendUrl?: string } }>(options, 'local', 'remoteConfig')).remoteConfig?.backendUrl === backend.url, { what: 'the catalogue fetched from the policy backend' });
    const tab = await firefox.newTab();
    await tab.goto(`https://github.com${githubIssuePath(github)}`);
    await waitForSingleHost(tab, githubKey(github));
    await rateInWidget(tab, e2e.message, { overall: 5, comment: 'Set up by policy.' });
    const rows = await storedRatingsOf(backend, githubKey(github));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.overall, 5);
  },
};
