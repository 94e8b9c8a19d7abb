// @vitest-environment happy-dom
// TicketUi against the real background handlers: sendMessage → fakeBrowser → IndexedDB (fake-indexeddb).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { TicketUi } from '../../components/TicketUi';
import { readAllRatings, type FeedbackDb } from '../../utils/db';
import { startBackground } from '../background/harness';
import type { Ticket } from '../../utils/schema';

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

afterEach(() => {
  cleanup();
  db.close();
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
    const prompt = await screen.findByRole('button', { name: "Rate the Platform Engineering team's service" });
    fireEvent.click(prompt);
    fireEvent.click(screen.getByRole('button', { name: "Don't ask for this ticket" }));
    await waitFor(async () => expect((await db.get('dismissals', ticket().url))?.kind).toBe('never'));
    cleanup();
    const { container } = render(<TicketUi ticket={ticket()} />);
    await waitFor(() => expect(container.querySelector('[data-service-feedback="sla-badge"]')).not.toBeNull());
    expect(screen.queryByRole('radiogroup')).toBeNull();
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
});
