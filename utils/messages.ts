/**
 * The one typed message protocol between content scripts / popup / options and the background.
 * Narrow verbs, each with a zod schema for its request and its reply; both ends validate.
 * Replies travel as `{ ok: true, data } | { ok: false, error }` so a failure reads as words.
 */
import { browser } from 'wxt/browser';
import type { Runtime } from 'webextension-polyfill';
import { z } from 'zod';
import { Calendar, CustomTracker, SelectorOverrides, Service, SlaPolicy, Ticket } from './schema';

/** What a content script needs to detect tickets on its origin. */
export const PageConfig = z.object({
  trackers: z.array(CustomTracker),
  selectorOverrides: SelectorOverrides.optional(),
  ignoredResponders: z.array(z.string()),
});
export type PageConfig = z.infer<typeof PageConfig>;

/** What the background knows about a seen ticket: its service, SLA policy and calendar. */
export const TicketContext = z.object({
  service: Service.optional(),
  policy: SlaPolicy.optional(),
  calendar: Calendar.optional(),
});
export type TicketContext = z.infer<typeof TicketContext>;

export const protocol = {
  'page.config': { request: z.object({ origin: z.string() }), response: PageConfig },
  'ticket.seen': { request: z.object({ ticket: Ticket }), response: TicketContext },
} as const;

export type Verb = keyof typeof protocol;
export type RequestOf<V extends Verb> = z.input<(typeof protocol)[V]['request']>;
export type ResponseOf<V extends Verb> = z.infer<(typeof protocol)[V]['response']>;

const Envelope = z.object({ type: z.string(), payload: z.unknown() });
const Reply = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export class MessageError extends Error {
  override name = 'MessageError';
}

export async function sendMessage<V extends Verb>(type: V, payload: RequestOf<V>): Promise<ResponseOf<V>> {
  const raw: unknown = await browser.runtime.sendMessage({ type, payload });
  const reply = Reply.safeParse(raw);
  if (!reply.success) throw new MessageError(`${type}: the background sent no valid reply`);
  if (!reply.data.ok) throw new MessageError(`${type}: ${reply.data.error}`);
  const data = protocol[type].response.safeParse(reply.data.data);
  if (!data.success) throw new MessageError(`${type}: invalid reply (${z.prettifyError(data.error)})`);
  return data.data as ResponseOf<V>;
}

export type Handlers = {
  [V in Verb]: (payload: z.infer<(typeof protocol)[V]['request']>, sender: Runtime.MessageSender) => Promise<ResponseOf<V>>;
};

/**
 * Registers the background's one onMessage listener. Call synchronously at the top of the worker
 * (MV3 may start it just to deliver a message). Replies go through `sendResponse` + `return true`,
 * which every browser (and WXT's fakeBrowser) delivers.
 */
export function handleMessages(handlers: Partial<Handlers>): void {
  browser.runtime.onMessage.addListener(((message: unknown, sender: Runtime.MessageSender, sendResponse: (reply: unknown) => void) => {
    // Only this extension's own pages and content scripts may talk to the background.
    if (sender.id !== browser.runtime.id) return false;
    const envelope = Envelope.safeParse(message);
    if (!envelope.success || !(envelope.data.type in protocol)) {
      sendResponse({ ok: false, error: 'unknown message' });
      return false;
    }
    const type = envelope.data.type as Verb;
    const handler = handlers[type] as ((payload: unknown, sender: Runtime.MessageSender) => Promise<unknown>) | undefined;
    if (!handler) {
      sendResponse({ ok: false, error: `no handler for ${type}` });
      return false;
    }
    const request = protocol[type].request.safeParse(envelope.data.payload);
    if (!request.success) {
      sendResponse({ ok: false, error: `${type}: ${z.prettifyError(request.error)}` });
      return false;
    }
    handler(request.data, sender).then(
      (data) => sendResponse({ ok: true, data }),
      (error: unknown) => sendResponse({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  }) as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
}
