/**
 * Bearer tokens and the report page's session cookie. Tokens are compared as SHA-256 digests
 * with `timingSafeEqual`, and every known token is compared (no early exit), so timing tells
 * nothing about which token or how much of it matched.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

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

export const SESSION_COOKIE = 'sf_report_session';
export const SESSION_SECONDS = 8 * 60 * 60;

// The cookie holds an expiry, a random id and an HMAC keyed by the admin token, never the token
// itself; rotating the admin token ends every session.
function sessionSignature(adminToken: string, payload: string): Buffer {
  return createHmac('sha256', adminToken).update(`report-session:${payload}`).digest();
}

export function createSessionValue(adminToken: string, now = Date.now()): string {
  const payload = `${now + SESSION_SECONDS * 1000}.${randomBytes(12).toString('base64url')}`;
  return `${payload}.${sessionSignature(adminToken, payload).toString('base64url')}`;
}

/** Milliseconds since the epoch at which a well-formed session value expires. */
export function sessionExpiry(value: string): number {
  return Number(value.split('.')[0]);
}

export function isValidSession(value: string | undefined, adminToken: string, now = Date.now()): boolean {
  const match = value?.match(/^((\d{1,16})\.[\w-]{16})\.([\w-]{43})$/);
  if (!match) return false;
  if (Number(match[2]) <= now) return false;
  return timingSafeEqual(Buffer.from(match[3]!, 'base64url'), sessionSignature(adminToken, match[1]!));
}
