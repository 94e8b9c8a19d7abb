/**
 * SQLite half of `AuthStore` (see auth.ts). The SQL is kept plain (no STRICT, no SQLite-only
 * functions; `BIGINT` times; `DELETE … RETURNING` for single use) so the PostgreSQL engine can
 * take it as it is.
 */
import type { AuthCodeRow, AuthStore, PendingLogin, PersonalTokenRow, SessionRow } from './auth';
import type { SqliteDatabase } from './sqlite';

/**
 * Appended to `MIGRATIONS` in sqlite.ts. The two rating columns say how a rating came in:
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

type Row = Record<string, unknown>;
const groups = (value: unknown): string[] => JSON.parse(String(value)) as string[];

const sessionOf = (row: Row): SessionRow => ({
  subject: row.subject as string,
  source: row.source as SessionRow['source'],
  name: (row.name as string | null) ?? null,
  groups: groups(row.groups_json),
  createdAt: Number(row.created_at),
  lastSeenAt: Number(row.last_seen_at),
  expiresAt: Number(row.expires_at),
});

const loginOf = (row: Row): PendingLogin => ({
  kind: row.kind as PendingLogin['kind'],
  nonce: row.nonce as string,
  codeVerifier: row.code_verifier as string,
  redirectUri: (row.redirect_uri as string | null) ?? null,
  clientState: (row.client_state as string | null) ?? null,
  codeChallenge: (row.code_challenge as string | null) ?? null,
  expiresAt: Number(row.expires_at),
});

const codeOf = (row: Row): AuthCodeRow => ({
  email: row.email as string,
  name: row.name as string,
  groups: groups(row.groups_json),
  redirectUri: row.redirect_uri as string,
  codeChallenge: row.code_challenge as string,
  expiresAt: Number(row.expires_at),
});

const tokenOf = (row: Row): PersonalTokenRow => ({
  id: row.id as string,
  email: row.email as string,
  name: row.name as string,
  groups: groups(row.groups_json),
  createdAt: Number(row.created_at),
  lastUsedAt: Number(row.last_used_at),
  expiresAt: Number(row.expires_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

const TOKEN_COLUMNS = 'id, email, name, groups_json, created_at, last_used_at, expires_at, revoked_at';

export function createAuthStore(db: SqliteDatabase): AuthStore {
  const insertSession = db.prepare(`INSERT INTO auth_sessions (id_hash, subject, source, name, groups_json, created_at, last_seen_at, expires_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const selectSession = db.prepare('SELECT * FROM auth_sessions WHERE id_hash = ?');
  const touch = db.prepare('UPDATE auth_sessions SET last_seen_at = ? WHERE id_hash = ?');
  const deleteSession = db.prepare('DELETE FROM auth_sessions WHERE id_hash = ?');
  const deleteSessionsOf = db.prepare('DELETE FROM auth_sessions WHERE subject = ?');
  const pruneSessions = db.prepare('DELETE FROM auth_sessions WHERE expires_at <= ?');
  const pruneLogins = db.prepare('DELETE FROM auth_logins WHERE expires_at <= ?');
  const pruneCodes = db.prepare('DELETE FROM auth_codes WHERE expires_at <= ?');
  const insertLogin = db.prepare(`INSERT INTO auth_logins (state, kind, nonce, code_verifier, redirect_uri, client_state, code_challenge, expires_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const takeLogin = db.prepare('DELETE FROM auth_logins WHERE state = ? RETURNING *');
  const insertCode = db.prepare(`INSERT INTO auth_codes (code_hash, email, name, groups_json, redirect_uri, code_challenge, expires_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const takeCode = db.prepare('DELETE FROM auth_codes WHERE code_hash = ? RETURNING *');
  const insertToken = db.prepare(`INSERT INTO auth_tokens (id, token_hash, email, name, groups_json, created_at, last_used_at, expires_at, revoked_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`);
  const selectToken = db.prepare(`SELECT ${TOKEN_COLUMNS} FROM auth_tokens WHERE token_hash = ?`);
  const renew = db.prepare('UPDATE auth_tokens SET last_used_at = ?, expires_at = ? WHERE id = ? AND revoked_at IS NULL');
  const revokeById = db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const revokeByEmail = db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE email = ? AND revoked_at IS NULL');
  const tokensOf = db.prepare(`SELECT ${TOKEN_COLUMNS} FROM auth_tokens WHERE email = ? ORDER BY created_at DESC, id`);
  const insertSecret = db.prepare('INSERT INTO auth_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING');
  const selectSecret = db.prepare('SELECT value FROM auth_secrets WHERE name = ?').pluck();

  return {
    addSession: async (idHash, s) => {
      insertSession.run(idHash, s.subject, s.source, s.name, JSON.stringify(s.groups), s.createdAt, s.lastSeenAt, s.expiresAt);
    },
    session: async (idHash) => {
      const row = selectSession.get(idHash) as Row | undefined;
      return row ? sessionOf(row) : null;
    },
    touchSession: async (idHash, lastSeenAt) => {
      touch.run(lastSeenAt, idHash);
    },
    endSession: async (idHash) => {
      deleteSession.run(idHash);
    },
    endSessionsOf: async (subject) => deleteSessionsOf.run(subject).changes,
    pruneAuth: async (now) => {
      db.transaction(() => {
        pruneSessions.run(now);
        pruneLogins.run(now);
        pruneCodes.run(now);
      })();
    },
    addLogin: async (state, l) => {
      insertLogin.run(state, l.kind, l.nonce, l.codeVerifier, l.redirectUri, l.clientState, l.codeChallenge, l.expiresAt);
    },
    takeLogin: async (state) => {
      const row = takeLogin.get(state) as Row | undefined;
      return row ? loginOf(row) : null;
    },
    addAuthCode: async (codeHash, c) => {
      insertCode.run(codeHash, c.email, c.name, JSON.stringify(c.groups), c.redirectUri, c.codeChallenge, c.expiresAt);
    },
    takeAuthCode: async (codeHash) => {
      const row = takeCode.get(codeHash) as Row | undefined;
      return row ? codeOf(row) : null;
    },
    addPersonalToken: async (tokenHash, t) => {
      insertToken.run(t.id, tokenHash, t.email, t.name, JSON.stringify(t.groups), t.createdAt, t.lastUsedAt, t.expiresAt);
    },
    personalToken: async (tokenHash) => {
      const row = selectToken.get(tokenHash) as Row | undefined;
      return row ? tokenOf(row) : null;
    },
    renewPersonalToken: async (id, lastUsedAt, expiresAt) => {
      renew.run(lastUsedAt, expiresAt, id);
    },
    revokePersonalTokens: async (filter, at) =>
      'id' in filter ? revokeById.run(at, filter.id).changes : revokeByEmail.run(at, filter.email).changes,
    personalTokens: async (email) => (tokensOf.all(email) as Row[]).map(tokenOf),
    authSecret: async (name, create) => {
      insertSecret.run(name, create());
      return selectSecret.get(name) as string;
    },
  };
}
