/**
 * The report page's session cookie. The cookie holds an expiry, a random id and an HMAC keyed by
 * the admin token, never the token itself; rotating the admin token ends every session.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'sf_report_session';
export const SESSION_SECONDS = 8 * 60 * 60;

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

export interface Sessions {
  /** A valid, not signed-out session cookie on this request. */
  has(c: Context): boolean;
  /** Sets a new session cookie (`HttpOnly; SameSite=Strict`, `Secure` over https). */
  start(c: Context): void;
  /** Revokes this request's session (if valid) and deletes the cookie. */
  end(c: Context): void;
}

export function createSessions(adminToken: string, now: () => number): Sessions {
  // Signed-out session values, kept until they would have expired anyway.
  const signedOut = new Map<string, number>();
  return {
    has(c) {
      const value = getCookie(c, SESSION_COOKIE);
      return isValidSession(value, adminToken, now()) && !signedOut.has(value!);
    },
    start(c) {
      setCookie(c, SESSION_COOKIE, createSessionValue(adminToken, now()), {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        maxAge: SESSION_SECONDS,
        secure: new URL(c.req.url).protocol === 'https:',
      });
    },
    end(c) {
      const value = getCookie(c, SESSION_COOKIE);
      if (value !== undefined && isValidSession(value, adminToken, now())) {
        for (const [old, expiresAt] of signedOut) if (expiresAt <= now()) signedOut.delete(old);
        signedOut.set(value, sessionExpiry(value));
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    },
  };
}
