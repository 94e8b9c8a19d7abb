/**
 * The OpenID Connect client (issue 15), on `openid-client`: discovery (cached; tried again after
 * a failure), the authorization code flow with PKCE (S256), `state` and `nonce`, and the ID
 * token's checks (signature against the IdP's JWKS with key rotation, issuer, audience, expiry,
 * nonce). An http:// issuer is allowed only on loopback (tests, a local IdP).
 */
import * as client from 'openid-client';
import type { SignedInPerson } from '../store/auth';
import type { OidcConfig } from './config';

export class SignInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInError';
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export function createOidcClient(config: OidcConfig) {
  const issuer = new URL(config.issuer);
  const insecure = issuer.protocol === 'http:' && LOOPBACK.test(issuer.hostname);
  if (issuer.protocol === 'http:' && !insecure) throw new SignInError('auth.oidc.issuer: must be https (http only on loopback)');
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () =>
    (discovered ??= client
      .discovery(
        issuer,
        config.clientId,
        config.clientSecret,
        config.clientSecret === undefined ? client.None() : client.ClientSecretBasic(config.clientSecret),
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .then((cfg) => {
        // Check the ID token's signature (against the IdP's JWKS, fetched again for an unknown
        // key id: key rotation) even though it came straight from the token endpoint.
        client.enableNonRepudiationChecks(cfg);
        return cfg;
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw new SignInError(`identity provider: discovery at ${issuer.href} failed (${(error as Error).message})`);
      }));

  /** Where to send the browser, and what the callback must match. */
  async function authorizationRequest(redirectUri: string): Promise<AuthorizationRequest> {
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(await configuration(), {
      redirect_uri: redirectUri,
      scope: config.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** Redeems the IdP's code at the callback URL and reads the person from the checked ID token. */
  async function finish(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<SignedInPerson> {
    const cfg = await configuration();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(cfg, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new SignInError(`id_token: refused (${describe(error)})`);
    }
    const claims: Record<string, unknown> = { ...tokens.claims() };
    const wanted = [config.emailClaim, config.nameClaim, config.groupsClaim];
    if (wanted.some((claim) => claims[claim] === undefined) && tokens.access_token) {
      // Some IdPs put profile claims only in the UserInfo answer.
      try {
        const info = await client.fetchUserInfo(cfg, tokens.access_token, String(claims.sub));
        for (const claim of wanted) claims[claim] ??= info[claim];
      } catch {
        // The ID token's claims are what we have.
      }
    }
    const email = claims[config.emailClaim];
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) {
      throw new SignInError(`id_token: no e-mail address in the "${config.emailClaim}" claim`);
    }
    if (claims.email_verified === false) throw new SignInError('id_token: the identity provider has not verified this e-mail address');
    const name = claims[config.nameClaim];
    const groups = claims[config.groupsClaim];
    return {
      email: email.trim().toLowerCase(),
      name: typeof name === 'string' && name.trim() !== '' ? name.trim().slice(0, 200) : email.trim().toLowerCase(),
      groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
    };
  }

  return { authorizationRequest, finish, ready: configuration };
}
export type OidcClient = ReturnType<typeof createOidcClient>;

function describe(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError) return `${error.error}: ${error.error_description ?? ''}`.trim();
  if (error instanceof client.ResponseBodyError) return `${error.error}: ${error.error_description ?? ''}`.trim();
  return error instanceof Error ? error.message : String(error);
}
