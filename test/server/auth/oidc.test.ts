// Sign-in with a real OpenID Connect provider (oidc-provider) on loopback: the web UI's full
// flow, the extension's code → personal token flow, and every refusal (nothing stored).
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INGEST, bearer, exampleConfig, makeRating, postRatings, queryRows, startTestServer, type TestServer } from '../helpers';
import { ACCOUNTS, CLIENT_ID, CLIENT_SECRET, signInAtIdp, startTestIdp, type TestIdp } from './test-idp';

const EXTENSION_REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
let idp: TestIdp;
let server: TestServer;

beforeAll(async () => {
  idp = await startTestIdp();
  const base = exampleConfig();
  const services = (base.services as { id: string; owners: string[] }[]).map((service) =>
    service.id === 'it-helpdesk' ? { ...service, owners: [...service.owners, 'alice@example.com'] } : service,
  );
  server = await startTestServer({
    config: {
      ...base,
      services,
      auth: { oidc: { issuer: idp.issuer, clientId: CLIENT_ID, scopes: ['openid', 'email', 'profile', 'groups'], adminGroups: ['feedback-admins'] } },
    },
    env: { SERVICE_FEEDBACK_OIDC_CLIENT_SECRET: CLIENT_SECRET },
  });
  idp.register([`${server.url}/auth/callback`]);
}, 30_000);

afterAll(async () => {
  await server?.dispose();
  await idp?.close();
});

beforeEach(() => {
  idp.tamper = null;
});

const cookieOf = (response: Response, name: string) =>
  response.headers.getSetCookie().map((line) => line.split(';')[0]!).find((pair) => pair.startsWith(`${name}=`));

/** The web flow up to the backend's callback: the callback URL and the login-state cookie. */
async function webSignIn(account: string) {
  const start = await fetch(`${server.url}/auth/login`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  const loginCookie = cookieOf(start, 'sf_login_state')!;
  const callback = await signInAtIdp(idp, start.headers.get('Location')!, account);
  expect(callback.startsWith(`${server.url}/auth/callback?`)).toBe(true);
  return { callback, loginCookie };
}

const sessionCount = async () => Number((await queryRows(server.database, 'SELECT COUNT(*) AS n FROM auth_sessions'))[0]!.n);
const tokenCount = async () => Number((await queryRows(server.database, 'SELECT COUNT(*) AS n FROM auth_tokens'))[0]!.n);

describe('web sign-in through the IdP', () => {
  it('offers the button on the sign-in page', async () => {
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).toContain('href="/auth/login"');
    expect(page).toContain('Sign in with your company account');
  });

  it('signs an owner in (session in the database), shows the inbox, and signs out everywhere, across a restart', async () => {
    const { callback, loginCookie } = await webSignIn('alice');
    const landed = await fetch(callback, { headers: { Cookie: loginCookie }, redirect: 'manual' });
    expect(landed.status).toBe(200);
    expect(await landed.text()).toContain('http-equiv="refresh"');
    const session = cookieOf(landed, 'sf_report_session')!;
    expect(session).toBeDefined();
    expect(await queryRows(server.database, "SELECT subject, source, name FROM auth_sessions WHERE subject = 'alice@example.com'")).toEqual([
      { subject: 'alice@example.com', source: 'oidc', name: 'Alice Example' },
    ]);
    const home = await fetch(`${server.url}/`, { headers: { Cookie: session }, redirect: 'manual' });
    expect(home.headers.get('Location')).toBe('/inbox');
    const inbox = await fetch(`${server.url}/inbox`, { headers: { Cookie: session } });
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain('Alice Example');

    // A second browser, then sign out in the first: both sessions end, and stay ended after a restart.
    const second = await webSignIn('alice');
    const other = cookieOf(await fetch(second.callback, { headers: { Cookie: second.loginCookie }, redirect: 'manual' }), 'sf_report_session')!;
    await fetch(`${server.url}/logout`, { method: 'POST', headers: { Cookie: session }, redirect: 'manual' });
    server = await server.restart();
    idp.register([`${server.url}/auth/callback`]); // the restarted backend listens on a new port
    for (const cookie of [session, other]) {
      const after = await fetch(`${server.url}/inbox`, { headers: { Cookie: cookie }, redirect: 'manual' });
      expect(after.headers.get('Location')).toBe('/');
    }
  }, 30_000);

  it('makes a person in an admin group an admin (the report)', async () => {
    const { callback, loginCookie } = await webSignIn('carol');
    const session = cookieOf(await fetch(callback, { headers: { Cookie: loginCookie }, redirect: 'manual' }), 'sf_report_session')!;
    const report = await fetch(`${server.url}/v1/report`, { headers: { Cookie: session } });
    expect(report.status).toBe(200);
  }, 20_000);

  it('refuses a wrong state, a callback from another browser and a replayed callback, storing no session', async () => {
    const before = await sessionCount();
    const { callback, loginCookie } = await webSignIn('alice');
    const wrong = new URL(callback);
    wrong.searchParams.set('state', 'not-the-state-we-sent');
    const refused = await fetch(wrong, { headers: { Cookie: loginCookie } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('state: unknown, used or expired sign-in');

    const elsewhere = await fetch(callback, { redirect: 'manual' });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('state: this sign-in was not started in this browser');
    // That spent the state: the real browser's callback is refused now too (single use).
    const replay = await fetch(callback, { headers: { Cookie: loginCookie } });
    expect(replay.status).toBe(400);
    expect(cookieOf(replay, 'sf_report_session')).toBeUndefined();
    expect(await sessionCount()).toBe(before);
  }, 20_000);

  it.each([
    ['a tampered ID token (payload changed, signature kept)', 'id_token: refused', async (body: Record<string, unknown>) => {
      const [header, payload, signature] = String(body.id_token).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, email: 'ceo@example.com' })).toString('base64url');
      return { ...body, id_token: `${header}.${forged}.${signature}` };
    }],
    ['an expired ID token (validly signed)', 'id_token: refused', async (body: Record<string, unknown>) => {
      const claims = decodeJwt(String(body.id_token));
      const past = Math.floor(Date.now() / 1000) - 3600;
      const expired = await new SignJWT({ ...claims, iat: past - 600, exp: past })
        .setProtectedHeader({ alg: 'RS256', kid: idp.kid })
        .sign(idp.privateKey);
      return { ...body, id_token: expired };
    }],
    ['an ID token for another client', 'id_token: refused', async (body: Record<string, unknown>) => {
      const claims = decodeJwt(String(body.id_token));
      const other = await new SignJWT({ ...claims, aud: 'another-client' }).setProtectedHeader({ alg: 'RS256', kid: idp.kid }).sign(idp.privateKey);
      return { ...body, id_token: other };
    }],
  ])('refuses %s with a clear error and no session', async (_label, error, tamper) => {
    const before = await sessionCount();
    idp.tamper = tamper;
    const { callback, loginCookie } = await webSignIn('alice');
    const refused = await fetch(callback, { headers: { Cookie: loginCookie }, redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(error);
    expect(cookieOf(refused, 'sf_report_session')).toBeUndefined();
    expect(await sessionCount()).toBe(before);
  }, 20_000);
});

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** The extension's flow up to the redirect back: the one-time code. */
async function extensionCode(account: string, redirectUri = EXTENSION_REDIRECT) {
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString('base64url');
  const query = new URLSearchParams({ redirect_uri: redirectUri, state, code_challenge: challenge, code_challenge_method: 'S256' });
  const start = await fetch(`${server.url}/v1/auth/extension/start?${query}`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  const callback = await signInAtIdp(idp, start.headers.get('Location')!, account);
  const back = await fetch(callback, { redirect: 'manual' });
  expect(back.status).toBe(303);
  const location = new URL(back.headers.get('Location')!);
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  expect(location.searchParams.get('state')).toBe(state);
  return { code: location.searchParams.get('code')!, verifier };
}

const redeem = (body: Record<string, unknown>) =>
  fetch(`${server.url}/v1/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function personalToken(account: string): Promise<string> {
  const { code, verifier } = await extensionCode(account);
  const response = await redeem({ code, code_verifier: verifier, redirect_uri: EXTENSION_REDIRECT });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

describe('extension sign-in and personal tokens', () => {
  it('says what it offers', async () => {
    expect(await (await fetch(`${server.url}/v1/auth/info`)).json()).toEqual({ oidc: true, sharedIngest: false, extensionStart: '/v1/auth/extension/start', person: null });
  });

  it('turns a one-time code into a personal token (stored hashed, 90 days) that names the person', async () => {
    const { code, verifier } = await extensionCode('alice');
    const response = await redeem({ code, code_verifier: verifier, redirect_uri: EXTENSION_REDIRECT });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; person: unknown; expiresAt: string };
    expect(body.person).toEqual({ email: 'alice@example.com', name: 'Alice Example' });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(89 * 24 * 3600_000);
    const rows = await queryRows(server.database, 'SELECT token_hash FROM auth_tokens');
    expect(rows.some((row) => row.token_hash === createHash('sha256').update(body.token).digest('hex'))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(body.token);
    const info = await (await fetch(`${server.url}/v1/auth/info`, { headers: bearer(body.token) })).json();
    expect(info).toMatchObject({ person: { email: 'alice@example.com', name: 'Alice Example' } });

    // The code is single use.
    const replay = await redeem({ code, code_verifier: verifier, redirect_uri: EXTENSION_REDIRECT });
    expect(replay.status).toBe(400);
    expect((await replay.json()).error).toMatch(/^code: unknown, already used or expired/);
  }, 20_000);

  it('refuses a code for another redirect URI, a wrong verifier and a foreign redirect URI; no token stored', async () => {
    const before = await tokenCount();
    const first = await extensionCode('alice');
    const other = await redeem({ code: first.code, code_verifier: first.verifier, redirect_uri: 'https://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz.chromiumapp.org/' });
    expect(other.status).toBe(400);
    expect((await other.json()).error).toMatch(/^redirect_uri: not the one this code was issued for/);
    const second = await extensionCode('alice');
    const wrongVerifier = await redeem({ code: second.code, code_verifier: pkce().verifier, redirect_uri: EXTENSION_REDIRECT });
    expect(wrongVerifier.status).toBe(400);
    expect((await wrongVerifier.json()).error).toMatch(/^code_verifier: does not match/);
    const foreign = await fetch(`${server.url}/v1/auth/extension/start?${new URLSearchParams({ redirect_uri: 'https://evil.example.com/', state: 'abcdefgh12', code_challenge: pkce().challenge, code_challenge_method: 'S256' })}`, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
    expect((await foreign.json()).error).toMatch(/^redirect_uri:/);
    expect(await tokenCount()).toBe(before);
  }, 30_000);

  it('stores the person as rater (body ignored), lets only them edit, and refuses shared ingest tokens', async () => {
    const alice = await personalToken('alice');
    const bob = await personalToken('bob');
    const named = makeRating({ rater: 'someone-else', comment: 'from Alice' });
    const anonymous = makeRating({ rater: undefined, comment: 'anonymous from Alice' });
    expect((await (await postRatings(server, [named, anonymous], alice)).json()).accepted).toBe(2);
    const rows = await queryRows(server.database, 'SELECT id, rater, verified, CASE WHEN rater_key IS NULL THEN 0 ELSE 1 END AS keyed FROM ratings WHERE id IN (?, ?) ORDER BY comment', named.id, anonymous.id);
    expect(rows).toEqual([
      { id: anonymous.id, rater: null, verified: 1, keyed: 1 },
      { id: named.id, rater: 'alice@example.com', verified: 1, keyed: 1 },
    ]);

    // Bob (another person's token) cannot edit either, not even by claiming Alice's address.
    const later = '2026-03-03T09:00:00.000Z';
    const bobEdits = await postRatings(server, [{ ...named, rater: 'alice@example.com', ratedAt: later, overall: 1, comment: 'hijacked' }, { ...anonymous, ratedAt: later, overall: 1, comment: 'hijacked' }], bob);
    expect((await bobEdits.json()).rejected.map((entry: { error: string }) => entry.error)).toEqual([
      'id: already used by a rating from another rater',
      'id: already used by a rating from another rater',
    ]);
    // The shared ingest token is refused outright (auth.sharedIngest defaults to false with oidc).
    const shared = await postRatings(server, [{ ...named, rater: 'alice@example.com', ratedAt: later, comment: 'hijacked' }], INGEST);
    expect(shared.status).toBe(401);
    expect((await shared.json()).error).toMatch(/shared ingest tokens are turned off/);
    expect(await queryRows(server.database, "SELECT COUNT(*) AS n FROM ratings WHERE comment = 'hijacked'")).toEqual([{ n: 0 }]);

    // Alice can edit her anonymous rating.
    const edit = await postRatings(server, [{ ...anonymous, ratedAt: later, overall: 5, comment: 'better now' }], alice);
    expect((await edit.json()).accepted).toBe(1);
  }, 40_000);

  it('revokes: the holder with DELETE /v1/auth/token, an admin for a person', async () => {
    const token = await personalToken('bob');
    expect((await fetch(`${server.url}/v1/auth/token`, { method: 'DELETE', headers: bearer(token) })).status).toBe(204);
    const after = await postRatings(server, [makeRating({ rater: undefined })], token);
    expect(after.status).toBe(401);
    expect((await after.json()).error).toBe('authorization: revoked token, sign in again');

    const again = await personalToken('bob');
    const admin = await personalToken('carol');
    const list = await (await fetch(`${server.url}/v1/admin/people/bob@example.com/tokens`, { headers: bearer(admin) })).json();
    const live = list.tokens.filter((row: { revokedAt: string | null }) => row.revokedAt === null).length;
    expect(live).toBeGreaterThanOrEqual(1);
    expect(list.tokens.length).toBeGreaterThan(live); // the one Bob revoked himself is listed too
    expect(JSON.stringify(list)).not.toContain(again);
    const notAdmin = await fetch(`${server.url}/v1/admin/people/bob@example.com/tokens`, { headers: bearer(again) });
    expect(notAdmin.status).toBe(403);
    const revoked = await fetch(`${server.url}/v1/admin/people/bob@example.com/tokens`, { method: 'DELETE', headers: bearer(admin) });
    expect(await revoked.json()).toEqual({ revoked: live });
    expect((await postRatings(server, [makeRating({ rater: undefined })], again)).status).toBe(401);
  }, 40_000);
});

void ACCOUNTS;
