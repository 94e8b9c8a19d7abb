/**
 * The web UI's sessions, stored in the database (issue 15): the cookie holds only a random id
 * (32 bytes), the database its SHA-256 digest with who signed in. A session ends after 8 hours
 * without a request or 7 days after sign-in, whichever is first; a person signing out ends every
 * session of theirs everywhere; it all survives restarts.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AuthStore, SessionRow } from '../store/auth';

export const SESSION_COOKIE = 'sf_report_session';
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;
export const SESSION_ABSOLUTE_SECONDS = 7 * 24 * 60 * 60;
/** `lastSeenAt` is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

/** Who a session belongs to: the admin token's holder, or a person by e-mail (with the IdP's name and groups). */
export type SessionSubject = 'admin' | { email: string; name?: string; groups?: readonly string[]; source?: 'token' | 'oidc' };

const idHash = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const COOKIE_VALUE = /^[\w-]{43}$/;

export interface Sessions {
  /** Who this request's live session belongs to, or null. */
  subject(c: Context): Promise<SessionSubject | null>;
  /** Whether `presented` is the CSRF token of this request's session. */
  checkCsrf(c: Context, presented: unknown): Promise<boolean>;
  /** The CSRF token for this request's session (empty without one). */
  csrf(c: Context): Promise<string>;
  /** Stores a new session and sets its cookie (`HttpOnly; SameSite=Strict`, `Secure` over https). */
  start(c: Context, subject?: SessionSubject): Promise<void>;
  /** Ends every session of this request's person (only this one for the admin token) and deletes the cookie. */
  end(c: Context): Promise<void>;
}

function toSubject(row: SessionRow): SessionSubject {
  if (row.subject === 'admin') return 'admin';
  return { email: row.subject, name: row.name ?? undefined, groups: row.groups, source: row.source };
}

export function createSessions(store: AuthStore, csrfKey: string, now: () => number): Sessions {
  const live = async (c: Context): Promise<{ value: string; row: SessionRow } | null> => {
    const value = getCookie(c, SESSION_COOKIE);
    if (value === undefined || !COOKIE_VALUE.test(value)) return null;
    const hash = idHash(value);
    const row = await store.session(hash);
    if (row === null) return null;
    const at = now();
    if (row.expiresAt <= at || row.lastSeenAt + SESSION_IDLE_SECONDS * 1000 <= at) {
      await store.endSession(hash);
      return null;
    }
    if (at - row.lastSeenAt >= TOUCH_EVERY_MS) await store.touchSession(hash, at);
    return { value, row };
  };
  const csrf = async (c: Context) => {
    const session = await live(c);
    return session === null ? '' : createHmac('sha256', csrfKey).update(`csrf:${session.value}`).digest('base64url');
  };
  return {
    subject: async (c) => {
      const session = await live(c);
      return session && toSubject(session.row);
    },
    csrf,
    async checkCsrf(c, presented) {
      const expected = await csrf(c);
      if (expected === '' || typeof presented !== 'string' || presented.length !== expected.length) return false;
      return timingSafeEqual(Buffer.from(presented), Buffer.from(expected));
    },
    async start(c, who = 'admin') {
      const value = randomBytes(32).toString('base64url');
      const at = now();
      await store.pruneAuth(at);
      await store.addSession(idHash(value), {
        subject: who === 'admin' ? 'admin' : who.email,
        source: who === 'admin' ? 'token' : (who.source ?? 'token'),
        name: who === 'admin' ? null : (who.name ?? null),
        groups: who === 'admin' ? [] : (who.groups ?? []),
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at + SESSION_ABSOLUTE_SECONDS * 1000,
      });
      // Strict: after the IdP's cross-site redirect, /auth/callback answers a page that moves on
      // by itself (a same-site navigation, which sends the cookie).
      setCookie(c, SESSION_COOKIE, value, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        maxAge: SESSION_ABSOLUTE_SECONDS,
        secure: new URL(c.req.url).protocol === 'https:',
      });
    },
    async end(c) {
      const session = await live(c);
      // A person's sign-out ends all their sessions; the admin token may be held by several
      // people, so its sign-out ends only this one.
      if (session !== null && session.row.subject === 'admin') await store.endSession(idHash(session.value));
      else if (session !== null) await store.endSessionsOf(session.row.subject);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    },
  };
}
