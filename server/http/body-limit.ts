/**
 * The request body limit, answered so the client reads the `413`: Hono's `bodyLimit` answers
 * while the rest of the body is still on its way and Node then drops the socket (the client sees
 * a reset, not the answer). Here a body over the limit is read to its end and thrown away (up
 * to `DISCARD_LIMIT_BYTES`; beyond that the connection is cut) and the answer closes the connection.
 */
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
  const stream = c.req.raw.body;
  if (!stream) return next();
  const tooLarge = () => {
    c.header('Connection', 'close');
    return answer(c);
  };
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > DISCARD_LIMIT_BYTES) return tooLarge();
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > DISCARD_LIMIT_BYTES) {
      await reader.cancel();
      return tooLarge();
    }
    if (size <= maxBytes) chunks.push(value);
  }
  if (size > maxBytes) return tooLarge();
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  c.req.raw = new Request(c.req.raw, { body });
  return next();
};
