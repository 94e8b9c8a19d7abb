/**
 * The validated sender for the extension's own pages (popup, options): the reply is checked with
 * the full schemas of utils/contracts/messages.ts. Tracker pages use the light platform/message-client.ts.
 */
import { z } from 'zod';
import { MessageError, requestUnchecked } from './message-client';
import { protocol, type RequestOf, type ResponseOf, type Verb } from '../utils/contracts/messages';

/**
 * Sends a request and validates the reply with the full schemas (popup, options). Code that runs
 * in tracker pages uses the light `request` from platform/message-client.ts instead.
 */
export async function sendMessage<V extends Verb>(type: V, payload: RequestOf<V>): Promise<ResponseOf<V>> {
  const data = protocol[type].response.safeParse(await requestUnchecked(type, payload));
  if (!data.success) throw new MessageError(`${type}: invalid reply (${z.prettifyError(data.error)})`);
  return data.data as ResponseOf<V>;
}

