/**
 * The hand-over between the content script's two parts, both in the extension's isolated world
 * of one frame: the always-on watcher (entrypoints/content/) and the ticket UI
 * (entrypoints/ticket-ui/), which the worker injects on the watcher's `ticket-ui.load`. The
 * injected script leaves its start function in a slot of that world's global object (a
 * `Symbol.for` key: the page's own scripts live in another world and never see it); the watcher
 * takes it out right away. No window messages, no DOM events, nothing the page can observe.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PageConfig, RequestOf, ResponseOf, Verb } from './messages';

export const TICKET_UI_SLOT: unique symbol = Symbol.for('service-feedback.ticket-ui');
/** The watcher's message client (platform/message-client.ts), for the injected ticket UI (platform/message-client-handed.ts). */
export const MESSAGE_CLIENT_SLOT: unique symbol = Symbol.for('service-feedback.message-client');

export interface TicketUiOptions {
  /** Least time between two detections caused by DOM changes (the first after a quiet spell runs at once). */
  debounceMs?: number;
  /** The page's own fetch, for same-origin tracker APIs. */
  fetchImpl?: typeof fetch;
}

/** The ticket loop the watcher drives: it knows nothing of navigation events or of `page.config`. */
export interface TicketUi {
  /** A page config is in force (undefined: the built-in hosts only); `previous` is the one before. */
  apply(pageConfig: PageConfig | undefined, previous: PageConfig | undefined): void;
  /** Watch the DOM and keep one mount for the ticket on the page. Idempotent. */
  start(): void;
  /** The URL can no longer be a ticket, or the host was switched off: unmount, stop watching the DOM. */
  stop(): void;
  /** A navigation happened: look now and once more after the debounce. */
  navigated(): void;
}

export type StartTicketUi = (ctx: ContentScriptContext, options: TicketUiOptions) => TicketUi;

export type MessageClient = <V extends Verb>(type: V, payload: RequestOf<V>) => Promise<ResponseOf<V>>;

type Slotted = { [TICKET_UI_SLOT]?: StartTicketUi; [MESSAGE_CLIENT_SLOT]?: MessageClient };

/** Called by the watcher before it asks for the ticket UI: its own message client, for the UI to use. */
export function offerMessageClient(client: MessageClient): void {
  (globalThis as Slotted)[MESSAGE_CLIENT_SLOT] = client;
}

/** The client the watcher left; it is always there before the ticket UI runs. */
export function handedMessageClient(): MessageClient {
  const client = (globalThis as Slotted)[MESSAGE_CLIENT_SLOT];
  if (!client) throw new Error('service-feedback: the ticket UI ran without its watcher');
  return client;
}

/** Called by the injected script: leaves its start function for the watcher. */
export function offerTicketUi(start: StartTicketUi): void {
  (globalThis as Slotted)[TICKET_UI_SLOT] = start;
}

/** Called by the watcher: the start function the injected script left, taken out of the slot. */
export function takeTicketUi(): StartTicketUi | undefined {
  const slotted = globalThis as Slotted;
  const start = slotted[TICKET_UI_SLOT];
  delete slotted[TICKET_UI_SLOT];
  return start;
}
