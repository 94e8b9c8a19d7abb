/**
 * What both engines' halves of `AuthStore` (see auth.ts) share: the migration, plain SQL (no
 * STRICT, no engine-only functions; `BIGINT` times; `DELETE … RETURNING` for single use) that
 * SQLite and PostgreSQL both take as it is, and how a row becomes a contract value.
 */
import type { AuthCodeRow, PendingLogin, PersonalTokenRow, SessionRow } from './auth';

/**
 * Appended to `MIGRATIONS` in sqlite.ts and to `POSTGRES_MIGRATIONS` in postgres-migrations.ts
 * (the same text on both engines). The two rating columns say how a rating came in:
 * `rater_key` a keyed hash of the signed-in person (so only they can edit it, even when it is
 * anonymous; never shown), `verified` 1 through a personal token, 0 through a shared token,
 * NULL for ratings stored before this migration.
 */
export const AUTH_MIGRATION = `CREATE TABLE auth_sessions (
     id_hash      TEXT PRIMARY KEY,
     subject      TEXT NOT NULL,
     source       TEXT NOT NULL CHECK (source IN ('token', 'oidc')),
     name         TEXT,
     groups_json  TEXT NOT NULL DEFAULT '[]',
     created_at   BIGINT NOT NULL,
     last_seen_at BIGINT NOT NULL,
     expires_at   BIGINT NOT NULL
   );
   CREATE INDEX auth_sessions_by_subject ON auth_sessions (subject);
   CREATE TABLE auth_logins (
     state          TEXT PRIMARY KEY,
     kind           TEXT NOT NULL CHECK (kind IN ('web', 'extension')),
     nonce          TEXT NOT NULL,
     code_verifier  TEXT NOT NULL,
     redirect_uri   TEXT,
     client_state   TEXT,
     code_challenge TEXT,
     expires_at     BIGINT NOT NULL
   );
   CREATE TABLE auth_codes (
     code_hash      TEXT PRIMARY KEY,
     email          TEXT NOT NULL,
     name           TEXT NOT NULL,
     groups_json    TEXT NOT NULL,
     redirect_uri   TEXT NOT NULL,
     code_challenge TEXT NOT NULL,
     expires_at     BIGINT NOT NULL
   );
   CREATE TABLE auth_tokens (
     id           TEXT PRIMARY KEY,
     token_hash   TEXT NOT NULL UNIQUE,
     email        TEXT NOT NULL,
     name         TEXT NOT NULL,
     groups_json  TEXT NOT NULL,
     created_at   BIGINT NOT NULL,
     last_used_at BIGINT NOT NULL,
     expires_at   BIGINT NOT NULL,
     revoked_at   BIGINT
   );
   CREATE INDEX auth_tokens_by_email ON auth_tokens (email);
   CREATE TABLE auth_secrets (
     name  TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );
   ALTER TABLE ratings ADD COLUMN rater_key TEXT;
   ALTER TABLE ratings ADD COLUMN verified INTEGER;`;

export type Row = Record<string, unknown>;
const groups = (value: unknown): string[] => JSON.parse(String(value)) as string[];

export const sessionOf = (row: Row): SessionRow => ({
  subject: row.subject as string,
  source: row.source as SessionRow['source'],
  name: (row.name as string | null) ?? null,
  groups: groups(row.groups_json),
  createdAt: Number(row.created_at),
  lastSeenAt: Number(row.last_seen_at),
  expiresAt: Number(row.expires_at),
});

export const loginOf = (row: Row): PendingLogin => ({
  kind: row.kind as PendingLogin['kind'],
  nonce: row.nonce as string,
  codeVerifier: row.code_verifier as string,
  redirectUri: (row.redirect_uri as string | null) ?? null,
  clientState: (row.client_state as string | null) ?? null,
  codeChallenge: (row.code_challenge as string | null) ?? null,
  expiresAt: Number(row.expires_at),
});

export const codeOf = (row: Row): AuthCodeRow => ({
  email: row.email as string,
  name: row.name as string,
  groups: groups(row.groups_json),
  redirectUri: row.redirect_uri as string,
  codeChallenge: row.code_challenge as string,
  expiresAt: Number(row.expires_at),
});

export const tokenOf = (row: Row): PersonalTokenRow => ({
  id: row.id as string,
  email: row.email as string,
  name: row.name as string,
  groups: groups(row.groups_json),
  createdAt: Number(row.created_at),
  lastUsedAt: Number(row.last_used_at),
  expiresAt: Number(row.expires_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

export const TOKEN_COLUMNS = 'id, email, name, groups_json, created_at, last_used_at, expires_at, revoked_at';
