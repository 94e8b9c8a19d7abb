// @vitest-environment happy-dom
/**
 * The content script's loop in a DOM: one mount per ticket beside its status, SPA navigation
 * between tickets and to a list, updates without remounting, config from the background, and
 * config changes the background announces applied live.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { watchTickets } from '../../../entrypoints/content/watch';
import { startTicketUi } from '../../../entrypoints/ticket-ui/loop';
import type { PageConfig, PageConfigChanged, SlaCatalogue } from '../../../utils/contracts/messages';
import type { Ticket } from '../../../utils/contracts/schema';
import { offerTicketUi } from '../../../utils/contracts/ticket-ui';
import { detectTicket } from '../../../utils/trackers';
import { loadFixtures } from '../../utils/trackers/fixture-pages';

// TicketUi belongs to the UI work and talks to the background; here a probe shows what it was given.
const uiRenders = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../components/TicketUi', () => ({
  TicketUi: ({ ticket, catalogue }: { ticket: Ticket; catalogue?: SlaCatalogue }) => (
    uiRenders.count++,
    <output
      class="probe"
      data-status={ticket.status}
      data-created={ticket.createdAt ?? ''}
      data-resolved-at={ticket.resolvedAt ?? ''}
      data-first-response={ticket.firstResponseAt ?? ''}
      data-services={catalogue ? catalogue.services.map((service) => service.id).join(',') : 'none'}
    >
      {ticket.title}
    </output>
  ),
}));

// Detection itself is real; the spy only counts how often the loop runs it.
vi.mock('../../../utils/trackers', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../utils/trackers')>();
  return { ...real, detectTicket: vi.fn(real.detectTicket) };
});
const detections = vi.mocked(detectTicket);

const pageConfig = (change: Partial<PageConfig> = {}): PageConfig => ({ enabled: true, trackers: [], ignoredResponders: [], services: [], policies: [], calendars: [], ...change });

const fixtures = loadFixtures();
const fixture = (tracker: string, name: string) => fixtures.find((page) => page.tracker === tracker && page.name === name)!;

/** Puts a saved page on screen the way an SPA swaps views (URL first, then the DOM). */
function showPage(tracker: string, name: string, url?: string) {
  const page = fixture(tracker, name);
  const target = new URL(url ?? page.url.href);
  if (location.origin === target.origin) history.pushState(null, '', target.href);
  else (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(target.href);
  const parsed = new DOMParser().parseFromString(page.html, 'text/html');
  // Test setup only: the fixture is our own saved page.
  document.head.innerHTML = parsed.head.innerHTML;
  document.body.innerHTML = parsed.body.innerHTML;
}

const hosts = () => Array.from(document.querySelectorAll<HTMLElement>('[data-service-feedback]'));
const probe = (host: HTMLElement) => host.shadowRoot!.querySelector<HTMLElement>('.probe')!;

const seen: Ticket[] = [];
type BackgroundAnswer = PageConfig | 'fail' | { malformed: unknown };
/** The fake background's `page.config` answer (tests change it between notices) and how often it was asked. */
const background = { answer: 'fail' as BackgroundAnswer, configAsks: 0, uiLoads: 0 };
function answerBackground(config: BackgroundAnswer) {
  background.answer = config;
  fakeBrowser.runtime.onMessage.addListener(((message: { type: string; payload?: { ticket?: Ticket } } | null, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    // Notices to the page travel the same fake channel; only requests (with a payload) are the background's.
    if (typeof message?.payload !== 'object') return;
    // The worker's `scripting.executeScript` of the ticket UI, played in this same world.
    if (message.type === 'ticket-ui.load') {
      background.uiLoads++;
      offerTicketUi(startTicketUi);
      sendResponse({ ok: true, data: {} });
      return true;
    }
    if (message.type !== 'page.config') {
      seen.push(message.payload!.ticket!);
      sendResponse({ ok: true, data: {} });
      return true;
    }
    background.configAsks++;
    const config = background.answer;
    if (config === 'fail') sendResponse({ ok: false, error: 'storage unavailable' });
    else sendResponse({ ok: true, data: 'malformed' in config ? config.malformed : config });
    return true;
  }) as never);
}

const NOTICE: PageConfigChanged = { type: 'page.config.changed' };
/** Delivers a message to the page's onMessage listeners as the background's `tabs.sendMessage` would. */
function announce(message: unknown = NOTICE, sender: { id?: string } = { id: fakeBrowser.runtime.id }) {
  void fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => undefined);
}

/** For pages whose tracker would call its REST API: answer as a site that refuses it. */
const refusedFetch: typeof fetch = async () => new Response('{}', { status: 403 });

let ctx: ContentScriptContext;
beforeEach(() => {
  fakeBrowser.reset();
  seen.length = 0;
  background.configAsks = 0;
  background.uiLoads = 0;
  ctx = new ContentScriptContext('content');
});
afterEach(() => {
  ctx.notifyInvalidated();
  document.body.innerHTML = '';
});

describe('watchTickets', () => {
  it('mounts once beside the status, follows SPA navigation to another ticket, and unmounts on a list', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open');
    await watchTickets(ctx, { debounceMs: 5 });

    expect(hosts()).toHaveLength(1);
    const [first] = hosts();
    expect(first!.getAttribute('data-sf-key')).toBe('acme/platform#42');
    expect(document.querySelector('[data-testid="header-state"]')!.nextElementSibling).toBe(first);
    expect(probe(first!).textContent).toBe('Staging database is read-only since Monday');

    showPage('github', 'react-issue-closed-completed');
    document.dispatchEvent(new Event('soft-nav:react-done'));
    await vi.waitFor(() => expect(hosts().map((host) => host.getAttribute('data-sf-key'))).toEqual(['acme/platform#57']));
    expect(first!.isConnected).toBe(false);
    expect(probe(hosts()[0]!).dataset.status).toBe('Closed');

    showPage('github', 'repo-issue-list');
    await vi.waitFor(() => expect(hosts()).toHaveLength(0));
  });

  it('updates the mounted view when the status flips, without remounting', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open');
    await watchTickets(ctx, { debounceMs: 5 });
    const [host] = hosts();

    for (const chip of Array.from(document.querySelectorAll('[data-testid="header-state"]'))) {
      chip.setAttribute('data-status', 'issueClosed');
      chip.textContent = 'Closed';
    }
    await vi.waitFor(() => expect(probe(host!).dataset.status).toBe('Closed'));
    expect(hosts()).toEqual([host]);
  });

  it('renders the view once when it mounts, and once per change of the page', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open');
    uiRenders.count = 0;
    await watchTickets(ctx, { debounceMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(uiRenders.count).toBe(1);

    for (const chip of Array.from(document.querySelectorAll('[data-testid="header-state"]'))) chip.setAttribute('data-status', 'issueClosed');
    await vi.waitFor(() => expect(probe(hosts()[0]!).dataset.status).toBe('Closed'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(uiRenders.count).toBe(2);
  });

  it('drops the old resolution time when a closed issue is reopened', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-closed-completed');
    await watchTickets(ctx, { debounceMs: 5 });
    const [host] = hosts();
    expect(probe(host!).dataset.resolvedAt).toBe('2026-10-23T09:30:00.000Z');
    document.querySelector('[data-testid="header-state"]')!.setAttribute('data-status', 'issueOpened');
    await vi.waitFor(() => expect(probe(host!).dataset.status).toBe('Open'));
    expect(probe(host!).dataset.resolvedAt).toBe('');
  });

  it('keeps watching after Turbo swaps the whole <body> element', async () => {
    answerBackground(pageConfig());
    showPage('github', 'classic-pr-draft');
    await watchTickets(ctx, { debounceMs: 5 });
    // Turbo renders a fresh <body> for the same URL (a page refresh without a load).
    const next = new DOMParser().parseFromString(fixture('github', 'classic-pr-draft').html, 'text/html');
    document.documentElement.replaceChild(document.importNode(next.body, true), document.body);
    document.dispatchEvent(new Event('turbo:render'));
    await vi.waitFor(() => expect(hosts()).toHaveLength(1));

    // A later change inside the new body (no navigation, no Turbo event) is still seen.
    const chip = document.querySelector('.gh-header-meta .State')!;
    chip.className = 'State State--open';
    chip.textContent = 'Open';
    await vi.waitFor(() => expect(probe(hosts()[0]!).dataset.status).toBe('Open'));
  });

  it('mounts again (still once) when the page re-renders the header away', async () => {
    answerBackground(pageConfig());
    showPage('github', 'classic-pr-merged');
    await watchTickets(ctx, { debounceMs: 5 });
    const header = document.querySelector('.gh-header-meta')!;
    header.replaceWith(header.cloneNode(true)); // React/Turbo swap: our host goes with the old node
    await vi.waitFor(() => expect(hosts()).toHaveLength(1));
    expect(hosts()[0]!.previousElementSibling!.matches('.State')).toBe(true);
  });

  it('re-detects on wxt:locationchange alone: closing a board modal (URL only) unmounts', async () => {
    answerBackground(pageConfig());
    showPage('jira', 'cloud-board-modal');
    await watchTickets(ctx, { debounceMs: 5, fetchImpl: refusedFetch });
    expect(hosts().map((host) => host.getAttribute('data-sf-key'))).toEqual(['DEF-2']);
    history.pushState(null, '', '/jira/software/projects/ABC/boards/1');
    // No Navigation API in happy-dom: WXT polls the location every second.
    await vi.waitFor(() => expect(hosts()).toHaveLength(0), { timeout: 3000 });
  });

  it('checks again shortly after a navigation announced before the URL changed (Back/Forward with the Navigation API)', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open', 'https://github.com/acme/platform/issues');
    await watchTickets(ctx, { debounceMs: 5 });
    expect(hosts()).toHaveLength(0);
    // The Navigation API's navigate event (WXT's wxt:locationchange, named per extension and entrypoint)
    // comes first, popstate and the URL later; no DOM change follows here, and WXT's own fallback
    // polling would take a second.
    window.dispatchEvent(new Event(`${fakeBrowser.runtime.id}:${import.meta.env.ENTRYPOINT}:wxt:locationchange`));
    await Promise.resolve();
    history.pushState(null, '', '/acme/platform/issues/42');
    await vi.waitFor(() => expect(hosts()).toHaveLength(1), { timeout: 300 });
  });

  it('follows a Back whose URL changes only after the settle check, on popstate (not a second later by polling)', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open', 'https://github.com/acme/platform/issues');
    await watchTickets(ctx, { debounceMs: 5 });
    window.dispatchEvent(new Event(`${fakeBrowser.runtime.id}:${import.meta.env.ENTRYPOINT}:wxt:locationchange`));
    // Both settle checks run and still see the list.
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(hosts()).toHaveLength(0);
    // WXT's fallback poll (once a second) announces the new URL with the same event: the badge
    // must already be there when it does, so it was popstate that brought it (order, not a timer).
    const pollEvent = `${fakeBrowser.runtime.id}:${import.meta.env.ENTRYPOINT}:wxt:locationchange`;
    let hostsWhenPolled: number | undefined;
    const onPoll = () => {
      hostsWhenPolled ??= hosts().length;
    };
    window.addEventListener(pollEvent, onPoll);
    history.pushState(null, '', '/acme/platform/issues/42');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await vi.waitFor(() => expect(hosts()).toHaveLength(1), { timeout: 1500, interval: 5 });
    window.removeEventListener(pollEvent, onPoll);
    expect(hostsWhenPolled ?? 1).toBe(1);
  });

  it('without the Navigation API, a ticket visited again within a second of leaving it for the list still gets its badge', async () => {
    expect('navigation' in globalThis, 'this DOM has no Navigation API, like Firefox ESR 140').toBe(false);
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open', 'https://github.com/acme/platform/issues/42');
    await watchTickets(ctx, { debounceMs: 5 });
    expect(hosts()).toHaveLength(1);
    // Back to the list (popstate) and, before any poll, a click on the same ticket (pushState, no
    // event): WXT's poll compares with the ticket URL it saw first and would announce nothing.
    history.pushState(null, '', '/acme/platform/issues');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await vi.waitFor(() => expect(hosts()).toHaveLength(0), { timeout: 500, interval: 5 });
    // Past the watcher's settle check (5 ms here), which would otherwise see the next URL.
    await new Promise((resolve) => setTimeout(resolve, 50));
    history.pushState(null, '', '/acme/platform/issues/42');
    await vi.waitFor(() => expect(hosts()).toHaveLength(1), { timeout: 3000, interval: 20 });
  });

  it('started at document_start, loads while the page parses and mounts only once the DOM is whole (DOMContentLoaded)', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open', 'https://github.com/acme/platform/issues/42');
    const readyState = vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    try {
      const watching = watchTickets(ctx, { debounceMs: 5 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(background.configAsks, 'page.config is asked at once').toBe(1);
      expect(hosts(), 'nothing read while the page parses').toHaveLength(0);
      readyState.mockReturnValue('interactive');
      document.dispatchEvent(new Event('DOMContentLoaded'));
      await watching;
      expect(hosts()).toHaveLength(1);
    } finally {
      readyState.mockRestore();
    }
  });

  it('on a built-in ticket URL takes the ticket UI the manifest ran right after it (same task), without asking the worker', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open');
    const watching = watchTickets(ctx, { debounceMs: 5 });
    // The manifest's next content script (STATIC_TICKET_UI), in the same task.
    offerTicketUi(startTicketUi);
    await watching;
    await vi.waitFor(() => expect(hosts()).toHaveLength(1), { timeout: 1000, interval: 5 });
    expect(background.uiLoads, 'no ticket-ui.load round trip').toBe(0);
  });

  it('never takes a start function left before it ran (an older instance after an update): the worker injects a fresh one', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open');
    const stale = vi.fn(startTicketUi);
    offerTicketUi(stale);
    await watchTickets(ctx, { debounceMs: 5 });
    await vi.waitFor(() => expect(hosts()).toHaveLength(1), { timeout: 1000, interval: 5 });
    expect(background.uiLoads).toBe(1);
    expect(stale).not.toHaveBeenCalled();
  });

  it('on a built-in host\'s list asks nothing until the page moves to a ticket URL, then asks page.config once and mounts', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open', 'https://github.com/acme/platform/issues');
    await watchTickets(ctx, { debounceMs: 5 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(background.configAsks, 'no page.config on a list').toBe(0);
    history.pushState(null, '', '/acme/platform/issues/42');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await vi.waitFor(() => expect(hosts()).toHaveLength(1), { timeout: 1000, interval: 5 });
    expect(background.configAsks).toBe(1);
  });

  it('a page that loaded on a list and moved to a ticket still asks again when restored from the back/forward cache', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open', 'https://github.com/acme/platform/issues');
    await watchTickets(ctx, { debounceMs: 5 });
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(background.configAsks, 'a list that never asked has nothing to refresh').toBe(0);
    history.pushState(null, '', '/acme/platform/issues/42');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await vi.waitFor(() => expect(hosts()).toHaveLength(1), { timeout: 1000, interval: 5 });
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    await vi.waitFor(() => expect(background.configAsks).toBe(2), { timeout: 1000, interval: 5 });
  });

  it('uses the custom trackers the background gives for this origin (GitHub Enterprise)', async () => {
    answerBackground(pageConfig({ trackers: [{ origin: 'https://github.example.com', type: 'github' }] }));
    showPage('github', 'classic-issue-closed');
    await watchTickets(ctx, { debounceMs: 5 });
    expect(hosts().map((host) => host.getAttribute('data-sf-key'))).toEqual(['infra/deploy-tools#12']);
  });

  it('falls back to the built-in hosts when the background cannot give the config', async () => {
    answerBackground('fail');
    showPage('gitlab', 'merge-request-merged');
    // GitLab now enriches over its same-origin API: keep this test off the network.
    await watchTickets(ctx, { debounceMs: 5, fetchImpl: refusedFetch });
    expect(hosts().map((host) => host.getAttribute('data-sf-key'))).toEqual(['acme/platform!5']);
  });

  it('ignores a malformed config reply and keeps to the built-in hosts', async () => {
    answerBackground({ malformed: { trackers: 'github.example.com', ignoredResponders: [] } });
    showPage('github', 'classic-issue-closed'); // an Enterprise origin: only the config could enable it
    await watchTickets(ctx, { debounceMs: 5 });
    expect(hosts()).toHaveLength(0);
    showPage('github', 'react-issue-open');
    // Off a ticket URL nothing observes the DOM: the watcher hears of the new URL from WXT's
    // location poll, once a second where there is no Navigation API (happy-dom).
    await vi.waitFor(() => expect(hosts()).toHaveLength(1), { timeout: 2500 });
  });

  it('hands the SLA catalogue from page.config to the view; without an answer, none (TicketUi then waits for ticket.seen)', async () => {
    answerBackground(pageConfig({ services: [{ id: 'platform', name: 'Platform', owners: [], whoMayRate: 'requester', policyId: 'p2', match: [{ project: 'acme/platform' }] }] }));
    showPage('github', 'react-issue-open');
    await watchTickets(ctx, { debounceMs: 5 });
    expect(probe(hosts()[0]!).dataset.services).toBe('platform');

    ctx.notifyInvalidated();
    ctx = new ContentScriptContext('content');
    fakeBrowser.reset();
    answerBackground('fail');
    await watchTickets(ctx, { debounceMs: 5 });
    expect(probe(hosts()[0]!).dataset.services).toBe('none');
  });

  it("shows the strings page.config handed over, without asking i18n.getMessage (a blocking IPC in tracker pages)", async () => {
    answerBackground(pageConfig({ messages: { content_widgetLabel: 'Rückmeldung zu $1' } }));
    (fakeBrowser.i18n as unknown as { getMessage: () => string }).getMessage = () => {
      throw new Error('i18n.getMessage must not be called in the page');
    };
    showPage('github', 'react-issue-open');
    await watchTickets(ctx, { debounceMs: 5 });
    expect(hosts()[0]!.getAttribute('aria-label')).toBe('Rückmeldung zu acme/platform#42');
  });

  it('detects once on page load, and a page appending 500 timeline items costs one detection per throttle interval', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open');
    detections.mockClear();
    await watchTickets(ctx, { debounceMs: 40 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hosts()).toHaveLength(1);
    expect(detections).toHaveBeenCalledTimes(1);

    detections.mockClear();
    const timeline = document.querySelector('[data-testid="header-state"]')!.ownerDocument.body;
    const started = performance.now();
    for (let index = 0; index < 500; index++) {
      const item = document.createElement('div');
      item.className = 'react-issue-comment';
      item.textContent = `Timeline item ${index}`;
      timeline.append(item);
      if (index % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 0)); // 50 batches, each its own task
    }
    const elapsed = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(detections.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(detections.mock.calls.length).toBeLessThanOrEqual(Math.ceil(elapsed / 40) + 2);
    expect(hosts()).toHaveLength(1);
  });

  it('mounts beside a status element that appears later at once, not after the throttle interval', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open');
    const chips = Array.from(document.querySelectorAll('[data-testid="header-state"]'));
    const parents = chips.map((chip) => [chip, chip.parentElement!] as const);
    for (const chip of chips) chip.remove();
    await watchTickets(ctx, { debounceMs: 60_000 });
    expect(hosts()).toHaveLength(0);

    for (const [chip, parent] of parents) parent.append(chip);
    await Promise.resolve(); // the observer's microtask
    await Promise.resolve(); // the check it queues
    expect(hosts().map((host) => host.getAttribute('data-sf-key'))).toEqual(['acme/platform#42']);
  });

  it('does nothing on a built-in host the user switched off: no mount, no ticket.seen, not even after navigation', async () => {
    answerBackground(pageConfig({ enabled: false }));
    showPage('github', 'react-issue-open');
    await watchTickets(ctx, { debounceMs: 5 });
    showPage('github', 'react-issue-closed-completed');
    document.dispatchEvent(new Event('soft-nav:react-done'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hosts()).toHaveLength(0);
    expect(seen).toEqual([]);
  });

  it('keeps a hostile title as text: no element from page data is created', async () => {
    answerBackground(pageConfig());
    showPage('github', 'hostile-title');
    await watchTickets(ctx, { debounceMs: 5 });
    const view = probe(hosts()[0]!);
    expect(view.textContent).toBe('<img src=x onerror=alert(1)> breaks the <b>wiki</b>');
    expect(hosts()[0]!.shadowRoot!.querySelector('img, b, script')).toBeNull();
  });

  it('tells the background about a ticket it cannot mount beside (no status element)', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open');
    document.querySelectorAll('[data-testid="header-state"]').forEach((chip) => chip.removeAttribute('data-testid'));
    await watchTickets(ctx, { debounceMs: 5 });
    expect(hosts()).toHaveLength(0);
    await vi.waitFor(() => expect(seen.map((ticket) => ticket.key)).toEqual(['acme/platform#42']));
  });

  it('tears everything down when the script context is invalidated (extension update)', async () => {
    answerBackground(pageConfig());
    showPage('github', 'react-issue-open');
    await watchTickets(ctx, { debounceMs: 5 });
    expect(hosts()).toHaveLength(1);
    ctx.notifyInvalidated();
    expect(hosts()).toHaveLength(0);
  });
});

describe('config changes announced by the background', () => {
  const platform = { id: 'platform', name: 'Platform', owners: [], whoMayRate: 'requester' as const, policyId: 'p2', match: [{ project: 'acme/platform' }] };
  const flipStatus = (status: string) => {
    for (const chip of Array.from(document.querySelectorAll('[data-testid="header-state"]'))) chip.setAttribute('data-status', status);
  };
  /** Everything that could make the loop look at the page again. */
  const disturbPage = () => {
    flipStatus('issueClosed');
    document.dispatchEvent(new Event('soft-nav:react-done'));
    document.dispatchEvent(new Event('turbo:render'));
    window.dispatchEvent(new Event(`${fakeBrowser.runtime.id}:${import.meta.env.ENTRYPOINT}:wxt:locationchange`));
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 40));
  /** The script started on GitHub issue #42 with this first answer; resolves with its host, if any. */
  const startOnIssue = async (config: PageConfig) => {
    answerBackground(config);
    showPage('github', 'react-issue-open');
    await watchTickets(ctx, { debounceMs: 5 });
    return hosts()[0];
  };

  it('switched off: the host goes at once and the page is no longer watched; switched on: it comes back and follows the page again', async () => {
    const disconnects = vi.spyOn(MutationObserver.prototype, 'disconnect');
    await startOnIssue(pageConfig());
    expect(hosts()).toHaveLength(1);

    background.answer = pageConfig({ enabled: false });
    announce();
    await vi.waitFor(() => expect(hosts()).toHaveLength(0));
    expect(disconnects).toHaveBeenCalled();
    detections.mockClear();
    disturbPage();
    await settle();
    expect(detections).not.toHaveBeenCalled();
    expect(hosts()).toHaveLength(0);

    background.answer = pageConfig();
    announce();
    await vi.waitFor(() => expect(hosts()).toHaveLength(1));
    expect(probe(hosts()[0]!).dataset.status).toBe('Closed'); // the page as it is now
    flipStatus('issueOpened');
    await vi.waitFor(() => expect(probe(hosts()[0]!).dataset.status).toBe('Open'));
    disconnects.mockRestore();
  });

  it('a page loaded while its host was switched off shows the badge once switched on, without a reload', async () => {
    await startOnIssue(pageConfig({ enabled: false }));
    expect(hosts()).toHaveLength(0);
    background.answer = pageConfig({ services: [platform] });
    announce();
    await vi.waitFor(() => expect(hosts()).toHaveLength(1));
    expect(probe(hosts()[0]!).dataset.services).toBe('platform');
    // It follows SPA navigation from now on (a URL change alone, announced by WXT's location watcher).
    history.pushState(null, '', '/acme/platform/issues');
    window.dispatchEvent(new Event(`${fakeBrowser.runtime.id}:${import.meta.env.ENTRYPOINT}:wxt:locationchange`));
    await vi.waitFor(() => expect(hosts()).toHaveLength(0), { timeout: 300 });
  });

  it('new ignored responders re-read the page and re-render the same mount', async () => {
    const host = await startOnIssue(pageConfig());
    expect(probe(host!).dataset.firstResponse).toBe('2026-11-03T02:12:45.000Z');

    background.answer = pageConfig({ ignoredResponders: ['dba-oncall'] });
    announce();
    await vi.waitFor(() => expect(probe(host!).dataset.firstResponse).toBe(''));
    expect(hosts()).toEqual([host]);
  });

  it('a new SLA catalogue re-renders the same view with it (a half-filled rating stays)', async () => {
    const before = await startOnIssue(pageConfig());
    expect(probe(before!).dataset.services).toBe('');
    const drawn = probe(before!);

    background.answer = pageConfig({ services: [platform] });
    announce();
    await vi.waitFor(() => expect(probe(before!).dataset.services).toBe('platform'));
    expect(hosts()).toEqual([before]);
    // The same rendered element: Preact kept the component tree, and with it any form state.
    expect(probe(before!)).toBe(drawn);
  });

  it('new strings re-render the same view with them, its label included', async () => {
    const before = await startOnIssue(pageConfig({ messages: { content_widgetLabel: 'Feedback on $1' } }));
    background.answer = pageConfig({ messages: { content_widgetLabel: '对 $1 的反馈' } });
    announce();
    await vi.waitFor(() => expect(before!.getAttribute('aria-label')).toBe('对 acme/platform#42 的反馈'));
    expect(hosts()).toEqual([before]);
  });

  it('a notice that changes nothing for this page leaves the view alone', async () => {
    const host = await startOnIssue(pageConfig({ services: [platform] }));
    await settle();
    uiRenders.count = 0;
    announce();
    await vi.waitFor(() => expect(background.configAsks).toBe(2));
    await settle();
    expect(hosts()).toEqual([host]);
    expect(uiRenders.count).toBe(0);
  });

  it('keeps the config in force when the background cannot answer after a notice', async () => {
    const host = await startOnIssue(pageConfig({ services: [platform] }));
    background.answer = 'fail';
    announce();
    await vi.waitFor(() => expect(background.configAsks).toBe(2));
    await settle();
    expect(hosts()).toEqual([host]);
    expect(probe(host!).dataset.services).toBe('platform');
  });

  it('a burst of notices asks at most twice: one ask in flight and one for what came meanwhile', async () => {
    await startOnIssue(pageConfig());
    background.answer = pageConfig({ enabled: false });
    for (let index = 0; index < 5; index++) announce();
    await vi.waitFor(() => expect(hosts()).toHaveLength(0));
    await settle();
    expect(background.configAsks).toBe(1 + 2);
  });

  const inherited = Object.create({ type: 'page.config.changed' }) as unknown;
  it.each([
    ['from another extension', NOTICE, { id: 'another-extension' }],
    ['from a sender without an id', NOTICE, {}],
    ['of another type', { type: 'page.config' }, undefined],
    ['whose type is not a string', { type: ['page.config.changed'] }, undefined],
    ['as a bare string', 'page.config.changed', undefined],
    ['null', null, undefined],
    ['an array', [NOTICE], undefined],
    ['with an inherited type only', inherited, undefined],
  ])('ignores a notice %s', async (_case, message, sender) => {
    await startOnIssue(pageConfig());
    background.answer = pageConfig({ enabled: false });
    announce(message, sender);
    await settle();
    expect(background.configAsks).toBe(1);
    expect(hosts()).toHaveLength(1);
  });

  it.each([
    [true, 2],
    [false, 1],
  ])('pageshow with persisted %s (restored from the back/forward cache, which misses notices): %i page.config asks in all', async (persisted, asks) => {
    await startOnIssue(pageConfig());
    background.answer = pageConfig({ enabled: false });
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted }));
    await settle();
    expect(background.configAsks).toBe(asks);
    expect(hosts()).toHaveLength(persisted ? 0 : 1);
  });

  it('stops listening for notices when the script context ends', async () => {
    await startOnIssue(pageConfig());
    ctx.notifyInvalidated();
    announce();
    await settle();
    expect(background.configAsks).toBe(1);
    expect(hosts()).toHaveLength(0);
  });
});

describe('Jira enrichment in the page', () => {
  // A Jira Data Center site on loopback: the page and its REST API share the origin, as in real life.
  let server: Server;
  let site: string;
  const restCalls: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      restCalls.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ key: 'HELP-7', fields: { created: '2026-10-30T22:41:00.000+0000', status: { name: 'Closed', statusCategory: { key: 'done' } } } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('re-renders the same mount with the enriched ticket', async () => {
    answerBackground(pageConfig({ trackers: [{ origin: site, type: 'jira' }] }));
    showPage('jira', 'server-root-resolved', `${site}/browse/HELP-7`);
    await watchTickets(ctx, { debounceMs: 5 });
    const [host] = hosts();
    expect(probe(host!).dataset.created).toBe('2026-10-30T22:40:00.000Z'); // from the page first
    await vi.waitFor(() => expect(probe(host!).dataset.created).toBe('2026-10-30T22:41:00.000Z'));
    expect(hosts()).toEqual([host]);
    expect(restCalls).toHaveLength(1);
    expect(restCalls[0]).toMatch(/^\/rest\/api\/2\/issue\/HELP-7\?fields=.*&expand=changelog$/);
  });

  it('asks the API again when the ignored responders change, though the page itself did not', async () => {
    answerBackground(pageConfig({ trackers: [{ origin: site, type: 'jira' }] }));
    showPage('jira', 'server-root-resolved', `${site}/browse/HELP-7`);
    await watchTickets(ctx, { debounceMs: 5 });
    const [host] = hosts();
    await vi.waitFor(() => expect(probe(host!).dataset.created).toBe('2026-10-30T22:41:00.000Z'));
    restCalls.length = 0;
    background.answer = pageConfig({ trackers: [{ origin: site, type: 'jira' }], ignoredResponders: ['jira-automation'] });
    announce();
    await vi.waitFor(() => expect(restCalls).toHaveLength(1));
    expect(hosts()).toEqual([host]);
  });
});
