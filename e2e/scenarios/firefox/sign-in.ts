/**
 * Firefox scenario 15: company sign-in over Marionette, against the real backend and the real
 * OpenID Connect provider on loopback (test/server/auth/test-idp.ts). Options → "Sign in with your
 * company account" → Firefox's identity window (launchWebAuthFlow, redirect to
 * `<id>.extensions.allizom.org`) with the IdP's login and consent, filled in like a person → the
 * person's name on the options page → a GitHub rating the backend stores with the person as rater,
 * verified (its CSV export says so).
 */
import assert from 'node:assert/strict';
import type { Firefox } from '../../harness/firefox/browser';
import { Tab } from '../../harness/firefox/tab';
import { configureBackend, rateInWidget, SLA_PILL, waitForSingleHost, WIDGET } from '../../harness/firefox/ui';
import { exportedRatings } from '../../harness/sign-in';
import { waitFor } from '../../harness/wait';
import { githubIssuePage, githubIssuePath } from '../../pages/github';
import { githubKey, resolvedIssue } from '../common';
import type { FirefoxScenario } from './index';

const ALICE = { account: 'alice', email: 'alice@example.com', name: 'Alice Example' };

const handles = (firefox: Firefox) => firefox.marionette.send<string[]>('WebDriver:GetWindowHandles');

/**
 * Drives the identity window that `click` opens: the IdP's login form as `account`, then its
 * consent, until Firefox closes the window on the redirect. Answers how many forms it filled.
 */
async function signInThroughIdp(firefox: Firefox, issuer: string, account: string, click: () => Promise<void>): Promise<number> {
  const before = new Set(await handles(firefox));
  await click();
  const handle = await waitFor(async () => (await handles(firefox)).find((candidate) => !before.has(candidate)), { what: 'the identity window', timeout: 20_000 });
  const idp = new Tab(firefox, handle);
  const open = async () => (await handles(firefox)).includes(handle);
  let forms = 0;
  for (; forms < 4; forms++) {
    // Login, then consent (oidc-provider's development interactions); the window closes after the last.
    const step = await waitFor(async () => {
      if (!(await open())) return 'closed';
      return (await idp.script<boolean>(`return document.readyState === 'complete' && !!document.querySelector('form button[type="submit"]')`).catch(() => false)) ? 'form' : undefined;
    }, { what: "the IdP's next form or the window closing", timeout: 20_000 });
    if (step === 'closed') break;
    const url = await idp.url();
    assert.ok(url.startsWith(issuer), `the identity window shows ${url}, not the IdP`);
    const prompt = await idp.script<string | null>(`return document.querySelector('input[name="prompt"]')?.value ?? null`);
    if (prompt === 'login') {
      await idp.fill({ css: 'input[name="login"]' }, account);
      await idp.fill({ css: 'input[name="password"]' }, 'any password');
    }
    const submitted = await idp.script<string>('return location.href');
    await idp.click({ css: 'form button[type="submit"]' });
    // The next page (or the window closing) before looking again.
    await waitFor(async () => !(await open()) || (await idp.script<string>('return location.href + document.readyState').catch(() => '')) !== `${submitted}complete`, {
      what: 'the IdP to move on',
      timeout: 20_000,
    });
  }
  await waitFor(async () => !(await open()), { what: 'the identity window to close', timeout: 20_000 });
  firefox.current = undefined;
  return forms;
}

export const firefoxSignIn: FirefoxScenario = {
  name: '15 sign-in: options → company IdP in the identity window → signed in; the rating is stored with the person as rater, verified',
  async run(e2e) {
    const issue = resolvedIssue(31, { title: 'Sign-in on Firefox' });
    e2e.pages.page('github.com', githubIssuePath(issue), githubIssuePage(issue));
    const backend = await e2e.backend({ testIdp: true });
    const firefox = await e2e.launch();
    // The shared ingest token is what a person would have pasted before; this backend refuses it.
    await configureBackend(firefox, e2e.message, backend);

    const options = await firefox.openExtensionPage('options.html');
    await options.waitFor({ css: 'button', name: e2e.message('options_signin_button') }, 15_000);
    const forms = await signInThroughIdp(firefox, backend.idp!.issuer, ALICE.account, () => options.click({ css: 'button', name: e2e.message('options_signin_button') }));
    assert.equal(forms, 2, "the identity window showed the IdP's login and consent, filled in like a person");
    await options.waitFor({ css: '*', name: e2e.message('options_signin_signed_in', ALICE.name, ALICE.email) }, 30_000);

    const tab = await firefox.newTab();
    await tab.goto(`https://github.com${githubIssuePath(issue)}`);
    await waitForSingleHost(tab, githubKey(issue));
    await tab.waitFor(SLA_PILL);
    await tab.waitFor(WIDGET);
    await rateInWidget(tab, e2e.message, { overall: 5 });
    const row = await waitFor(async () => (await exportedRatings(backend)).find((candidate) => candidate.ticketKey === githubKey(issue)), { what: 'the rating in the backend' });
    assert.equal(row.rater, ALICE.email, 'the backend stored the signed-in person as rater');
    assert.equal(row.verified, 'true', 'and marked it verified (a personal token)');
  },
};
