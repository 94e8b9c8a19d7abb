/**
 * The ticket UI's message client in a build (wxt.config.ts swaps it in for
 * platform/message-client.ts in the injected ticket UI scripts): the watcher, already in this
 * isolated world, hands its own client over (utils/contracts/ticket-ui.ts → `offerMessageClient`)
 * before it asks for the ticket UI, so a ticket page does not load the client and its reply check
 * twice. Tests run the real module.
 */
import type { RequestOf, ResponseOf, Verb } from '../utils/contracts/messages';
import { handedMessageClient } from '../utils/contracts/ticket-ui';

export function request<V extends Verb>(type: V, payload: RequestOf<V>): Promise<ResponseOf<V>> {
  return handedMessageClient()(type, payload);
}
