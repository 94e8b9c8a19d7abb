/**
 * The light sender for the typed protocol in utils/messages.ts, for code that runs in tracker
 * pages (the content script and the components it mounts). Same verbs, same `{ type, payload }`
 * envelope, same `{ ok, data | error }` replies; typed by `RequestOf`/`ResponseOf` (types only).
 *
 * Why the reply is not re-validated with the full schemas here: utils/messages.ts builds them
 * with classic zod (≈22 KB gzipped on its own), which would not fit the content script's 30 KB
 * budget, and the check would buy little. The only party that can answer `runtime.sendMessage`
 * is this extension's own background (other extensions use `onMessageExternal`, pages cannot
 * reach the channel); it validates every request with the full schemas and builds its replies
 * from data it validated when reading it (settings, cached config, IndexedDB). What can really
 * go wrong on the way — no listener yet, a worker stopped mid-reply, a refusal — shows in the
 * envelope, which is checked here with zod/mini. The content script still shape-checks the one
 * reply it builds its whole behaviour on (`page.config`) before using it.
 */
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import type { RequestOf, ResponseOf, Verb } from './messages';

export class MessageError extends Error {
  override name = 'MessageError';
}

// `{ ok: true, data } | { ok: false, error }`, written as one object: z.union and z.literal would
// add ≈0.7 KB gzipped to the content script for the same check.
const Reply = z.object({ ok: z.boolean(), data: z.optional(z.unknown()), error: z.optional(z.string()) });

/** The reply's `data`, unchecked beyond the envelope; throws MessageError on a refusal or no valid reply. */
export async function requestUnchecked<V extends Verb>(type: V, payload: RequestOf<V>): Promise<unknown> {
  const reply = Reply.safeParse(await browser.runtime.sendMessage({ type, payload }));
  if (!reply.success || (!reply.data.ok && reply.data.error === undefined)) throw new MessageError(`${type}: the background sent no valid reply`);
  // Handlers usually name their verb already ("rating.submit: …"); say it once.
  if (!reply.data.ok) throw new MessageError(reply.data.error!.startsWith(`${type}:`) ? reply.data.error : `${type}: ${reply.data.error}`);
  return reply.data.data;
}

/** Sends one request to the background and resolves with its reply (typed, envelope-checked). */
export async function request<V extends Verb>(type: V, payload: RequestOf<V>): Promise<ResponseOf<V>> {
  return (await requestUnchecked(type, payload)) as ResponseOf<V>;
}
