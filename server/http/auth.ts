/**
 * Bearer tokens and the `requireRole` middleware. Tokens are compared as SHA-256 digests
 * with `timingSafeEqual`, and every known token is compared (no early exit), so timing tells
 * nothing about which token or how much of it matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { fail, type Env } from './context';
import type { RequestLimiter } from './rate-limit';
import type { Sessions } from './session';

export type Role = 'admin' | 'ingest';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Which configured token matched: its role and a stable name (`ingest:0`, `admin`) for rate limiting. */
export interface TokenMatch {
  role: Role;
  name: string;
}

export function createTokenChecker(tokens: { ingest: readonly string[]; admin: string }) {
  const admin = digest(tokens.admin);
  const ingest = tokens.ingest.map(digest);
  return (presented: string): TokenMatch | null => {
    const candidate = digest(presented);
    let match: TokenMatch | null = null;
    ingest.forEach((known, index) => {
      if (timingSafeEqual(candidate, known) && match === null) match = { role: 'ingest', name: `ingest:${index}` };
    });
    if (timingSafeEqual(candidate, admin)) match = { role: 'admin', name: 'admin' };
    return match;
  };
}

/** `Authorization: Bearer <token>` → token, or null when the header is absent or not Bearer. */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer[ ]+([^\s]+)\s*$/i);
  return match?.[1] ?? null;
}

/** The report page's session acts as the admin, with its own rate-limit bucket. */
export const SESSION: TokenMatch = { role: 'admin', name: 'admin-session' };

export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface Access {
  matchToken(presented: string): TokenMatch | null;
  /** Bearer token (or, where `cookie` is true, the report page's session) with one of `roles`. */
  requireRole(roles: readonly Role[], options?: { cookie?: boolean }): MiddlewareHandler<Env>;
}

export function createAccess(input: {
  tokens: { ingest: readonly string[]; admin: string };
  sessions: Sessions;
  limit: RequestLimiter;
}): Access {
  const { sessions, limit } = input;
  const matchToken = createTokenChecker(input.tokens);
  const requireRole =
    (roles: readonly Role[], { cookie = false } = {}): MiddlewareHandler<Env> =>
    async (c, next) => {
      const header = c.req.header('Authorization');
      const token = bearerToken(header);
      const match = token !== null ? matchToken(token) : cookie && !header && sessions.has(c) ? SESSION : null;
      if (match === null) {
        // Failed attempts are limited per address, so guessing tokens is slow too.
        const limited = limit(c, `address:${clientAddress(c)}`);
        if (limited) return limited;
        c.header('WWW-Authenticate', 'Bearer realm="service-feedback"');
        if (header && token === null) return fail(c, 401, 'authorization: expected "Authorization: Bearer <token>"');
        return fail(c, 401, token === null ? 'authorization: token required' : 'authorization: unknown token');
      }
      const limited = limit(c, match.name);
      if (limited) return limited;
      if (!roles.includes(match.role)) return fail(c, 403, `authorization: an ${match.role} token may not use this route`);
      c.set('role', match.role);
      await next();
    };
  return { matchToken, requireRole };
}
