/**
 * The light sender for the typed protocol in utils/contracts/messages.ts, for code that runs in tracker
 * pages (the content script and the components it mounts). Same verbs, same `{ type, payload }`
 * envelope, same `{ ok, data | error }` replies; typed by `RequestOf`/`ResponseOf` (types only).
 *
 * Why the reply is not re-validated with the full schemas here: utils/contracts/messages.ts builds them
 * with classic zod (≈22 KB gzipped on its own), which would not fit the content script's 30 KB
 * budget, and the check would buy little. The only party that can answer `runtime.sendMessage`
 * is this extension's own background (other extensions use `onMessageExternal`, pages cannot
 * reach the channel); it validates every request with the full schemas and builds its replies
 * from data it validated when reading it (settings, cached config, IndexedDB). What can really
 * go wrong on the way — no listener yet, a worker stopped mid-reply, a refusal — shows in the
 * envelope, which is checked here by hand (utils/contracts/read-json.ts). The content script still
 * shape-checks the one reply it builds its whole behaviour on (`page.config`) before using it.
 */
import { browser } from 'wxt/browser';
import type { RequestOf, ResponseOf, Verb } from '../utils/contracts/messages';
import { boolean, NotAsExpected, optionalString, own, readOrUndefined, record } from '../utils/contracts/read-json';

export class MessageError extends Error {
  override name = 'MessageError';
}

/** `{ ok: true, data } | { ok: false, error }`; a refusal without its error is no valid reply. */
function readReply(value: unknown): { ok: true; data: unknown } | { ok: false; error: string } {
  const reply = record(value);
  const error = optionalString(reply, 'error');
  if (boolean(reply, 'ok')) return { ok: true, data: own(reply, 'data') };
  // No message: readOrUndefined swallows it (the caller says "no valid reply"), and it costs bytes in every page.
  if (error === undefined) throw new NotAsExpected();
  return { ok: false, error };
}

/** The reply's `data`, unchecked beyond the envelope; throws MessageError on a refusal or no valid reply. */
export async function requestUnchecked<V extends Verb>(type: V, payload: RequestOf<V>): Promise<unknown> {
  const reply = readOrUndefined(await browser.runtime.sendMessage({ type, payload }), readReply);
  if (!reply) throw new MessageError(`${type}: the background sent no valid reply`);
  // Handlers usually name their verb already ("rating.submit: …"); say it once.
  if (!reply.ok) throw new MessageError(reply.error.startsWith(`${type}:`) ? reply.error : `${type}: ${reply.error}`);
  return reply.data;
}

/** Sends one request to the background and resolves with its reply (typed, envelope-checked). */
export async function request<V extends Verb>(type: V, payload: RequestOf<V>): Promise<ResponseOf<V>> {
  return (await requestUnchecked(type, payload)) as ResponseOf<V>;
}
