// Company sign-in in the worker (entrypoints/background/sign-in/) against the real backend with a
// real OpenID Connect provider on loopback (test/server/auth/test-idp.ts). Only the browser's
// identity window is played here (fakeBrowser has none): it walks the IdP's login form as a
// person would and ends on the redirect URL, as launchWebAuthFlow does.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { backgroundSettled } from '../../../entrypoints/background/background-work';
import { sameBackend, withPersonalToken } from '../../../entrypoints/background/sign-in/store';
import { readAllRatings, type FeedbackDb } from '../../../entrypoints/background/storage/db';
import { SETUP_COLOR } from '../../../entrypoints/background/toolbar-badge';
import { sendMessage } from '../../../platform/send-message';
import { startServer, type RunningServer } from '../../../server/start';
import { SIGN_IN_KEY, SignInItem } from '../../../utils/contracts/sign-in';
import type { Ticket } from '../../../utils/contracts/schema';
import { CLIENT_ID, CLIENT_SECRET, signInAtIdp, startTestIdp, type TestIdp } from '../../server/auth/test-idp';
import { exampleConfig, startBackground, stopBackground } from './harness';

const REDIRECT = 'https://hpbeimplfconnkppcldeljolgijalhjg.chromiumapp.org/';
const ADMIN = 'demo-admin-token';
const INGEST = 'demo-ingest-token';

let idp: TestIdp;
let server: RunningServer | undefined;
let port: number;
let dir: string;
let db: FeedbackDb;
let clock: Date;
/** Every request the worker sent: URL, method and the Authorization header. */
let sent: Array<{ url: string; method: string; authorization: string | null }>;
/** Everything written to the console during a test. */
let logged: string[];
/** The identity window's URLs, and how the next one ends. */
let launched: string[];
let identityWindow: (url: string) => Promise<string>;

const backendUrl = () => `http://127.0.0.1:${port}`;
const listen = (at: number) =>
  startServer({ port: at, host: '127.0.0.1', databasePath: join(dir, 'ratings.db'), configPath: join(dir, 'config.json'), env: { SERVICE_FEEDBACK_OIDC_CLIENT_SECRET: CLIENT_SECRET }, shutdownGraceMs: 200 });

beforeAll(async () => {
  idp = await startTestIdp();
  dir = mkdtempSync(join(tmpdir(), 'sf-sign-in-'));
  const example = JSON.parse(readFileSync('config/example.json', 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...example, auth: { oidc: { issuer: idp.issuer, clientId: CLIENT_ID, scopes: ['openid', 'email', 'profile', 'groups'] } } }));
  server = await listen(0);
  port = Number(new URL(server.url).port);
  idp.register([`${backendUrl()}/auth/callback`]);
}, 30_000);

afterAll(async () => {
  await server?.close();
  await idp?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The person at the identity window: the backend's start → the IdP's login as `account` → back to the redirect URL. */
async function personSignsIn(url: string, account = 'alice'): Promise<string> {
  const start = await fetch(url, { redirect: 'manual' });
  if (start.status !== 303) throw new Error(`Authorization page could not be loaded (${start.status}: ${await start.text()})`);
  const callback = await signInAtIdp(idp, start.headers.get('Location')!, account);
  const back = await fetch(callback, { redirect: 'manual' });
  return back.headers.get('Location')!;
}

function jiraTicket(n: number): Ticket {
  const day = 24 * 3600_000;
  return {
    tracker: 'jira',
    origin: 'https://acme.atlassian.net',
    key: `IT-${n}`,
    kind: 'issue',
    url: `https://acme.atlassian.net/browse/IT-${n}`,
    title: `VPN ${n} drops`,
    status: 'Resolved',
    project: 'IT',
    reporter: 'ada',
    viewer: 'ada',
    resolved: true,
    createdAt: new Date(clock.getTime() - 2 * day).toISOString(),
    firstResponseAt: new Date(clock.getTime() - 2 * day + 3600_000).toISOString(),
    resolvedAt: new Date(clock.getTime() - day).toISOString(),
    labels: [],
    components: [],
  };
}

async function rate(n: number, overall = 4) {
  const ticket = jiraTicket(n);
  await sendMessage('ticket.seen', { ticket });
  await sendMessage('rating.submit', { ticketUrl: ticket.url, draft: { overall, tags: [] } });
  await backgroundSettled();
}

/** What the backend stored for a ticket: the rater and whether it came with a personal token. */
function storedRating(key: string): { rater: string | null; verified: number | null } | undefined {
  const database = new Database(join(dir, 'ratings.db'), { readonly: true });
  try {
    return database.prepare('SELECT rater, verified FROM ratings WHERE ticket_key = ?').get(key) as { rater: string | null; verified: number | null } | undefined;
  } finally {
    database.close();
  }
}

const storedSignIn = async () => (await fakeBrowser.storage.local.get(SIGN_IN_KEY))[SIGN_IN_KEY] as SignInItem | undefined;

beforeEach(async () => {
  clock = new Date();
  sent = [];
  logged = [];
  launched = [];
  identityWindow = (url) => personSignsIn(url);
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')));
  }
  const recording: typeof fetch = async (input, init) => {
    sent.push({ url: String(input), method: init?.method ?? 'GET', authorization: new Headers(init?.headers).get('authorization') });
    return fetch(input, init);
  };
  db = await startBackground(() => clock, { fetchImpl: recording });
  (fakeBrowser as unknown as { identity: unknown }).identity = {
    getRedirectURL: () => REDIRECT,
    launchWebAuthFlow: async ({ url, interactive }: { url: string; interactive: boolean }) => {
      expect(interactive).toBe(true);
      launched.push(url);
      return identityWindow(url);
    },
  };
  await fakeBrowser.storage.local.set({ settings: { local: exampleConfig, backendUrl: backendUrl(), token: INGEST } });
});

afterEach(async () => {
  await stopBackground(db);
  // The personal token never reaches the console, whatever the test did.
  expect(logged.join('\n')).not.toMatch(/sfp_/);
  vi.restoreAllMocks();
});

describe('sign-in', () => {
  it('asks the backend whether it offers sign-in', async () => {
    expect(await sendMessage('sign-in.status', { ask: true })).toEqual({ state: 'signed-out', sharedIngest: false });
  });

  it('signs in through the identity window with PKCE and keeps the personal token in storage.local only', async () => {
    const outcome = await sendMessage('sign-in.start', {});
    expect(outcome).toEqual({ status: { state: 'signed-in', person: { email: 'alice@example.com', name: 'Alice Example' } } });

    const start = new URL(launched[0]!);
    expect(`${start.origin}${start.pathname}`).toBe(`${backendUrl()}/v1/auth/extension/start`);
    expect(start.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(start.searchParams.get('code_challenge_method')).toBe('S256');
    expect(start.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(start.searchParams.get('state')).toMatch(/^[\w-]{32}$/);

    const stored = await storedSignIn();
    expect(stored).toMatchObject({ email: 'alice@example.com', name: 'Alice Example', backendUrl: backendUrl() });
    expect(stored!.token).toMatch(/^sfp_/);
    expect(stored!.refused).toBeUndefined();
    // No message carries it: what the options page got names the person only.
    expect(JSON.stringify(outcome)).not.toContain(stored!.token);
    expect(JSON.stringify(await sendMessage('sign-in.status', { ask: true }))).not.toContain(stored!.token);
    // The backend knows the token.
    const info = (await (await fetch(`${backendUrl()}/v1/auth/info`, { headers: { authorization: `Bearer ${stored!.token}` } })).json()) as { person: unknown };
    expect(info.person).toEqual({ email: 'alice@example.com', name: 'Alice Example' });
  });

  it('refuses a redirect that carries another state, and redeems nothing', async () => {
    identityWindow = async (url) => {
      const back = new URL(await personSignsIn(url));
      back.searchParams.set('state', 'state-of-some-other-attempt');
      return back.href;
    };
    const outcome = await sendMessage('sign-in.start', {});
    expect(outcome.problem).toEqual({ kind: 'state-mismatch' });
    expect(outcome.status.state).toBe('signed-out');
    expect(await storedSignIn()).toBeUndefined();
    expect(sent.filter((request) => request.url.endsWith('/v1/auth/token'))).toEqual([]);
  });

  it('says a closed identity window was cancelled, and stores nothing', async () => {
    identityWindow = async () => {
      throw new Error('The user did not approve access.');
    };
    const outcome = await sendMessage('sign-in.start', {});
    expect(outcome.problem).toEqual({ kind: 'cancelled', detail: 'The user did not approve access.' });
    expect(await storedSignIn()).toBeUndefined();
  });

  it('sends ratings with the personal token: the backend stores the person as rater, verified', async () => {
    await sendMessage('sign-in.start', {});
    await backgroundSettled();
    const { token } = (await storedSignIn())!;
    const signedInAt = sent.length;
    await rate(101);
    expect(storedRating('IT-101')).toEqual({ rater: 'alice@example.com', verified: 1 });
    const ratingsPosts = sent.slice(signedInAt).filter((request) => request.url.endsWith('/v1/ratings'));
    expect(ratingsPosts.length).toBeGreaterThan(0);
    expect(ratingsPosts.every((request) => request.authorization === `Bearer ${token}`)).toBe(true);
    // The shared token stays in the settings, unused while signed in.
    expect(sent.slice(signedInAt).some((request) => request.authorization === `Bearer ${INGEST}`)).toBe(false);
  });

  it('a revoked token asks for sign-in again; the rating waits in the outbox (auth) and syncs after signing in again', async () => {
    await sendMessage('sign-in.start', {});
    const { token } = (await storedSignIn())!;
    const revoke = await fetch(`${backendUrl()}/v1/admin/people/alice@example.com/tokens`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(revoke.status).toBe(200);

    await rate(102, 2);
    expect(storedRating('IT-102')).toBeUndefined();
    const held = await readAllRatings(db);
    expect(held.map((record) => [record.rating.ticketKey, record.syncState])).toEqual([['IT-102', 'auth']]);
    expect(await sendMessage('sign-in.status', { ask: false })).toEqual({
      state: 'again',
      person: { email: 'alice@example.com', name: 'Alice Example' },
      reason: 'authorization: revoked token, sign in again',
    });
    expect((await sendMessage('outbox.status', {})).counts.auth).toBe(1);
    // The toolbar: an amber "!" whose title says why.
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    expect(await fakeBrowser.action.getTitle({})).toContain('Sign in again: your company sign-in is no longer accepted, ratings wait');
    expect(SETUP_COLOR).toBe('#b45309');

    // While refused, the dead token is not sent again (no failed attempt per alarm at the backend).
    const before = sent.length;
    await sendMessage('sync.now', {});
    expect(sent.slice(before).filter((request) => request.authorization === `Bearer ${token}`)).toEqual([]);
    expect((await readAllRatings(db))[0]!.syncState).toBe('auth');

    // Sign in again: a new token, and the held rating goes with it.
    const again = await sendMessage('sign-in.start', {});
    expect(again.status.state).toBe('signed-in');
    await backgroundSettled();
    expect((await storedSignIn())!.token).not.toBe(token);
    expect(storedRating('IT-102')).toEqual({ rater: 'alice@example.com', verified: 1 });
    expect((await readAllRatings(db))[0]!.syncState).toBe('synced');
    expect(await fakeBrowser.action.getBadgeText({})).not.toBe('!');
  });

  it('the options page learns of a revoked token when it asks the backend', async () => {
    await sendMessage('sign-in.start', {});
    await fetch(`${backendUrl()}/v1/admin/people/alice@example.com/tokens`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(await sendMessage('sign-in.status', { ask: true })).toMatchObject({ state: 'again', person: { email: 'alice@example.com' } });
    expect((await storedSignIn())!.refused).toBeDefined();
  });

  it('signs out: the backend revokes the token and it is forgotten here', async () => {
    await sendMessage('sign-in.start', {});
    const { token } = (await storedSignIn())!;
    const outcome = await sendMessage('sign-in.end', {});
    expect(outcome).toEqual({ status: { state: 'signed-out' }, backendNotified: true });
    expect(await storedSignIn()).toBeUndefined();
    const info = (await (await fetch(`${backendUrl()}/v1/auth/info`, { headers: { authorization: `Bearer ${token}` } })).json()) as { person: unknown };
    expect(info.person).toBeNull();
  });

  it('signs out even when the backend is down: forgotten here, and it says the backend was not told', async () => {
    await sendMessage('sign-in.start', {});
    await server!.close();
    server = undefined;
    try {
      const outcome = await sendMessage('sign-in.end', {});
      expect(outcome.backendNotified).toBe(false);
      expect(outcome.detail).toBeTruthy();
      expect(outcome.status.state).toBe('signed-out');
      expect(await storedSignIn()).toBeUndefined();
    } finally {
      server = await listen(port);
    }
  });

  it('offers nothing where the backend has no company sign-in', async () => {
    const plain = await startServer({ port: 0, host: '127.0.0.1', databasePath: ':memory:', configPath: 'config/example.json', env: {}, shutdownGraceMs: 200 });
    try {
      await fakeBrowser.storage.local.set({ settings: { local: exampleConfig, backendUrl: plain.url.replace(/\/+$/, ''), token: INGEST } });
      expect(await sendMessage('sign-in.status', { ask: true })).toEqual({ state: 'not-offered', sharedIngest: true });
      expect((await sendMessage('sign-in.start', {})).problem).toEqual({ kind: 'not-offered' });
      expect(launched).toEqual([]);
    } finally {
      await backgroundSettled();
      await plain.close();
    }
  });

  it('never sends the personal token to another backend', async () => {
    await sendMessage('sign-in.start', {});
    const settings = { backendUrl: 'https://feedback.other.example', token: INGEST };
    expect(await withPersonalToken(settings)).toEqual(settings);
    expect((await withPersonalToken({ backendUrl: `${backendUrl()}/`, token: INGEST })).token).toMatch(/^sfp_/);
    expect(sameBackend('https://a.example/', 'https://a.example')).toBe(true);
    expect(await sendMessage('sign-in.status', { ask: false })).toEqual({ state: 'signed-in', person: { email: 'alice@example.com', name: 'Alice Example' } });
    await fakeBrowser.storage.local.set({ settings: { local: exampleConfig, ...settings } });
    expect(await sendMessage('sign-in.status', { ask: false })).toEqual({ state: 'signed-out' });
  });
});
