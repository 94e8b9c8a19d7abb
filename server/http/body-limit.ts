/**
 * The request body limit, answered so the client reads the `413`: Hono's `bodyLimit` answers
 * while the rest of the body is still on its way and Node then drops the socket (the client sees
 * a reset, not the answer). Here a body over the limit is read to its end and thrown away (up
 * to `DISCARD_LIMIT_BYTES`; beyond that the connection is cut) and the answer closes the connection.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { fail } from './context';

export const MAX_BODY_BYTES = 1024 * 1024;
/** A sender of more than this gets no answer worth the bandwidth: its socket is closed. */
const DISCARD_LIMIT_BYTES = 16 * MAX_BODY_BYTES;

/** `answer` writes the 413 (JSON naming `body` unless a page route answers with its own page). */
export const bodyLimit = (
  maxBytes = MAX_BODY_BYTES,
  answer: (c: Context) => Response | Promise<Response> = (c) => fail(c, 413, `body: larger than the limit of ${maxBytes} bytes; send fewer ratings per request`),
): MiddlewareHandler => async (c, next) => {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // No body to read (GET and friends): nothing to limit. A plain Request (tests) has none either way.
  if (incoming ? !hasBody(incoming) : !c.req.raw.body) return next();
  const tooLarge = () => {
    c.header('Connection', 'close');
    return answer(c);
  };
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > DISCARD_LIMIT_BYTES) return tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Straight from Node's request stream when served by @hono/node-server: building the web
  // Request and its ReadableStream only to read them here cost ~0.4 ms per rating (the
  // single-rating p99 of issue 12). Elsewhere (tests through app.request) the web stream.
  for await (const chunk of incoming ?? webChunks(c.req.raw.body!)) {
    size += chunk.length;
    if (size > DISCARD_LIMIT_BYTES) {
      if (incoming) incoming.destroy();
      return tooLarge();
    }
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) return tooLarge();
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  // Every body reader of Hono's request (json, text, arrayBuffer, parseBody) starts from this cache.
  (c.req.bodyCache as { arrayBuffer?: Promise<ArrayBuffer> }).arrayBuffer = Promise.resolve(body.buffer);
  return next();
};

/** Whether Node's request carries a body (HTTP/1.1: a length or chunked encoding). */
const hasBody = (incoming: IncomingMessage) =>
  (incoming.headers['content-length'] !== undefined && incoming.headers['content-length'] !== '0') || incoming.headers['transfer-encoding'] !== undefined;

async function* webChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Leaving early (too large) cancels the rest, as before.
    await reader.cancel().catch(() => undefined);
  }
}
