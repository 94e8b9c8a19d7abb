/**
 * Bearer tokens and the `requireRole` middleware. Tokens are compared as SHA-256 digests
 * with `timingSafeEqual`, and every known token is compared (no early exit), so timing tells
 * nothing about which token or how much of it matched.
 *
 * `identify` is the one place that turns a request into an `Identity` (`{ person?, roles }`):
 * the admin token, an ingest token, a person's configured token, a personal token from sign-in
 * (`sfp_…`, checked in the database), or the page's session. Routes only ever look at the identity.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { signedInIdentity, TOKEN_PREFIX, type PersonalTokens } from '../auth/tokens';
import { personIdentity, type Identity, type Person, type Role } from '../people/people';
import { fail, type Env } from './context';
import type { RequestLimiter } from './rate-limit';
import type { Sessions } from './session';

export type { Identity, Role } from '../people/people';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export interface TokenConfig {
  tokens: { ingest: readonly string[]; admin: string };
  people?: readonly (Person & { token: string })[];
  admins?: readonly string[];
}

const ADMIN: Identity = { roles: ['admin'], name: 'admin' };

export function createTokenChecker(config: TokenConfig) {
  const admin = digest(config.tokens.admin);
  const ingest = config.tokens.ingest.map(digest);
  const people = (config.people ?? []).map((person) => ({
    digest: digest(person.token),
    identity: personIdentity({ email: person.email, name: person.name }, config.admins ?? []),
  }));
  return (presented: string): Identity | null => {
    const candidate = digest(presented);
    let match: Identity | null = null;
    ingest.forEach((known, index) => {
      if (timingSafeEqual(candidate, known) && match === null) match = { roles: ['ingest'], name: `ingest:${index}` };
    });
    for (const person of people) if (timingSafeEqual(candidate, person.digest) && match === null) match = person.identity;
    if (timingSafeEqual(candidate, admin)) match = ADMIN;
    return match;
  };
}

/** `Authorization: Bearer <token>` → token, or null when the header is absent or not Bearer. */
export function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer[ ]+([^\s]+)\s*$/i);
  return match?.[1] ?? null;
}

/** The report page's session acts as the admin, with its own rate-limit bucket. */
export const SESSION: Identity = { roles: ['admin'], name: 'admin-session' };

export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Why a presented credential does not identify anyone (the 401's text). */
type Refusal = { refused: string };

export interface Access {
  matchToken(presented: string): Identity | null;
  /** The request's identity (bearer token, or the page's session where `cookie` is true), or null. */
  identify(c: Context, options?: { cookie?: boolean }): Promise<Identity | null>;
  /** Bearer token (or, where `cookie` is true, the report page's session) with one of `roles`. */
  requireRole(roles: readonly Role[], options?: { cookie?: boolean }): MiddlewareHandler<Env>;
  /** Counts one failed authentication from the caller's address: the `429` once it has failed too often, else undefined. */
  failedAttempt(c: Context): Promise<Response | undefined>;
}

export interface AccessInput extends TokenConfig {
  sessions: Sessions;
  limit: RequestLimiter;
  personalTokens: PersonalTokens;
  /** False: shared ingest tokens are refused (`auth.sharedIngest`). */
  sharedIngest: boolean;
  adminGroups: readonly string[];
}

export function createAccess(input: AccessInput): Access {
  const { sessions, limit, personalTokens } = input;
  const admins = input.admins ?? [];
  const matchToken = createTokenChecker(input);
  const people = new Map((input.people ?? []).map((person) => [person.email, { email: person.email, name: person.name }]));
  const resolve = async (c: Context, cookie: boolean): Promise<Identity | Refusal | null> => {
    const header = c.req.header('Authorization');
    const token = bearerToken(header);
    if (token !== null && token.startsWith(TOKEN_PREFIX)) {
      const row = await personalTokens.check(token);
      if (typeof row === 'string') return { refused: `authorization: ${row === 'unknown' ? 'unknown' : row} token, sign in again` };
      return signedInIdentity(row, admins, input.adminGroups);
    }
    if (token !== null) {
      const identity = matchToken(token);
      if (identity?.roles.includes('ingest') && !input.sharedIngest) {
        return { refused: 'authorization: shared ingest tokens are turned off here (auth.sharedIngest), sign in with your company account' };
      }
      return identity;
    }
    if (!cookie || header) return null;
    const subject = await sessions.subject(c);
    if (subject === null) return null;
    if (subject === 'admin') return SESSION;
    if (subject.source === 'oidc') return signedInIdentity({ email: subject.email, name: subject.name ?? subject.email, groups: subject.groups ?? [] }, admins, input.adminGroups);
    // A person removed from the configuration loses their session with it.
    const person = people.get(subject.email);
    return person ? personIdentity(person, admins) : null;
  };
  const identify = async (c: Context, { cookie = false } = {}): Promise<Identity | null> => {
    const found = await resolve(c, cookie);
    return found === null || 'refused' in found ? null : found;
  };
  // Only failures spend the address's budget, and a valid credential is checked before it: many
  // people behind one NAT address (an office) who mistype, or someone guessing from there, never
  // lock out the ones with the right token. Guessing stays slow (this budget) and hopeless
  // (tokens are at least 16 characters).
  const failedAttempt = (c: Context) => limit(c, `failed:${clientAddress(c)}`);
  const requireRole =
    (roles: readonly Role[], options: { cookie?: boolean } = {}): MiddlewareHandler<Env> =>
    async (c, next) => {
      const header = c.req.header('Authorization');
      const token = bearerToken(header);
      const identity = await resolve(c, options.cookie ?? false);
      if (identity === null || 'refused' in identity) {
        const limited = await failedAttempt(c);
        if (limited) return limited;
        c.header('WWW-Authenticate', 'Bearer realm="service-feedback"');
        if (identity !== null) return fail(c, 401, identity.refused);
        if (header && token === null) return fail(c, 401, 'authorization: expected "Authorization: Bearer <token>"');
        return fail(c, 401, token === null ? 'authorization: token required' : 'authorization: unknown token');
      }
      const limited = await limit(c, identity.name);
      if (limited) return limited;
      if (!identity.roles.some((role) => roles.includes(role))) {
        return fail(c, 403, `authorization: a ${identity.roles.join('/')} token may not use this route`);
      }
      c.set('identity', identity);
      await next();
    };
  return { matchToken, identify, requireRole, failedAttempt };
}
