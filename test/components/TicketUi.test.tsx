// @vitest-environment happy-dom
// TicketUi against the real background handlers: sendMessage → fakeBrowser → IndexedDB (fake-indexeddb).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { TicketUi } from '../../components/TicketUi';
import { mountTicketView } from '../../entrypoints/ticket-ui/mount';
import { readAllRatings, type FeedbackDb } from '../../entrypoints/background/storage/db';
import { exampleConfig, startBackground, stopBackground } from '../entrypoints/background/harness';
import { startRatingsServer } from '../entrypoints/background/ratings-server';
import type { Ticket } from '../../utils/contracts/schema';

let db: FeedbackDb;

const ticket = (change: Partial<Ticket> = {}): Ticket => ({
  tracker: 'github',
  origin: 'https://github.com',
  key: 'acme/platform#7',
  kind: 'issue',
  url: 'https://github.com/acme/platform/issues/7',
  title: 'CI runners out of disk',
  status: 'Closed',
  project: 'acme/platform',
  reporter: 'ada',
  viewer: 'bob',
  resolved: true,
  createdAt: '2026-11-02T15:00:00.000Z',
  firstResponseAt: '2026-11-02T16:00:00.000Z',
  resolvedAt: '2026-11-04T15:00:00.000Z',
  labels: [],
  components: [],
  ...change,
});

beforeEach(async () => {
  db = await startBackground(() => new Date('2026-11-05T08:00:00.000Z'));
});

afterEach(async () => {
  cleanup();
  await stopBackground(db);
});

const overall = () => screen.getByRole('radiogroup', { name: 'Overall' });

describe('TicketUi', () => {
  it('shows the SLA badge and the rating widget of the matched service', async () => {
    const { container } = render(<TicketUi ticket={ticket()} colorScheme="dark" />);
    expect(await screen.findByRole('heading', { name: "How was the Platform Engineering team's service?" })).toBeTruthy();
    expect(container.querySelector('[data-service-feedback="sla-badge"]')).not.toBeNull();
    expect(container.querySelector('.sf-ticket-ui')?.getAttribute('data-sf-scheme')).toBe('dark');
    expect(container.querySelector('style')?.textContent).toContain('.sf-rating');
  });

  it('with the page catalogue, draws the badge in its first render; the widget follows the ticket.seen answer', async () => {
    const { container } = render(<TicketUi ticket={ticket()} catalogue={exampleConfig} />);
    // No await before this: the badge must not depend on the round trip to the background.
    const badge = container.querySelector('[data-service-feedback="sla-badge"]');
    expect(badge).not.toBeNull();
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(await screen.findByRole('heading', { name: "How was the Platform Engineering team's service?" })).toBeTruthy();
    expect(container.querySelector('[data-service-feedback="sla-badge"]')).toBe(badge);
  });

  it('the page catalogue decides the badge: one without the service shows none, whatever the background answers', async () => {
    const { container } = render(<TicketUi ticket={ticket()} catalogue={{ services: [], policies: [], calendars: [] }} />);
    await waitFor(async () => expect(await db.get('tickets', ticket().url)).toMatchObject({ service: { id: 'platform' } }));
    expect(await screen.findByRole('radiogroup', { name: 'Overall' })).toBeTruthy();
    expect(container.querySelector('[data-service-feedback="sla-badge"]')).toBeNull();
  });

  it('rates, then an edit keeps the same rating id', async () => {
    render(<TicketUi ticket={ticket()} />);
    fireEvent.click(within(await screen.findByRole('radiogroup', { name: 'Overall' })).getByRole('radio', { name: '2 of 5 stars' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }));
    expect(await screen.findByText('You gave 2 of 5 stars.')).toBeTruthy();
    const [first] = await readAllRatings(db);

    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.click(within(overall()).getByRole('radio', { name: '5 of 5 stars' }));
    fireEvent.click(screen.getByRole('button', { name: 'Update rating' }));
    expect(await screen.findByText('You gave 5 of 5 stars.')).toBeTruthy();
    const ratings = await readAllRatings(db);
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ id: first?.id, rating: { overall: 5, ticketKey: 'acme/platform#7', serviceId: 'platform' } });
  });

  it('remembers Not now and Don’t ask across page visits', async () => {
    render(<TicketUi ticket={ticket()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Not now' }));
    cleanup();
    render(<TicketUi ticket={ticket()} />);
    const pill = await screen.findByRole('button', { name: 'Rate this service' });
    expect(pill.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(pill);
    fireEvent.click(screen.getByRole('button', { name: "Don't ask for this ticket" }));
    await waitFor(async () => expect((await db.get('dismissals', ticket().url))?.kind).toBe('never'));
    cleanup();
    const { container } = render(<TicketUi ticket={ticket()} />);
    await waitFor(() => expect(container.querySelector('[data-service-feedback="sla-badge"]')).not.toBeNull());
    expect(screen.queryByRole('radiogroup')).toBeNull();
  });

  it('puts the badge and the rating pill in one row; the panel is opened for an unrated ticket', async () => {
    const { container } = render(<TicketUi ticket={ticket()} catalogue={exampleConfig} />);
    const pill = await screen.findByRole('button', { name: 'Rate this service' });
    const row = container.querySelector('.sf-ticket-ui')!;
    expect(row.contains(pill) && row.contains(container.querySelector('[data-service-feedback="sla-badge"]'))).toBe(true);
    expect(pill.getAttribute('aria-expanded')).toBe('true');
    expect(within(screen.getByRole('dialog')).getByRole('radiogroup', { name: 'Overall' })).toBeTruthy();
  });

  it('follows the rating through the outbox: waiting, then sent to the team once the backend took it', async () => {
    const server = await startRatingsServer();
    try {
      await fakeBrowser.storage.local.set({ settings: { local: exampleConfig, backendUrl: server.url, token: 'good' } });
      server.misbehave({ kind: 'status', status: 500 });
      render(<TicketUi ticket={ticket()} />);
      fireEvent.click(within(await screen.findByRole('radiogroup', { name: 'Overall' })).getByRole('radio', { name: '4 of 5 stars' }));
      fireEvent.click(screen.getByRole('button', { name: 'Send rating' }));
      expect(await screen.findByText('Saved; waiting to sync.')).toBeTruthy();
      // The first attempt failed (500): the rating waits for its backoff; the widget keeps saying so.
      await waitFor(() => expect(server.requests).toHaveLength(1));
      await fakeBrowser.runtime.sendMessage({ type: 'sync.now', payload: {} });
      expect(server.rows.size).toBe(1);
      // Nothing tells the page; the widget's own re-read (2 s after the save) finds it synced.
      expect(await screen.findByText('Sent to the Platform Engineering team.', undefined, { timeout: 4_000 })).toBeTruthy();
    } finally {
      await server.close();
    }
  });

  it('asks nothing on an open ticket but still shows its SLA', async () => {
    const { container } = render(<TicketUi ticket={ticket({ resolved: false, status: 'Open', resolvedAt: undefined })} />);
    await waitFor(() => expect(container.querySelector('[data-service-feedback="sla-badge"]')).not.toBeNull());
    expect(screen.queryByRole('radiogroup')).toBeNull();
  });

  it('re-asks the background when the ticket changes', async () => {
    const { rerender } = render(<TicketUi ticket={ticket({ resolved: false, status: 'Open', resolvedAt: undefined })} />);
    await waitFor(async () => expect(await db.get('tickets', ticket().url)).toBeDefined());
    rerender(<TicketUi ticket={ticket()} />);
    expect(await screen.findByRole('radiogroup', { name: 'Overall' })).toBeTruthy();
  });

  it('on Jira, shows the Jira Service Management clock when the tracker has one', async () => {
    // A same-origin JSM endpoint stands in for the tracker: the ticket's origin is this server.
    const breached = { breached: true, paused: false, withinCalendarHours: true, goalDuration: { millis: 3_600_000 }, elapsedTime: { millis: 5_400_000 }, remainingTime: { millis: -1_800_000 } };
    const requests: string[] = [];
    const jira = createServer((request, response) => {
      requests.push(`${request.method} ${request.url ?? ''}`);
      // happy-dom enforces CORS for its own window origin (a preflight first); a real content script fetches same-origin.
      response.setHeader('access-control-allow-origin', request.headers.origin ?? '*');
      response.setHeader('access-control-allow-credentials', 'true');
      response.setHeader('access-control-allow-headers', 'accept');
      if (request.method === 'OPTIONS') return void response.writeHead(204).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ values: [{ name: 'Time to first response', ongoingCycle: breached, completedCycles: [] }] }));
    });
    await new Promise<void>((resolve) => jira.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(jira.address() as AddressInfo).port}`;
    try {
      const jiraTicket = ticket({ tracker: 'jira', origin, key: 'IT-9', url: `${origin}/browse/IT-9`, project: 'IT', labels: ['it-support'], resolved: false, resolvedAt: undefined, status: 'Open' });
      const { container } = render(<TicketUi ticket={jiraTicket} />);
      await waitFor(() => expect(requests.filter((line) => line.startsWith('GET'))).toEqual(['GET /rest/servicedeskapi/request/IT-9/sla']));
      const badge = await waitFor(() => {
        const found = container.querySelector('[data-service-feedback="sla-badge"]');
        expect(found).not.toBeNull();
        return found!;
      });
      fireEvent.mouseEnter(badge);
      expect(await screen.findByText("Figures from Jira Service Management's own SLA clock.")).toBeTruthy();
    } finally {
      jira.closeAllConnections();
      await new Promise((resolve) => jira.close(resolve));
    }
  });
});

describe('mountTicketView', () => {
  it('mounts one inline host right after the status chip, so the row keeps its line', () => {
    document.body.innerHTML = '<div class="header-meta"><span data-testid="header-state">Closed</span><span>ana opened this issue</span></div>';
    const status = document.querySelector('[data-testid="header-state"]')!;
    const view = mountTicketView(ticket(), status, exampleConfig);
    try {
      expect(status.nextElementSibling).toBe(view.host);
      expect(view.host.style.display).toBe('inline-flex');
      expect(view.host.style.verticalAlign).toBe('middle');
      expect(view.host.shadowRoot?.querySelector('[data-service-feedback="sla-badge"]')).not.toBeNull();
    } finally {
      view.destroy();
    }
    expect(document.querySelector('[data-service-feedback]')).toBeNull();
  });
});
