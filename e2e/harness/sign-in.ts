/**
 * Company sign-in against the scenario's backend and its test IdP (`startBackendWith({ testIdp:
 * true })`): the IdP's own login and consent pages driven in the identity window the extension
 * opens, and the backend asked through its admin API (the CSV export, token revocation).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { EXAMPLE_CONFIG, type Backend } from './backend';
import type { ExtensionBrowser } from './browser';

/** The admin token of the example config. */
export function exampleAdminToken(): string {
  const token = (JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as { tokens?: { admin?: string } }).tokens?.admin;
  if (!token) throw new Error(`${EXAMPLE_CONFIG} has no tokens.admin`);
  return token;
}

/**
 * Runs `click` (a sign-in button) and finishes the sign-in in the identity window it opens
 * (launchWebAuthFlow's popup window): the IdP's login form as `account`, then its consent. The
 * window closes by itself once the backend redirects to the extension's redirect URL. An IdP that
 * still knows the person answers without a form, and Chromium then may show no window at all:
 * `done` (the page saying "signed in") ends the wait either way.
 */
export async function signInThroughIdp(browser: ExtensionBrowser, backend: Backend, account: string, click: () => Promise<void>, done: () => Promise<unknown>): Promise<{ formsFilled: number }> {
  if (!backend.idp) throw new Error('signInThroughIdp: start the backend with { testIdp: true }');
  const opened = browser.context.waitForEvent('page', { timeout: 20_000 }).catch(() => undefined);
  await click();
  const finished = done().then(() => undefined);
  const window = await Promise.race([opened, finished]);
  const formsFilled = window ? await driveIdp(window, backend.idp.issuer, account) : 0;
  await finished;
  return { formsFilled };
}

/** Answers how many of the IdP's forms it filled in. */
async function driveIdp(window: Page, issuer: string, account: string): Promise<number> {
  const closed = window.waitForEvent('close', { timeout: 20_000 }).then(() => 'closed' as const);
  for (let step = 0; step < 4; step++) {
    // The login form, then the consent form (oidc-provider's development interactions); either may be skipped.
    const next = await Promise.race([closed, window.locator('form button[type="submit"]').waitFor({ timeout: 15_000 }).then(() => 'form' as const)]);
    if (next === 'closed') return step;
    if (!window.url().startsWith(issuer)) throw new Error(`the identity window shows ${window.url()}, not the IdP`);
    const prompt = await window.locator('input[name="prompt"]').getAttribute('value');
    if (prompt === 'login') {
      await window.locator('input[name="login"]').fill(account);
      await window.locator('input[name="password"]').fill('any password');
    }
    await Promise.all([window.waitForEvent('framenavigated').catch(() => undefined), window.locator('form button[type="submit"]').click()]);
  }
  await closed;
  return 4;
}

/** RFC 4180 rows (quoted cells with commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') (cell += '"'), index++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\n') row.push(cell.replace(/\r$/, '')), rows.push(row), (row = []), (cell = '');
    else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** What the backend itself says it stored: its admin CSV export (`GET /v1/ratings.csv`), one object per rating. */
export async function exportedRatings(backend: Backend): Promise<Array<Record<string, string>>> {
  const response = await fetch(`${backend.url}/v1/ratings.csv`, { headers: { authorization: `Bearer ${exampleAdminToken()}` } });
  if (!response.ok) throw new Error(`GET /v1/ratings.csv answered ${response.status}: ${await response.text()}`);
  const [header, ...rows] = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
  return rows.filter((row) => row.length > 1).map((row) => Object.fromEntries(header!.map((column, index) => [column, row[index] ?? ''])));
}

/** An admin revokes every personal token (and web session) of `email`: `DELETE /v1/admin/people/:email/tokens`. */
export async function revokeTokensOf(backend: Backend, email: string): Promise<number> {
  const response = await fetch(`${backend.url}/v1/admin/people/${encodeURIComponent(email)}/tokens`, { method: 'DELETE', headers: { authorization: `Bearer ${exampleAdminToken()}` } });
  if (!response.ok) throw new Error(`revoking ${email}'s tokens answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { revoked: number }).revoked;
}
