/**
 * Sign-in through the company's identity provider (issue 15). The web UI: `GET /auth/login` →
 * IdP → `GET /auth/callback` → a database session. The extension: `GET /v1/auth/extension/start`
 * (from `identity.launchWebAuthFlow`) → IdP → the same callback → back to the extension's
 * redirect URL with a one-time code (60 s, single use, bound to its PKCE challenge and that
 * redirect URL), which `POST /v1/auth/token` (token-routes.ts) turns into a personal token.
 * Every refusal names what was wrong and stores nothing.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { loadCatalog, type Language } from '../../utils/i18n/catalog';
import { clientAddress } from '../http/auth';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';
import { pageSecurityHeaders } from '../http/security-headers';
import { createTranslator, html, layoutPage, pickLanguage, type Translate } from '../report/page';
import type { OidcConfig } from './config';
import { SignInError, type OidcClient } from './oidc';
import { randomSecret, sha256Hex } from './tokens';

export const LOGIN_COOKIE = 'sf_login_state';
const LOGIN_SECONDS = 10 * 60;
export const CODE_SECONDS = 60;

/** identity.getRedirectURL(): Chrome/Edge `https://<id>.chromiumapp.org/…`, Firefox `https://<hash>.extensions.allizom.org/…`. */
const EXTENSION_REDIRECT = /^https:\/\/[a-z0-9-]{1,64}\.(chromiumapp\.org|extensions\.allizom\.org)\/[\w./-]*$/;

export function extensionRedirectAllowed(uri: string, config: OidcConfig): boolean {
  return config.extensionRedirectUris ? config.extensionRedirectUris.includes(uri) : EXTENSION_REDIRECT.test(uri);
}

const loginDoc = doc({ summary: 'Web sign-in through the identity provider', tag: 'auth', callers: ['anyone'], ok: { status: 303, description: 'To the identity provider' }, errors: [404] });
const callbackDoc = doc({
  summary: "The identity provider's redirect back (web UI or extension sign-in)",
  tag: 'auth',
  callers: ['anyone'],
  query: { code: "The IdP's code", state: 'The state this server sent' },
  ok: { status: 303, description: 'Extension: to its redirect URL with `code` and `state`; web: a page that moves on to the report or inbox' },
  errors: [400, 404],
});
const extensionStartDoc = doc({
  summary: "Extension sign-in: opened by identity.launchWebAuthFlow",
  tag: 'auth',
  callers: ['anyone'],
  query: {
    redirect_uri: "The extension's identity.getRedirectURL()",
    state: "The extension's own state, handed back",
    code_challenge: 'PKCE S256 challenge of the verifier sent to POST /v1/auth/token',
    code_challenge_method: 'S256',
  },
  ok: { status: 303, description: 'To the identity provider' },
  errors: [400, 404],
});

export function authRoutes(deps: Deps, oidc: OidcClient | null) {
  const { store, config, now, sessions, limit, projectRoot, access } = deps;
  const translators: Record<Language, Translate> = {
    en: createTranslator(loadCatalog(projectRoot, 'en')),
    zh_CN: createTranslator(loadCatalog(projectRoot, 'zh_CN')),
  };
  const callbackUrl = (c: Context) => `${config.publicUrl ?? new URL(c.req.url).origin}/auth/callback`;

  function page(c: Context, status: 200 | 400, title: (t: Translate) => string, body: (t: Translate) => ReturnType<typeof html>) {
    const nonce = randomBytes(16).toString('base64');
    const language = pickLanguage(c.req.header('Accept-Language'));
    pageSecurityHeaders(c, nonce);
    const t = translators[language];
    return c.html(layoutPage({ language, styleNonce: nonce, title: title(t), body: body(t) }), status);
  }
  const refused = (c: Context, error: string) =>
    page(c, 400, (t) => t('auth_failed_title'), (t) => html`<h1>${t('auth_failed_title')}</h1>
<p class="error" role="alert">${error}</p>
<p><a href="/">${t('auth_failed_retry')}</a></p>`);

  /** A limited or refused request, or null to go on. */
  const guard = async (c: Context) => (oidc === null ? fail(c, 404, 'auth: sign-in with an identity provider is not configured here') : ((await limit(c, `auth:${clientAddress(c)}`)) ?? null));

  return new Hono<Env>()
    .get('/auth/login', loginDoc, async (c) => {
      const stop = await guard(c);
      if (stop) return stop;
      try {
        const request = await oidc!.authorizationRequest(callbackUrl(c));
        await store.addLogin(request.state, { kind: 'web', nonce: request.nonce, codeVerifier: request.codeVerifier, redirectUri: null, clientState: null, codeChallenge: null, expiresAt: now() + LOGIN_SECONDS * 1000 });
        // Lax: it must come back with the IdP's cross-site redirect; it only ties the callback to this browser.
        setCookie(c, LOGIN_COOKIE, request.state, { httpOnly: true, sameSite: 'Lax', path: '/auth', maxAge: LOGIN_SECONDS, secure: new URL(c.req.url).protocol === 'https:' });
        return c.redirect(request.url, 303);
      } catch (error) {
        return refused(c, error instanceof SignInError ? error.message : 'identity provider: not reachable');
      }
    })
    .get('/v1/auth/extension/start', extensionStartDoc, async (c) => {
      const stop = await guard(c);
      if (stop) return stop;
      const query = c.req.query();
      const redirectUri = query.redirect_uri ?? '';
      if (!extensionRedirectAllowed(redirectUri, config.auth.oidc!)) return fail(c, 400, "redirect_uri: must be the extension's identity.getRedirectURL()");
      if (!/^[\w.~-]{8,200}$/.test(query.state ?? '')) return fail(c, 400, 'state: required, 8-200 URL-safe characters');
      if (query.code_challenge_method !== 'S256') return fail(c, 400, 'code_challenge_method: must be S256');
      if (!/^[\w-]{43}$/.test(query.code_challenge ?? '')) return fail(c, 400, 'code_challenge: must be a base64url SHA-256 (43 characters)');
      try {
        const request = await oidc!.authorizationRequest(callbackUrl(c));
        await store.addLogin(request.state, {
          kind: 'extension',
          nonce: request.nonce,
          codeVerifier: request.codeVerifier,
          redirectUri,
          clientState: query.state!,
          codeChallenge: query.code_challenge!,
          expiresAt: now() + LOGIN_SECONDS * 1000,
        });
        return c.redirect(request.url, 303);
      } catch (error) {
        return fail(c, 400, error instanceof SignInError ? error.message : 'identity provider: not reachable');
      }
    })
    .get('/auth/callback', callbackDoc, async (c) => {
      const stop = await guard(c);
      if (stop) return stop;
      const state = c.req.query('state') ?? '';
      const login = state === '' ? null : await store.takeLogin(state);
      if (login === null || login.expiresAt <= now()) {
        const limited = await access.failedAttempt(c);
        if (limited) return limited;
        return refused(c, 'state: unknown, used or expired sign-in; start again');
      }
      if (login.kind === 'web') {
        const bound = getCookie(c, LOGIN_COOKIE);
        deleteCookie(c, LOGIN_COOKIE, { path: '/auth' });
        if (bound !== state) return refused(c, 'state: this sign-in was not started in this browser; start again');
      }
      let person;
      try {
        person = await oidc!.finish(new URL(`${callbackUrl(c)}${new URL(c.req.url).search}`), { ...login, state });
      } catch (error) {
        const message = error instanceof SignInError ? error.message : 'identity provider: sign-in failed';
        if (login.kind === 'extension') return c.redirect(withQuery(login.redirectUri!, { error: 'access_denied', error_description: message, state: login.clientState! }), 303);
        return refused(c, message);
      }
      if (login.kind === 'extension') {
        const code = randomSecret();
        await store.addAuthCode(sha256Hex(code), { ...person, redirectUri: login.redirectUri!, codeChallenge: login.codeChallenge!, expiresAt: now() + CODE_SECONDS * 1000 });
        return c.redirect(withQuery(login.redirectUri!, { code, state: login.clientState! }), 303);
      }
      await sessions.start(c, { ...person, source: 'oidc' });
      // A same-site step, so the Strict session cookie goes with it (see session.ts).
      const nonce = randomBytes(16).toString('base64');
      const language = pickLanguage(c.req.header('Accept-Language'));
      pageSecurityHeaders(c, nonce);
      const t = translators[language];
      return c.html(
        `<!doctype html><html lang="${language === 'zh_CN' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/"><title>${html`${t('auth_continue')}`}</title></head><body><p><a href="/">${html`${t('auth_continue')}`}</a></p></body></html>`,
        200,
      );
    });
}

function withQuery(uri: string, params: Record<string, string>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}
