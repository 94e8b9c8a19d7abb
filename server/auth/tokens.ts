/**
 * Personal tokens (issue 15): what `POST /v1/auth/token` hands an extension after sign-in.
 * `sfp_` + 32 random bytes; only the SHA-256 digest is stored. A token lives 90 days from its
 * last use (renewed at most once a day), until it is revoked by its holder or an admin.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { personIdentity, type Identity } from '../people/people';
import type { AuthStore, PersonalTokenRow, SignedInPerson } from '../store/auth';

export const TOKEN_PREFIX = 'sfp_';
export const TOKEN_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN_MS = TOKEN_DAYS * DAY_MS;

export const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
export const randomSecret = () => randomBytes(32).toString('base64url');

/** A person's roles: `person`, and `admin` when listed in `admins` or carrying one of `adminGroups`. */
export function signedInIdentity(person: SignedInPerson, admins: readonly string[], adminGroups: readonly string[]): Identity {
  const base = personIdentity({ email: person.email, name: person.name }, admins);
  if (base.roles.includes('admin') || !person.groups.some((group) => adminGroups.includes(group))) return base;
  return { ...base, roles: ['person', 'admin'] };
}

export function createPersonalTokens(store: AuthStore, now: () => number) {
  return {
    async issue(person: SignedInPerson): Promise<{ token: string; row: PersonalTokenRow }> {
      const token = `${TOKEN_PREFIX}${randomSecret()}`;
      const at = now();
      const row: PersonalTokenRow = { ...person, id: randomUUID(), createdAt: at, lastUsedAt: at, expiresAt: at + TOKEN_MS, revokedAt: null };
      await store.addPersonalToken(sha256Hex(token), row);
      return { token, row };
    },
    /** The live token's row (renewed when a day has passed since it was last renewed), or why not. */
    async check(token: string): Promise<PersonalTokenRow | 'expired' | 'revoked' | 'unknown'> {
      const row = await store.personalToken(sha256Hex(token));
      if (row === null) return 'unknown';
      if (row.revokedAt !== null) return 'revoked';
      const at = now();
      if (row.expiresAt <= at) return 'expired';
      if (at - row.lastUsedAt >= DAY_MS) {
        await store.renewPersonalToken(row.id, at, at + TOKEN_MS);
        return { ...row, lastUsedAt: at, expiresAt: at + TOKEN_MS };
      }
      return row;
    },
  };
}
export type PersonalTokens = ReturnType<typeof createPersonalTokens>;

/** The keyed hash stored with a signed-in person's ratings (edits must match it); never shown. */
export function createRaterKeys(store: AuthStore) {
  let secret: Promise<string> | undefined;
  return async (email: string): Promise<string> => {
    secret ??= store.authSecret('rater-key', randomSecret);
    return createHmac('sha256', await secret).update(`rater:${email}`).digest('base64url');
  };
}
