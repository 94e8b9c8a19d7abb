/**
 * The background's side of the typed protocol (utils/contracts/messages.ts): one onMessage
 * listener that refuses other senders, validates every request and answers in words.
 */
import { browser } from 'wxt/browser';
import type { Runtime } from 'webextension-polyfill';
import { z } from 'zod';
import { Envelope, protocol, type ResponseOf, type Verb } from '../../utils/contracts/messages';

export type Handlers = {
  [V in Verb]: (payload: z.infer<(typeof protocol)[V]['request']>, sender: Runtime.MessageSender) => Promise<ResponseOf<V>>;
};

/**
 * Registers the background's one onMessage listener. Call synchronously at the top of the worker
 * (MV3 may start it just to deliver a message). Replies go through `sendResponse` + `return true`,
 * which every browser (and WXT's fakeBrowser) delivers — refusals too, so they arrive as words.
 */
export function handleMessages(handlers: Partial<Handlers>): void {
  browser.runtime.onMessage.addListener(((message: unknown, sender: Runtime.MessageSender, sendResponse: (reply: unknown) => void) => {
    // Only this extension's own pages and content scripts may talk to the background.
    if (sender.id !== browser.runtime.id) return false;
    const envelope = Envelope.safeParse(message);
    if (!envelope.success || !(envelope.data.type in protocol)) {
      sendResponse({ ok: false, error: 'unknown message' });
      return true;
    }
    const type = envelope.data.type as Verb;
    const handler = handlers[type] as ((payload: unknown, sender: Runtime.MessageSender) => Promise<unknown>) | undefined;
    if (!handler) {
      sendResponse({ ok: false, error: `no handler for ${type}` });
      return true;
    }
    const request = protocol[type].request.safeParse(envelope.data.payload);
    if (!request.success) {
      sendResponse({ ok: false, error: `${type}: ${z.prettifyError(request.error)}` });
      return true;
    }
    handler(request.data, sender).then(
      (data) => sendResponse({ ok: true, data }),
      (error: unknown) => sendResponse({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  }) as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
}
