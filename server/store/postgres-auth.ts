/**
 * PostgreSQL half of `AuthStore` (see auth.ts), the same statements as sqlite-auth.ts with
 * positional parameters. Single use holds across instances: `DELETE … RETURNING` hands a login or
 * a code to exactly one taker; a secret is inserted once (`ON CONFLICT DO NOTHING`) and then read,
 * so every instance signs with the same one.
 */
import type pg from 'pg';
import type { AuthStore } from './auth';
import { AUTH_MIGRATION, codeOf, loginOf, sessionOf, TOKEN_COLUMNS, tokenOf, type Row } from './auth-sql';
import { inTransaction } from './postgres-sql';

/** Appended to `POSTGRES_MIGRATIONS`: the SQLite text as it is (plain SQL, see auth-sql.ts). */
export const POSTGRES_AUTH_MIGRATION = AUTH_MIGRATION;

export function createPostgresAuthStore(pool: pg.Pool): AuthStore {
  const one = async (text: string, values: unknown[]) => ((await pool.query<Row>(text, values)).rows[0] ?? null);
  const changed = async (text: string, values: unknown[]) => (await pool.query(text, values)).rowCount ?? 0;

  return {
    addSession: async (idHash, s) => {
      await pool.query(
        `INSERT INTO auth_sessions (id_hash, subject, source, name, groups_json, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [idHash, s.subject, s.source, s.name, JSON.stringify(s.groups), s.createdAt, s.lastSeenAt, s.expiresAt],
      );
    },
    session: async (idHash) => {
      const row = await one('SELECT * FROM auth_sessions WHERE id_hash = $1', [idHash]);
      return row ? sessionOf(row) : null;
    },
    touchSession: async (idHash, lastSeenAt) => {
      await pool.query('UPDATE auth_sessions SET last_seen_at = $1 WHERE id_hash = $2', [lastSeenAt, idHash]);
    },
    endSession: async (idHash) => {
      await pool.query('DELETE FROM auth_sessions WHERE id_hash = $1', [idHash]);
    },
    endSessionsOf: (subject) => changed('DELETE FROM auth_sessions WHERE subject = $1', [subject]),
    pruneAuth: (now) =>
      inTransaction(pool, async (client) => {
        await client.query('DELETE FROM auth_sessions WHERE expires_at <= $1', [now]);
        await client.query('DELETE FROM auth_logins WHERE expires_at <= $1', [now]);
        await client.query('DELETE FROM auth_codes WHERE expires_at <= $1', [now]);
      }),
    addLogin: async (state, l) => {
      await pool.query(
        `INSERT INTO auth_logins (state, kind, nonce, code_verifier, redirect_uri, client_state, code_challenge, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [state, l.kind, l.nonce, l.codeVerifier, l.redirectUri, l.clientState, l.codeChallenge, l.expiresAt],
      );
    },
    takeLogin: async (state) => {
      const row = await one('DELETE FROM auth_logins WHERE state = $1 RETURNING *', [state]);
      return row ? loginOf(row) : null;
    },
    addAuthCode: async (codeHash, c) => {
      await pool.query(
        `INSERT INTO auth_codes (code_hash, email, name, groups_json, redirect_uri, code_challenge, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [codeHash, c.email, c.name, JSON.stringify(c.groups), c.redirectUri, c.codeChallenge, c.expiresAt],
      );
    },
    takeAuthCode: async (codeHash) => {
      const row = await one('DELETE FROM auth_codes WHERE code_hash = $1 RETURNING *', [codeHash]);
      return row ? codeOf(row) : null;
    },
    addPersonalToken: async (tokenHash, t) => {
      await pool.query(
        `INSERT INTO auth_tokens (id, token_hash, email, name, groups_json, created_at, last_used_at, expires_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)`,
        [t.id, tokenHash, t.email, t.name, JSON.stringify(t.groups), t.createdAt, t.lastUsedAt, t.expiresAt],
      );
    },
    personalToken: async (tokenHash) => {
      const row = await one(`SELECT ${TOKEN_COLUMNS} FROM auth_tokens WHERE token_hash = $1`, [tokenHash]);
      return row ? tokenOf(row) : null;
    },
    renewPersonalToken: async (id, lastUsedAt, expiresAt) => {
      await pool.query('UPDATE auth_tokens SET last_used_at = $1, expires_at = $2 WHERE id = $3 AND revoked_at IS NULL', [lastUsedAt, expiresAt, id]);
    },
    revokePersonalTokens: (filter, at) =>
      'id' in filter
        ? changed('UPDATE auth_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, filter.id])
        : changed('UPDATE auth_tokens SET revoked_at = $1 WHERE email = $2 AND revoked_at IS NULL', [at, filter.email]),
    // Ties in byte order ("C"), as SQLite orders them.
    personalTokens: async (email) =>
      (await pool.query<Row>(`SELECT ${TOKEN_COLUMNS} FROM auth_tokens WHERE email = $1 ORDER BY created_at DESC, id COLLATE "C"`, [email])).rows.map(tokenOf),
    authSecret: async (name, create) => {
      await pool.query('INSERT INTO auth_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, create()]);
      return (await one('SELECT value FROM auth_secrets WHERE name = $1', [name]))!.value as string;
    },
  };
}
