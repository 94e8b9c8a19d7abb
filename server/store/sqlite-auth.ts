/** SQLite half of `AuthStore` (see auth.ts); the migration and row mapping are shared: auth-sql.ts. */
import type { AuthStore } from './auth';
import { codeOf, loginOf, sessionOf, TOKEN_COLUMNS, tokenOf, type Row } from './auth-sql';
import type { SqliteDatabase } from './sqlite';

export { AUTH_MIGRATION } from './auth-sql';

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
