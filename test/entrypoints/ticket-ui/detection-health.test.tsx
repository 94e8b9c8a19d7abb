// @vitest-environment happy-dom
/**
 * The ticket UI on a "redesigned" GitHub issue (the state chip lost its hook): once the page has
 * settled it tells the worker which facts and chains found nothing — never the URL, title or page
 * text — and once a page config with a selector override arrives (as the backend pushes it), the
 * same open page gets its mount beside the moved chip, without a reload.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startTicketUi } from '../../../entrypoints/ticket-ui/loop';
import type { PageConfig } from '../../../utils/contracts/messages';
import type { Ticket } from '../../../utils/contracts/schema';
import { loadFixtures } from '../../utils/trackers/fixture-pages';

vi.mock('../../../components/TicketUi', () => ({ TicketUi: ({ ticket }: { ticket: Ticket }) => <output class="probe">{ticket.status}</output> }));

const page = loadFixtures().find((fixture) => fixture.tracker === 'github' && fixture.name === 'react-issue-open')!;
const config = (change: Partial<PageConfig> = {}): PageConfig => ({ enabled: true, trackers: [], ignoredResponders: [], services: [], policies: [], calendars: [], ...change });
const MOVED_CHIP = '[data-component="IssueStateChip"]';

const received: Array<{ type: string; payload: unknown }> = [];
let ctx: ContentScriptContext;
beforeEach(() => {
  fakeBrowser.reset();
  received.length = 0;
  fakeBrowser.runtime.onMessage.addListener(((message: { type: string; payload: unknown }, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    received.push(message);
    sendResponse({ ok: true, data: {} });
    return true;
  }) as never);
  ctx = new ContentScriptContext('content');
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(page.url.href);
  const parsed = new DOMParser().parseFromString(page.html, 'text/html');
  // Test setup only: our own saved page, then "redesigned".
  document.body.innerHTML = parsed.body.innerHTML;
  for (const chip of document.querySelectorAll('[data-testid="header-state"]')) {
    chip.removeAttribute('data-testid');
    chip.setAttribute('data-component', 'IssueStateChip');
  }
});
afterEach(() => {
  ctx.notifyInvalidated();
  document.body.innerHTML = '';
});

const hosts = () => document.querySelectorAll('[data-service-feedback]');

describe('detection health in the ticket UI', () => {
  it('reports the miss once with facts only, and an override arriving live mounts beside the moved chip', async () => {
    const ui = startTicketUi(ctx, { debounceMs: 5, fetchImpl: async () => new Response('{}', { status: 404 }) });
    ui.apply(config(), undefined);
    ui.start();
    await vi.waitFor(() => expect(received.filter((message) => message.type === 'detection.miss')).toHaveLength(1), { timeout: 5_000 });
    const report = received.find((message) => message.type === 'detection.miss')!;
    expect(report.payload).toEqual({ miss: { tracker: 'github', missing: ['status'], emptyChains: ['state', 'statusAnchor'] } });
    for (const secret of [page.url.pathname, 'Staging database', 'acme']) expect(JSON.stringify(report)).not.toContain(secret);
    expect(hosts()).toHaveLength(0);

    const previous = config();
    ui.apply(config({ selectorOverrides: { github: { state: [MOVED_CHIP], statusAnchor: [MOVED_CHIP] } } }), previous);
    await vi.waitFor(() => expect(hosts()).toHaveLength(1));
    expect(document.querySelector(MOVED_CHIP)!.nextElementSibling).toBe(hosts()[0]);
    expect(received.filter((message) => message.type === 'detection.miss')).toHaveLength(1);
  });
});
