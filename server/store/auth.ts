/**
 * The sign-in part of the `Store` contract (issue 15): web sessions, the IdP round trips in
 * flight, the extension's one-time codes, personal tokens and the server's own secrets. Secrets
 * (session ids, codes, tokens) are only ever stored as SHA-256 hex digests. Times are
 * milliseconds since the epoch. The engine only stores and fetches; every rule (idle and
 * absolute limits, renewal, who may revoke) lives in `server/http/session.ts` and `server/auth/`.
 */

/** A web session. `subject` is `admin` or a person's lower-cased e-mail. */
export interface SessionRow {
  subject: string;
  /** `token` (signed in with a configured token) or `oidc` (through the company's IdP). */
  source: 'token' | 'oidc';
  /** From the IdP (oidc only). */
  name: string | null;
  groups: readonly string[];
  createdAt: number;
  lastSeenAt: number;
  /** The absolute end, whatever the activity. */
  expiresAt: number;
}

/** An IdP round trip in flight, keyed by its `state`. */
export interface PendingLogin {
  kind: 'web' | 'extension';
  nonce: string;
  codeVerifier: string;
  /** extension: where the one-time code goes, the extension's own `state` and PKCE challenge. */
  redirectUri: string | null;
  clientState: string | null;
  codeChallenge: string | null;
  expiresAt: number;
}

/** A signed-in person as the IdP described them. */
export interface SignedInPerson {
  email: string;
  name: string;
  groups: readonly string[];
}

/** An extension's one-time code, keyed by its digest. */
export interface AuthCodeRow extends SignedInPerson {
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
}

export interface PersonalTokenRow extends SignedInPerson {
  id: string;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface AuthStore {
  addSession(idHash: string, session: SessionRow): Promise<void>;
  session(idHash: string): Promise<SessionRow | null>;
  touchSession(idHash: string, lastSeenAt: number): Promise<void>;
  endSession(idHash: string): Promise<void>;
  /** Ends every session of `subject` (sign-out everywhere); how many. */
  endSessionsOf(subject: string): Promise<number>;
  /** Deletes sessions, logins and codes that ended before `now`. */
  pruneAuth(now: number): Promise<void>;

  addLogin(state: string, login: PendingLogin): Promise<void>;
  /** Deletes and returns it (single use); null when unknown. */
  takeLogin(state: string): Promise<PendingLogin | null>;

  addAuthCode(codeHash: string, code: AuthCodeRow): Promise<void>;
  /** Deletes and returns it (single use); null when unknown or already used. */
  takeAuthCode(codeHash: string): Promise<AuthCodeRow | null>;

  addPersonalToken(tokenHash: string, token: PersonalTokenRow): Promise<void>;
  personalToken(tokenHash: string): Promise<PersonalTokenRow | null>;
  renewPersonalToken(id: string, lastUsedAt: number, expiresAt: number): Promise<void>;
  /** Marks tokens revoked: one by id, or every live one of `email`; how many. */
  revokePersonalTokens(filter: { id: string } | { email: string }, at: number): Promise<number>;
  /** Every token of `email`, newest first (never the digests). */
  personalTokens(email: string): Promise<PersonalTokenRow[]>;

  /** The secret named `name`, stored on first use as `create()` made it (the same for every instance). */
  authSecret(name: string, create: () => string): Promise<string>;
}
