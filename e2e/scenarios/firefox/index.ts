/**
 * The Firefox ESR scenarios (e2e/run-firefox.ts): the same stories as the Chromium scenarios of
 * the same numbers, on the Firefox build, over Marionette.
 */
import assert from 'node:assert/strict';
import { storedRatingsOf, type Backend, type BackendOptions } from '../../harness/backend';
import type { Firefox } from '../../harness/firefox/browser';
import type { Tab } from '../../harness/firefox/tab';
import {
  configureBackend, mountedHosts, openPopup, outboxCounts, PENDING_TITLE, popupLoaded, rateInWidget, SLA_PILL, toolbarBadgeText, waitForNoHost, waitForSingleHost, WIDGET,
} from '../../harness/firefox/ui';
import type { Messages } from '../../harness/messages';
import type { PageServer } from '../../harness/page-server';
import { sleep, waitFor } from '../../harness/wait';
import { githubIssuePage, githubIssuePath, type GitHubIssue } from '../../pages/github';
import { daysAgo } from '../../pages/html';
import { githubKey, resolvedIssue } from '../common';
import { LIST_PATH, serveSpaRoutes } from '../spa-navigation';
import { firefoxManagedPolicy } from './managed-policy';
import { firefoxSignIn } from './sign-in';

export interface FirefoxE2E {
  pages: PageServer;
  message: Messages;
  /** The real backend on a fresh SQLite file, stopped after the scenario; `testIdp` adds company sign-in. */
  backend(options?: BackendOptions): Promise<Backend>;
  /** Firefox ESR with the build installed, closed after the scenario. */
  launch(): Promise<Firefox>;
  /** The build's gecko id, as policies name it. */
  extensionId: string;
  /** Runs `cleanUp` after the scenario, pass or fail (before the browsers close, as registered later). */
  defer(cleanUp: () => Promise<unknown> | unknown): void;
}

export interface FirefoxScenario {
  name: string;
  run(e2e: FirefoxE2E): Promise<void>;
}

async function setUp(e2e: FirefoxE2E, issues: GitHubIssue[]): Promise<{ backend: Backend; firefox: Firefox }> {
  for (const issue of issues) e2e.pages.page('github.com', githubIssuePath(issue), githubIssuePage(issue));
  const backend = await e2e.backend();
  const firefox = await e2e.launch();
  await configureBackend(firefox, e2e.message, backend);
  return { backend, firefox };
}

async function openTicket(firefox: Firefox, issue: GitHubIssue): Promise<Tab> {
  const tab = await firefox.newTab();
  await tab.goto(`https://github.com${githubIssuePath(issue)}`);
  await waitForSingleHost(tab, githubKey(issue));
  await tab.waitFor(SLA_PILL);
  return tab;
}

const githubRating: FirefoxScenario = {
  name: '1 resolved GitHub issue: badge + widget beside the status; rating 4 → exactly one row with those values',
  async run(e2e) {
    const issue = resolvedIssue(7);
    const { backend, firefox } = await setUp(e2e, [issue]);
    const tab = await firefox.newTab();
    await tab.goto(`https://github.com${githubIssuePath(issue)}`);
    const host = await waitForSingleHost(tab, githubKey(issue));
    assert.equal(host.previous, 'header-state', 'the host sits right after the status chip');
    await tab.waitFor(SLA_PILL);
    await tab.waitFor({ css: 'h2', name: e2e.message('rating_heading', 'Platform Engineering'), within: WIDGET });
    const comment = 'Quick fix, and the write-up explained the root cause.';
    await rateInWidget(tab, e2e.message, { overall: 4, tags: ['rating_tag_fast', 'rating_tag_clear'], comment });
    const rows = await storedRatingsOf(backend, githubKey(issue));
    assert.equal(rows.length, 1);
    const { id, ...stored } = rows[0]!;
    assert.match(id, /^[0-9a-f-]{36}$/, 'a UUID rating id');
    assert.deepEqual(
      { ...stored, tags: [...stored.tags].sort() },
      { ticketKey: githubKey(issue), ticketTitle: issue.title, overall: 4, communication: null, understanding: null, proactiveness: null, comment, tags: ['clear', 'fast'] },
    );
    const popup = await openPopup(firefox, e2e.message);
    assert.deepEqual(await outboxCounts(popup, e2e.message), { waiting: 0, synced: 1, rejected: 0 }, 'the popup counts it as synced');
    await popup.click({ css: 'button', name: e2e.message('popup_outbox_sync_now') });
    await popup.waitFor({ css: 'button', name: e2e.message('popup_outbox_sync_now') });
    assert.equal(backend.ratings().length, 1, 'exactly one row in the whole database');
  },
};

const spaNavigation: FirefoxScenario = {
  name: '3 SPA navigation list → ticket → ticket → list, Back ×2, Forward ×2, → ticket: UI follows, never doubled, gone on the list',
  async run(e2e) {
    serveSpaRoutes(e2e.pages);
    const backend = await e2e.backend();
    const firefox = await e2e.launch();
    await configureBackend(firefox, e2e.message, backend);
    const tab = await firefox.newTab();

    const expectTicket = async (key: string, step: string) => {
      const host = await waitForSingleHost(tab, key).catch(async (error: Error) => {
        const shown = await tab.script<string>('return [...document.querySelectorAll("#app > *")].map((view) => (view.hidden ? "hidden " : "") + view.querySelector("h1")?.textContent.trim()).join(" | ")');
        throw new Error(`${step}: ${error.message}; at ${await tab.url()} the app shows ${shown}`);
      });
      assert.equal(host.previous, 'header-state', `${step}: the host sits right after the status`);
      await tab.waitFor(SLA_PILL);
      assert.equal((await mountedHosts(tab)).length, 1, `${step}: still one host once the badge is in`);
    };
    const expectList = async (step: string) => {
      await waitForNoHost(tab);
      await sleep(400); // a late re-detection would (wrongly) mount again
      assert.deepEqual(await mountedHosts(tab), [], `${step}: nothing on the list`);
    };
    const pageLoad = () => tab.script<string>('return performance.getEntriesByType("navigation").length + ":" + performance.timeOrigin');
    const navigate = async (label: string) => {
      const before = await pageLoad();
      await tab.click({ css: '#spa-nav a, #spa-nav button', name: label });
      assert.equal(await pageLoad(), before, `clicking ${label} must not load a page`);
    };

    await tab.goto(`https://github.com${LIST_PATH}`);
    await expectList('list at start');
    await navigate('#11');
    await expectTicket('acme/platform#11', 'list → #11 (view replaced)');
    await navigate('#12');
    await expectTicket('acme/platform#12', '#11 → #12 (same status element, new ticket)');
    await navigate('Issues');
    await expectList('#12 → list (ticket view kept hidden)');
    await tab.back();
    await expectTicket('acme/platform#12', 'Back to #12 (hidden view shown again)');
    await tab.back();
    await expectTicket('acme/platform#11', 'Back to #11');
    await tab.forward();
    await tab.forward();
    await expectList('Forward to the list');
    await navigate('#11');
    await expectTicket('acme/platform#11', 'list → #11 again (hidden list replaced)');
    assert.equal(await tab.url(), 'https://github.com/acme/platform/issues/11');
  },
};

const payload = (where: string) => `<img src=x onerror="window.__sfPwned='${where}'">`;
/** The page's own global, also when Marionette runs the script behind an Xray wrapper. */
const pwned = (tab: Tab) => tab.script<string | null>('return (window.wrappedJSObject ?? window).__sfPwned ?? null');

const hostilePage: FirefoxScenario = {
  name: '6 hostile page: markup in title and comments shown as text, nothing executes',
  async run(e2e) {
    const title = `${payload('title')}<b>Printer</b> on fire`;
    const rated = resolvedIssue(66, { title, comments: [{ author: 'platform-oncall', at: daysAgo(2.5), body: payload('page-comment') }] });
    const pending = resolvedIssue(67, { title: `${payload('pending-title')} VPN drops` });
    const { backend, firefox } = await setUp(e2e, [rated, pending]);
    const second = await openTicket(firefox, pending);
    const tab = await openTicket(firefox, rated);
    const comment = `Fixed, thanks ${payload('rating-comment')} <script>window.__sfPwned='script'</script>`;
    await rateInWidget(tab, e2e.message, { overall: 5, comment });
    assert.deepEqual(await tab.texts({ css: '.sf-rating__summary-comment', within: WIDGET }), [comment], 'the comment comes back as the very text typed');

    const popup = await openPopup(firefox, e2e.message);
    // The popup lists pending items as they come from the worker; the title may arrive a moment later.
    let pendingTitles: string[] = [];
    await waitFor(async () => (pendingTitles = await popup.texts(PENDING_TITLE)).length === 1 && pendingTitles[0] !== '', { what: 'the pending title in the popup', seen: () => JSON.stringify(pendingTitles) });
    assert.deepEqual(pendingTitles, [pending.title], 'the pending title is shown as text');
    const rows = await storedRatingsOf(backend, githubKey(rated));
    assert.equal(rows[0]!.ticketTitle, title, 'the title is stored as the text it is');
    assert.equal(rows[0]!.comment, comment, 'the comment is stored verbatim');

    await sleep(300); // an onerror for a broken image fires asynchronously
    for (const [name, view] of [['rated ticket page', tab], ['pending ticket page', second], ['popup', popup]] as const) {
      assert.equal(await pwned(view), null, `nothing executed in the ${name}`);
    }
    assert.equal(await tab.count({ css: 'img, script', within: { css: '[data-service-feedback]' } }), 0, 'no element made from page or user text');
    assert.equal(await popup.count({ css: '.sf-pending img' }), 0, 'no image made from the title in the popup');
  },
};

const popupPending: FirefoxScenario = {
  name: '7 popup lists pending feedback, toolbar badge count matches; quick-rate from the popup syncs',
  async run(e2e) {
    const older = resolvedIssue(71, { title: 'Rotate the staging TLS certificate', closedAt: daysAgo(3) });
    const newer = resolvedIssue(72, { title: 'Add a GPU runner pool', closedAt: daysAgo(1) });
    const { backend, firefox } = await setUp(e2e, [older, newer]);
    for (const item of [older, newer]) {
      const tab = await openTicket(firefox, item);
      await tab.waitFor(WIDGET);
      await tab.close();
    }
    const popup = await openPopup(firefox, e2e.message);
    let badge = '';
    await waitFor(async () => (badge = await toolbarBadgeText(popup)) === '2', { what: 'the toolbar badge to say 2', seen: () => JSON.stringify(badge) });
    await popup.reload();
    await popupLoaded(popup, e2e.message);
    assert.deepEqual(await popup.texts(PENDING_TITLE), [newer.title, older.title], 'both pending, newest resolution first');
    assert.equal(String(await popup.count({ css: 'li.sf-pending__item' })), await toolbarBadgeText(popup), 'the toolbar badge counts the list');

    const quick = { css: '[role="radio"]', name: e2e.message('rating_stars_label', '5'), within: { css: '[role="radiogroup"]', name: e2e.message('popup_pending_quick_rate', 'acme/platform#71') } };
    await popup.click(quick);
    await popup.waitFor({ css: '*', name: e2e.message('popup_pending_rated', 'acme/platform#71', '5'), within: { css: 'section[aria-labelledby="sf-pending-heading"]' } });
    const rows = await storedRatingsOf(backend, 'acme/platform#71');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.overall, 5);
    await waitFor(async () => (badge = await toolbarBadgeText(popup)) === '1', { what: 'the toolbar badge to say 1', seen: () => JSON.stringify(badge) });
    await popup.reload();
    await popupLoaded(popup, e2e.message);
    assert.deepEqual(await popup.texts(PENDING_TITLE), [newer.title]);
    assert.deepEqual(await outboxCounts(popup, e2e.message), { waiting: 0, synced: 1, rejected: 0 });
  },
};

export const firefoxScenarios: FirefoxScenario[] = [githubRating, spaNavigation, hostilePage, popupPending, firefoxManagedPolicy, firefoxSignIn];
