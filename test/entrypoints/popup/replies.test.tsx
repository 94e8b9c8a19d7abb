// @vitest-environment happy-dom
// The popup's "Replies" against the real background handlers and a loopback backend that speaks /v1/replies/query.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../../entrypoints/popup/App';
import { readAllReplies, type FeedbackDb } from '../../../entrypoints/background/storage/db';
import { saveRating } from '../../../entrypoints/background/outbox/outbox';
import { exampleConfig, startBackground, stopBackground } from '../background/harness';
import { startRepliesServer, type RepliesServer } from '../background/replies-server';

const NOW = new Date('2026-11-30T08:00:00.000Z');
let db: FeedbackDb;
let server: RepliesServer;

async function ratedTicket(n: number) {
  const url = `https://github.com/acme/platform/issues/${n}`;
  await db.put('tickets', {
    url,
    ticket: { tracker: 'github', origin: 'https://github.com', key: `acme/platform#${n}`, kind: 'issue', url, title: `Issue number ${n}`, reporter: 'ada', viewer: 'ada', resolved: true, labels: [], components: [] },
    firstSeenAt: NOW.toISOString(),
    seenAt: NOW.toISOString(),
    service: { id: 'platform', name: 'Platform Engineering', whoMayRate: 'anyone' },
  });
  return saveRating(db, { ticketUrl: url, facts: { ticketKey: `acme/platform#${n}`, ticketUrl: url, tracker: 'github', origin: 'https://github.com' }, draft: { overall: 2, tags: [] }, now: new Date(NOW.getTime() - n * 60_000) });
}

beforeEach(async () => {
  server = await startRepliesServer();
  db = await startBackground(() => NOW);
  await fakeBrowser.storage.local.set({ settings: { local: exampleConfig, backendUrl: server.url, token: 'good' } });
});
afterEach(async () => {
  cleanup();
  await stopBackground(db);
  await server.close();
});

describe('popup replies', () => {
  it('asks the backend on open, lists unread first, shows hostile text as text, and keeps "read"', async () => {
    const older = await ratedTicket(1);
    const newer = await ratedTicket(2);
    server.threads.set(older.id, { ratingId: older.id, followUp: { state: 'replied', updatedAt: '2026-11-29T10:00:00.000Z' }, replies: [{ id: 'a', text: 'Old answer', author: { name: 'Grace' }, at: '2026-11-29T10:00:00.000Z' }] });
    server.threads.set(newer.id, { ratingId: newer.id, followUp: { state: 'replied', updatedAt: '2026-11-28T10:00:00.000Z' }, replies: [{ id: 'b', text: '<img src=x onerror=alert(1)>', author: { name: 'Linus' }, at: '2026-11-28T10:00:00.000Z' }] });
    await db.put('replies', { ...server.threads.get(older.id)!, ticketUrl: older.ticketUrl, ratedAt: older.rating.ratedAt, fetchedAt: NOW.toISOString(), readReplyId: 'a' });

    render(<App />);
    const hostile = await screen.findByText('<img src=x onerror=alert(1)>', undefined, { timeout: 10_000 });
    expect(document.querySelector('.sf-replies img')).toBeNull();
    expect(server.queries).toHaveLength(1);
    const rows = [...document.querySelectorAll('.sf-replies__item')];
    // Unread first, though its reply is older.
    expect(rows.map((row) => row.getAttribute('data-rating-id'))).toEqual([newer.id, older.id]);
    expect(rows[0]!.textContent).toContain('acme/platform#2 · Platform Engineering · New reply');
    expect(hostile.closest('.sf-replies__item--unread')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Mark as read' }));
    await waitFor(() => expect(document.querySelector('.sf-replies__item--unread')).toBeNull());
    expect((await readAllReplies(db)).find((record) => record.ratingId === newer.id)?.readReplyId).toBe('b');
  });

  it('"No, still broken" with a comment is stored, shown as answered and reaches the backend once', async () => {
    const rating = await ratedTicket(1);
    server.threads.set(rating.id, { ratingId: rating.id, followUp: { state: 'replied', updatedAt: '2026-11-29T10:00:00.000Z' }, replies: [{ id: 'a', text: 'Restarted the VPN', author: { name: 'Grace' }, at: '2026-11-29T10:00:00.000Z' }] });
    render(<App />);
    await screen.findByText('Did this settle it?', undefined, { timeout: 10_000 });
    fireEvent.input(screen.getByRole('textbox', { name: 'Comment (optional)' }), { target: { value: 'Drops again at noon' } });
    fireEvent.click(screen.getByRole('button', { name: 'No, still broken' }));
    await screen.findByText(/You said this is still broken/);
    await waitFor(() => expect(server.answerRequests).toEqual([{ ratingId: rating.id, answer: { resolved: false, comment: 'Drops again at noon' } }]), { timeout: 10_000 });
    expect(document.querySelector('.sf-replies__item--unread')).toBeNull();
  });

  it('shows no Replies section when nothing was answered', async () => {
    await ratedTicket(1);
    render(<App />);
    await screen.findByRole('heading', { name: /Pending feedback/ }, { timeout: 10_000 });
    await waitFor(() => expect(server.queries).toHaveLength(1));
    expect(screen.queryByRole('heading', { name: /Replies/ })).toBeNull();
  });
});
