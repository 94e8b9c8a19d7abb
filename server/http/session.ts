/**
 * The web UI's session cookie. The cookie holds an expiry, a random id, who signed in (`admin`, or
 * a person's e-mail in base64url) and an HMAC keyed by the admin token, never a token itself;
 * rotating the admin token ends every session.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'sf_report_session';
export const SESSION_SECONDS = 8 * 60 * 60;

function sessionSignature(adminToken: string, payload: string): Buffer {
  return createHmac('sha256', adminToken).update(`report-session:${payload}`).digest();
}

/** Who a session belongs to: the admin token's holder, or a person by e-mail. */
export type SessionSubject = 'admin' | { email: string };

const encodeSubject = (subject: SessionSubject) => (subject === 'admin' ? 'admin' : `p${Buffer.from(subject.email).toString('base64url')}`);
const decodeSubject = (value: string): SessionSubject => (value === 'admin' ? 'admin' : { email: Buffer.from(value.slice(1), 'base64url').toString('utf8') });

export function createSessionValue(adminToken: string, now = Date.now(), subject: SessionSubject = 'admin'): string {
  const payload = `${now + SESSION_SECONDS * 1000}.${randomBytes(12).toString('base64url')}.${encodeSubject(subject)}`;
  return `${payload}.${sessionSignature(adminToken, payload).toString('base64url')}`;
}

/** Milliseconds since the epoch at which a well-formed session value expires. */
export function sessionExpiry(value: string): number {
  return Number(value.split('.')[0]);
}

/** The subject of a valid, unexpired session value, or null. */
export function sessionSubject(value: string | undefined, adminToken: string, now = Date.now()): SessionSubject | null {
  const match = value?.match(/^((\d{1,16})\.[\w-]{16}\.(admin|p[\w-]{1,400}))\.([\w-]{43})$/);
  if (!match) return null;
  if (Number(match[2]) <= now) return null;
  if (!timingSafeEqual(Buffer.from(match[4]!, 'base64url'), sessionSignature(adminToken, match[1]!))) return null;
  return decodeSubject(match[3]!);
}

export function isValidSession(value: string | undefined, adminToken: string, now = Date.now()): boolean {
  return sessionSubject(value, adminToken, now) !== null;
}

/** The CSRF token of a session: forms carry it, so a POST without it (from anywhere else) fails. */
export function csrfToken(adminToken: string, sessionValue: string): string {
  return createHmac('sha256', adminToken).update(`csrf:${sessionValue}`).digest('base64url');
}

export interface Sessions {
  /** A valid, not signed-out admin session cookie on this request. */
  has(c: Context): boolean;
  /** Who this request's valid, not signed-out session belongs to, or null. */
  subject(c: Context): SessionSubject | null;
  /** Whether `presented` is the CSRF token of this request's session. */
  checkCsrf(c: Context, presented: unknown): boolean;
  /** The CSRF token for this request's session (empty without one). */
  csrf(c: Context): string;
  /** Sets a new session cookie (`HttpOnly; SameSite=Strict`, `Secure` over https). */
  start(c: Context, subject?: SessionSubject): void;
  /** Revokes this request's session (if valid) and deletes the cookie. */
  end(c: Context): void;
}

export function createSessions(adminToken: string, now: () => number): Sessions {
  // Signed-out session values, kept until they would have expired anyway.
  const signedOut = new Map<string, number>();
  const subject = (c: Context) => {
    const value = getCookie(c, SESSION_COOKIE);
    return value === undefined || signedOut.has(value) ? null : sessionSubject(value, adminToken, now());
  };
  return {
    has: (c) => subject(c) === 'admin',
    subject,
    csrf(c) {
      const value = getCookie(c, SESSION_COOKIE);
      return value === undefined || subject(c) === null ? '' : csrfToken(adminToken, value);
    },
    checkCsrf(c, presented) {
      const expected = this.csrf(c);
      if (expected === '' || typeof presented !== 'string' || presented.length !== expected.length) return false;
      return timingSafeEqual(Buffer.from(presented), Buffer.from(expected));
    },
    start(c, who = 'admin') {
      setCookie(c, SESSION_COOKIE, createSessionValue(adminToken, now(), who), {
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
