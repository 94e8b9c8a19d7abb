/**
 * The light client the content script and TicketUi use, against the real background handlers
 * (fakeBrowser + fake-indexeddb): typed answers pass through, refusals arrive as words, and a
 * reply that is not the protocol's envelope is an error rather than data.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MessageError, request } from '../../platform/message-client';
import type { FeedbackDb } from '../../entrypoints/background/storage/db';
import { startBackground, stopBackground } from '../entrypoints/background/harness';

describe('request (platform/message-client)', () => {
  let db: FeedbackDb;
  beforeEach(async () => {
    db = await startBackground(() => new Date('2026-11-05T08:00:00.000Z'));
  });
  afterEach(() => stopBackground(db));

  it('resolves with the background answer', async () => {
    const status = await request('outbox.status', {});
    expect(status).toMatchObject({ backendConfigured: false, counts: { waiting: 0 } });
  });

  it('turns a refusal into a MessageError that names the verb and the reason', async () => {
    const refused = request('rating.submit', { ticketUrl: 'https://github.com/acme/platform/issues/1', draft: { overall: 4 } });
    await expect(refused).rejects.toThrow(MessageError);
    await expect(refused).rejects.toThrow(/^rating\.submit: this ticket was never seen/);
  });

  it('turns a request the background rejects as invalid into words naming the field', async () => {
    await expect(request('rating.submit', { ticketUrl: 'not a url', draft: { overall: 4 } })).rejects.toThrow(/^rating\.submit: (?!rating\.submit)[\s\S]*ticketUrl/);
  });
});

describe('request with an odd background', () => {
  beforeEach(() => fakeBrowser.reset());

  it.each([
    ['no envelope', 'just a string'],
    ['a refusal without words', { ok: false }],
    ['ok that is not a boolean', { ok: 'yes', data: {} }],
    ['a refusal whose error is not words', { ok: false, error: 42 }],
    ['an array', [true, {}]],
  ])('rejects %s as no valid reply', async (_case, reply) => {
    fakeBrowser.runtime.onMessage.addListener(((_message: unknown, _sender: unknown, sendResponse: (value: unknown) => void) => {
      sendResponse(reply);
      return true;
    }) as never);
    await expect(request('outbox.status', {})).rejects.toThrow('outbox.status: the background sent no valid reply');
  });
});
