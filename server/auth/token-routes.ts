/**
 * Personal tokens over the API (issue 15): `POST /v1/auth/token` redeems an extension's one-time
 * code, `DELETE /v1/auth/token` revokes the token it is sent with, `GET /v1/auth/info` says what
 * sign-in this backend offers (and who the token belongs to), and admins list and revoke a
 * person's tokens under `/v1/admin/people/:email/tokens`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { bearerToken } from '../http/auth';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';
import { sharedIngestAllowed } from './config';
import { TOKEN_PREFIX, sha256Hex, type PersonalTokens } from './tokens';

export const TokenRequest = z.object({
  code: z.string().min(1).max(200),
  code_verifier: z.string().regex(/^[\w.~-]{43,128}$/, 'must be a PKCE verifier (43-128 characters)'),
  redirect_uri: z.string().min(1).max(2000),
});
const PersonBody = z.object({ email: z.string(), name: z.string() });
export const TokenResponse = z.object({ token: z.string(), person: PersonBody, expiresAt: z.string() });
export const AuthInfo = z.object({
  oidc: z.boolean(),
  sharedIngest: z.boolean(),
  extensionStart: z.string().nullable(),
  person: PersonBody.nullable(),
});
const TokenListing = z.object({
  tokens: z.array(z.object({ id: z.string(), createdAt: z.string(), lastRenewedAt: z.string(), expiresAt: z.string(), revokedAt: z.string().nullable() })),
});

const tokenDoc = doc({
  summary: "Extension sign-in: redeem the one-time code for a personal token",
  tag: 'auth',
  callers: ['anyone'],
  body: { schema: TokenRequest, example: { code: 'one-time-code-from-the-redirect', code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', redirect_uri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/' } },
  ok: { status: 200, description: 'The personal token (shown once)', json: { schema: TokenResponse, example: { token: 'sfp_…', person: { email: 'alice@example.com', name: 'Alice' }, expiresAt: '2027-03-02T09:00:00.000Z' } } },
  errors: [400, 404, 429],
});
const revokeDoc = doc({ summary: 'Revoke the personal token this request is sent with', tag: 'auth', callers: ['person'], ok: { status: 204, description: 'Revoked' }, errors: [401] });
const infoDoc = doc({
  summary: 'What sign-in this backend offers, and whose token this is',
  tag: 'auth',
  callers: ['anyone'],
  ok: { status: 200, description: 'Sign-in options', json: { schema: AuthInfo, example: { oidc: true, sharedIngest: false, extensionStart: '/v1/auth/extension/start', person: null } } },
});
const listDoc = doc({ summary: "A person's personal tokens (never the tokens themselves)", tag: 'admin', callers: ['admin'], ok: { status: 200, description: 'Newest first', json: { schema: TokenListing } }, errors: [400, 401, 403] });
const revokeAllDoc = doc({ summary: "Revoke every personal token and web session of a person", tag: 'admin', callers: ['admin'], ok: { status: 200, description: 'How many tokens', json: { schema: z.object({ revoked: z.number() }) } }, errors: [400, 401, 403] });
const revokeOneDoc = doc({ summary: 'Revoke one personal token by id', tag: 'admin', callers: ['admin'], ok: { status: 204, description: 'Revoked' }, errors: [401, 403, 404] });

const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest();
const iso = (ms: number) => new Date(ms).toISOString();
const EMAIL = /^[^@\s]+@[^@\s]+$/;

export function tokenRoutes({ store, config, now, access, limit }: Deps, personalTokens: PersonalTokens) {
  const admin = access.requireRole(['admin']);
  return new Hono<Env>()
    .post('/v1/auth/token', tokenDoc, async (c) => {
      if (!config.auth.oidc) return fail(c, 404, 'auth: sign-in with an identity provider is not configured here');
      const body = TokenRequest.safeParse(await c.req.json().catch(() => null));
      if (!body.success) return fail(c, 400, body.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
      // Taken (deleted) before any check: a code is spent by its first use, right or wrong.
      const code = await store.takeAuthCode(sha256Hex(body.data.code));
      const refuse = async (error: string) => (await access.failedAttempt(c)) ?? fail(c, 400, error);
      if (code === null || code.expiresAt <= now()) return refuse('code: unknown, already used or expired; sign in again');
      if (code.redirectUri !== body.data.redirect_uri) return refuse('redirect_uri: not the one this code was issued for');
      const challenge = Buffer.from(code.codeChallenge, 'base64url');
      const presented = s256(body.data.code_verifier);
      if (challenge.length !== presented.length || !timingSafeEqual(challenge, presented)) return refuse('code_verifier: does not match the code_challenge');
      const { token, row } = await personalTokens.issue({ email: code.email, name: code.name, groups: code.groups });
      return c.json({ token, person: { email: row.email, name: row.name }, expiresAt: iso(row.expiresAt) });
    })
    .delete('/v1/auth/token', revokeDoc, async (c) => {
      const token = bearerToken(c.req.header('Authorization'));
      const row = token?.startsWith(TOKEN_PREFIX) ? await store.personalToken(sha256Hex(token)) : null;
      if (row === null || row.revokedAt !== null) return (await access.failedAttempt(c)) ?? fail(c, 401, 'authorization: not a live personal token');
      await store.revokePersonalTokens({ id: row.id }, now());
      return c.body(null, 204);
    })
    .get('/v1/auth/info', infoDoc, async (c) => {
      const identity = await access.identify(c);
      const limited = await limit(c, identity?.name ?? 'auth-info');
      if (limited) return limited;
      return c.json({
        oidc: config.auth.oidc !== undefined,
        sharedIngest: sharedIngestAllowed(config.auth),
        extensionStart: config.auth.oidc ? '/v1/auth/extension/start' : null,
        person: identity?.person ? { email: identity.person.email, name: identity.person.name } : null,
      });
    })
    .get('/v1/admin/people/:email/tokens', listDoc, admin, async (c) => {
      const email = c.req.param('email').toLowerCase();
      if (!EMAIL.test(email)) return fail(c, 400, 'email: must be an e-mail address');
      const rows = await store.personalTokens(email);
      return c.json({
        tokens: rows.map((row) => ({ id: row.id, createdAt: iso(row.createdAt), lastRenewedAt: iso(row.lastUsedAt), expiresAt: iso(row.expiresAt), revokedAt: row.revokedAt === null ? null : iso(row.revokedAt) })),
      });
    })
    .delete('/v1/admin/people/:email/tokens', revokeAllDoc, admin, async (c) => {
      const email = c.req.param('email').toLowerCase();
      if (!EMAIL.test(email)) return fail(c, 400, 'email: must be an e-mail address');
      const revoked = await store.revokePersonalTokens({ email }, now());
      await store.endSessionsOf(email);
      return c.json({ revoked });
    })
    .delete('/v1/admin/tokens/:id', revokeOneDoc, admin, async (c) => {
      const revoked = await store.revokePersonalTokens({ id: c.req.param('id') }, now());
      return revoked === 1 ? c.body(null, 204) : fail(c, 404, 'id: no live personal token with this id');
    });
}
