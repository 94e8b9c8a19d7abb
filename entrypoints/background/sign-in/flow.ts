/**
 * Company sign-in, run by the worker (issue 15; backend: server/auth/):
 *
 * 1. `GET /v1/auth/info` says whether the backend offers sign-in.
 * 2. A PKCE verifier, its S256 challenge and a `state` (utils/auth/pkce.ts) for this attempt.
 * 3. `identity.launchWebAuthFlow` opens `<backend>/v1/auth/extension/start?redirect_uri=
 *    <identity.getRedirectURL()>&state&code_challenge&code_challenge_method=S256`; the backend
 *    sends the person to the company's IdP and back to the redirect URL with a one-time code.
 * 4. The state must be this attempt's; then `POST /v1/auth/token { code, code_verifier,
 *    redirect_uri }` gives the personal token, kept in `storage.local.signIn` (never logged,
 *    never in a message).
 *
 * The verifier lives in this function only: a worker stopped mid-flow also ends the identity
 * window's promise, so there is nothing to resume. The flow runs in the worker rather than the
 * page that asked, so a popup that closes when the identity window opens does not end it.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { readRedirect, startPkce } from '../../../utils/auth/pkce';
import { backendEndpoint, REQUEST_TIMEOUT_MS } from '../../../utils/contracts/backend';
import { AuthInfo, TokenResponse, type SignInOutcome, type SignInProblemKind, type SignInStatus, type SignOutOutcome } from '../../../utils/contracts/sign-in';
import { readManaged } from '../../../platform/managed-settings';
import { readSettings } from '../../../platform/settings';
import { readErrorMessage } from '../backend-request';
import { clearSignIn, readSignIn, signInFor, writeSignIn } from './store';

export interface SignInDeps {
  now: () => Date;
  /** The worker's guarded fetch (token-guard.ts). */
  fetchImpl: typeof fetch;
  /** After the token changed (signed in, signed out): held ratings go again, the badge follows. */
  onCredentialsChanged: () => Promise<void>;
  timeoutMs?: number;
}

type Problem = NonNullable<SignInOutcome['problem']>;
class SignInFailure extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.kind);
  }
}
const failure = (kind: SignInProblemKind, detail?: string) => new SignInFailure({ kind, ...(detail ? { detail: detail.slice(0, 500) } : {}) });

const describe = (error: unknown) => (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));

/** The identity API, where this browser has it (Firefox and Chrome with the `identity` permission). */
function identityApi() {
  const identity = (browser as { identity?: typeof browser.identity }).identity;
  if (!identity?.launchWebAuthFlow || !identity.getRedirectURL) throw failure('window', 'this browser offers no identity.launchWebAuthFlow');
  return identity;
}

export function createSignIn(deps: SignInDeps) {
  const timeout = () => AbortSignal.timeout(deps.timeoutMs ?? REQUEST_TIMEOUT_MS);
  // One sign-in at a time: two identity windows would race for the same storage key. (Losing
  // this with the worker loses nothing: the window's promise goes with it.)
  let running: Promise<SignInOutcome> | undefined;

  /** `/v1/auth/info`; a backend from before sign-in existed (404) offers none. */
  async function askInfo(backendUrl: string, token?: string): Promise<AuthInfo> {
    const response = await deps.fetchImpl(backendEndpoint(backendUrl, '/v1/auth/info'), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: timeout(),
    });
    if (response.status === 404) return { oidc: false, sharedIngest: true, extensionStart: null, person: null };
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await readErrorMessage(response)}`);
    const parsed = AuthInfo.safeParse(await response.json());
    if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
    return parsed.data;
  }

  /** The state as storage knows it; with `ask`, as the backend says too. */
  async function status({ ask }: { ask: boolean }): Promise<SignInStatus> {
    const [settings, managed] = await Promise.all([readSettings(), readManaged()]);
    const policy = managed.values.signIn;
    const required = policy === 'required' ? { required: true } : {};
    if (!settings.backendUrl) return { state: 'no-backend' };
    if (policy === 'off') return { state: 'not-offered' };
    let signIn = await signInFor(settings);
    const person = signIn && { email: signIn.email, name: signIn.name };
    if (!ask) {
      if (signIn?.refused) return { state: 'again', person, reason: signIn.refused.reason, ...required };
      return signIn ? { state: 'signed-in', person, ...required } : { state: 'signed-out', ...required };
    }
    let info: AuthInfo;
    try {
      // With the token: the backend says whether it still knows it (a revoked one names nobody).
      info = await askInfo(settings.backendUrl, signIn && !signIn.refused ? signIn.token : undefined);
    } catch (error) {
      // Storage still knows: a refusal on that very request was marked by the guard.
      signIn = await signInFor(settings);
      if (signIn) return { state: signIn.refused ? 'again' : 'signed-in', person, reason: signIn.refused?.reason, ...required };
      return { state: 'unreachable', reason: describe(error) };
    }
    const shared = { sharedIngest: info.sharedIngest, ...required };
    if (signIn && !signIn.refused && info.oidc && info.person === null) {
      // The token was refused on that request: the guard marked it (a 200 naming nobody is marked here).
      signIn = await signInFor(settings);
      if (signIn && !signIn.refused) {
        await writeSignIn({ ...signIn, refused: { at: deps.now().toISOString(), reason: 'the backend no longer knows this sign-in' } });
        await deps.onCredentialsChanged();
        signIn = await signInFor(settings);
      }
    }
    if (signIn?.refused) return { state: 'again', person, reason: signIn.refused.reason, ...shared };
    if (signIn) return { state: 'signed-in', person, ...shared };
    if (!info.oidc || !info.extensionStart) return { state: 'not-offered', ...shared };
    return { state: 'signed-out', ...shared };
  }

  async function run(): Promise<SignInOutcome> {
    const [settings, managed] = await Promise.all([readSettings(), readManaged()]);
    const backendUrl = settings.backendUrl;
    if (!backendUrl || managed.values.signIn === 'off') throw failure('not-offered');
    let info: AuthInfo;
    try {
      info = await askInfo(backendUrl);
    } catch (error) {
      throw failure('network', describe(error));
    }
    if (!info.oidc || !info.extensionStart) throw failure('not-offered');

    const identity = identityApi();
    const redirectUri = identity.getRedirectURL();
    const pkce = await startPkce();
    const start = new URL(backendEndpoint(backendUrl, info.extensionStart.startsWith('/') ? info.extensionStart : '/v1/auth/extension/start'));
    start.search = new URLSearchParams({ redirect_uri: redirectUri, state: pkce.state, code_challenge: pkce.challenge, code_challenge_method: 'S256' }).toString();

    let finalUrl: string | undefined;
    try {
      finalUrl = await identity.launchWebAuthFlow({ url: start.href, interactive: true });
    } catch (error) {
      const message = describe(error);
      // Chrome: "The user did not approve access."; Firefox: "User cancelled or denied access."
      throw failure(/did not approve|cancel|denied/i.test(message) ? 'cancelled' : 'window', message);
    }
    if (!finalUrl) throw failure('cancelled');
    const reading = readRedirect(finalUrl, { state: pkce.state, redirectUri });
    if (reading.kind === 'state-mismatch') throw failure('state-mismatch');
    if (reading.kind === 'denied') throw failure('denied', reading.description ?? reading.error);
    if (reading.kind === 'malformed') throw failure('malformed', reading.detail);

    let response: Response;
    try {
      response = await deps.fetchImpl(backendEndpoint(backendUrl, '/v1/auth/token'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: reading.code, code_verifier: pkce.verifier, redirect_uri: redirectUri }),
        signal: timeout(),
      });
    } catch (error) {
      throw failure('network', describe(error));
    }
    if (!response.ok) throw failure('exchange', `HTTP ${response.status}: ${await readErrorMessage(response)}`);
    const token = TokenResponse.safeParse(await response.json().catch(() => null));
    if (!token.success) throw failure('exchange', 'the backend answered something else than a personal token');

    // The settings may have changed while the window was open: the token belongs to the backend that issued it.
    await writeSignIn({
      token: token.data.token,
      email: token.data.person.email,
      name: token.data.person.name,
      expiresAt: token.data.expiresAt,
      signedInAt: deps.now().toISOString(),
      backendUrl,
    });
    await deps.onCredentialsChanged();
    return { status: await status({ ask: false }) };
  }

  async function start(): Promise<SignInOutcome> {
    if (running) return { status: await status({ ask: false }), problem: { kind: 'busy' } };
    running = run().catch(async (error: unknown) => {
      if (!(error instanceof SignInFailure)) throw error;
      // The kind and the backend's words only: neither the code nor the verifier.
      console.warn(`service-feedback: sign-in did not finish (${error.problem.kind})`);
      return { status: await status({ ask: false }), problem: error.problem };
    });
    try {
      return await running;
    } finally {
      running = undefined;
    }
  }

  /** Revokes the token at the backend when it can, and forgets it here in any case. */
  async function end(): Promise<SignOutOutcome> {
    const stored = await readSignIn();
    if (!stored) return { status: await status({ ask: false }), backendNotified: true };
    let backendNotified = false;
    let detail: string | undefined;
    try {
      const response = await deps.fetchImpl(backendEndpoint(stored.backendUrl, '/v1/auth/token'), {
        method: 'DELETE',
        headers: { authorization: `Bearer ${stored.token}` },
        signal: timeout(),
      });
      // 401: the backend no longer takes it (expired, revoked): ended either way.
      backendNotified = response.status === 204 || response.status === 401;
      if (!backendNotified) detail = `HTTP ${response.status}: ${await readErrorMessage(response)}`;
    } catch (error) {
      detail = describe(error);
    }
    await clearSignIn();
    await deps.onCredentialsChanged();
    return { status: await status({ ask: false }), backendNotified, ...(detail ? { detail: detail.slice(0, 500) } : {}) };
  }

  return { status, start, end };
}
