/**
 * Scenario 15: company sign-in (issue 15) in real Chromium against the real backend and a real
 * OpenID Connect provider on loopback (test/server/auth/test-idp.ts). Options → "Sign in with your
 * company account" → the identity window (launchWebAuthFlow) with the IdP's login and consent,
 * driven like a person → the person's name on the options page → a GitHub rating that the backend
 * stores with the person as rater, verified (its CSV export says so) → an admin revokes the token
 * → the next rating waits in the outbox, the popup says "Sign in again", the toolbar shows an
 * amber "!" → sign in again from the popup → the held rating syncs. axe-core checks the options
 * page signed out and signed in, and the popup asking to sign in again.
 */
import assert from 'node:assert/strict';
import { assertNoAxeViolations } from '../harness/axe';
import { readStorage, toolbarBadgeText } from '../harness/browser';
import { configureBackend } from '../harness/options-page';
import { Popup } from '../harness/popup';
import type { Scenario } from '../harness/scenario';
import { exportedRatings, revokeTokensOf, signInThroughIdp } from '../harness/sign-in';
import { rateInWidget, ratingWidget } from '../harness/ticket-ui';
import { waitFor } from '../harness/wait';
import { githubIssuePage, githubIssuePath } from '../pages/github';
import { githubKey, openTicket, resolvedIssue } from './common';

const ALICE = { account: 'alice', email: 'alice@example.com', name: 'Alice Example' };

export const signIn: Scenario = {
  name: '15 sign-in: options → company IdP in the identity window → rating stored with the person as rater; token revoked → "Sign in again", rating held → signed in again, it syncs',
  timeoutMs: 120_000,
  async run(e2e) {
    const first = resolvedIssue(31, { title: 'Sign-in: first rating' });
    const second = resolvedIssue(32, { title: 'Sign-in: rating after revocation' });
    for (const issue of [first, second]) e2e.pages.page('github.com', githubIssuePath(issue), githubIssuePage(issue));
    const backend = await e2e.backend({ testIdp: true });
    const browser = await e2e.launch();
    // The shared ingest token is what a person would have pasted before; this backend refuses it.
    await configureBackend(browser, e2e.message, backend);

    const options = await browser.openExtensionPage('options.html');
    const signInButton = options.getByRole('button', { name: e2e.message('options_signin_button'), exact: true });
    await signInButton.waitFor({ timeout: 15_000 });
    await options.getByText(e2e.message('options_signin_shared_off'), { exact: true }).waitFor();
    await assertNoAxeViolations(options, 'the options page offering company sign-in');

    const signedInText = options.getByText(e2e.message('options_signin_signed_in', ALICE.name, ALICE.email), { exact: true });
    const firstSignIn = await signInThroughIdp(browser, backend, ALICE.account, () => signInButton.click(), () => signedInText.waitFor({ timeout: 30_000 }));
    assert.equal(firstSignIn.formsFilled, 2, "the identity window showed the IdP's login and consent, filled in like a person");
    await options.getByRole('button', { name: e2e.message('options_signin_sign_out'), exact: true }).waitFor();
    await assertNoAxeViolations(options, 'the options page signed in');
    const stored = (await readStorage(browser, 'signIn')) as { token: string; email: string };
    assert.equal(stored.email, ALICE.email);
    assert.match(stored.token, /^sfp_/, 'a personal token in storage.local');

    // A rating goes in under the person's own name, whatever the tracker login says.
    const page = await openTicket(browser, first);
    await ratingWidget(page).waitFor();
    await rateInWidget(page, e2e.message, { overall: 5 });
    const firstRow = await waitFor(async () => (await exportedRatings(backend)).find((row) => row.ticketKey === githubKey(first)), { what: 'the first rating in the backend' });
    assert.equal(firstRow.rater, ALICE.email, 'the backend stored the signed-in person as rater');
    assert.equal(firstRow.verified, 'true', 'and marked it verified (a personal token)');

    // An admin revokes the token: the next sync meets a 401.
    assert.equal(await revokeTokensOf(backend, ALICE.email), 1);
    const secondPage = await openTicket(browser, second);
    await ratingWidget(secondPage).waitFor();
    await rateInWidget(secondPage, e2e.message, { overall: 4 });
    await waitFor(async () => Boolean(((await readStorage(browser, 'signIn')) as { refused?: unknown } | undefined)?.refused), { what: 'the refused token to be noticed' });
    // The toolbar follows the stored state a moment later (it repaints on the storage change).
    let badge = '';
    await waitFor(async () => (badge = await toolbarBadgeText(browser)) === '!', { what: 'the amber "!" on the toolbar', seen: () => JSON.stringify(badge) });
    const worker = await browser.worker();
    const title = await worker.evaluate(() => (globalThis as any).chrome.action.getTitle({}) as Promise<string>);
    assert.ok(title.includes(e2e.message('popup_badge_title_sign_in_again')), `the toolbar title says why: ${title}`);

    const popup = await Popup.open(browser, e2e.message);
    const notice = popup.page.getByRole('alert').filter({ has: popup.page.getByRole('heading', { name: e2e.message('popup_signin_again_heading'), exact: true }) });
    await notice.waitFor();
    const held = popup.page.locator(`xpath=//dt[normalize-space()="${e2e.message('popup_outbox_auth_sign_in')}"]/following-sibling::dd[1]`);
    assert.equal(await held.innerText(), '1', 'the rating waits in the outbox');
    assert.equal((await exportedRatings(backend)).some((row) => row.ticketKey === githubKey(second)), false, 'nothing reached the backend');
    await assertNoAxeViolations(popup.page, 'the popup asking to sign in again');
    await options.reload();
    await options.getByRole('alert').filter({ hasText: e2e.message('options_signin_again', 'authorization: revoked token, sign in again') }).waitFor();

    // Sign in again from the popup: the held rating goes with the new token.
    const again = popup.page.getByRole('button', { name: e2e.message('popup_signin_again_button'), exact: true });
    const secondSignIn = await signInThroughIdp(browser, backend, ALICE.account, () => again.click(), () => popup.page.getByText(e2e.message('popup_signin_done', ALICE.name), { exact: true }).waitFor({ timeout: 30_000 }));
    e2e.figure('sign-in again: IdP forms shown (the IdP still knew the person)', String(secondSignIn.formsFilled));
    const secondRow = await waitFor(async () => (await exportedRatings(backend)).find((row) => row.ticketKey === githubKey(second)), { what: 'the held rating in the backend after signing in again' });
    assert.equal(secondRow.rater, ALICE.email);
    assert.equal(secondRow.verified, 'true');
    assert.notEqual(((await readStorage(browser, 'signIn')) as { token: string }).token, stored.token, 'a new personal token');
    await popup.reload();
    assert.equal(await notice.count(), 0, 'no "Sign in again" any more');
    assert.deepEqual(await popup.outbox(), { waiting: 0, synced: 2, rejected: 0 });
    await waitFor(async () => (await toolbarBadgeText(browser)) !== '!', { what: 'the toolbar "!" to go' });
  },
};
