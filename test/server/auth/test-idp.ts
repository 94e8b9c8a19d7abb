// A real OpenID Connect provider (oidc-provider) on loopback with test accounts, for the sign-in
// tests and the e2e. Its dev login form takes an account id (`alice`, `bob`, `carol`); `tamper`
// lets a test change the token endpoint's answer, as a broken or hostile IdP would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export const CLIENT_ID = 'service-feedback-test';
export const CLIENT_SECRET = 'test-client-secret-0001';

export const ACCOUNTS: Record<string, { email: string; name: string; groups: string[] }> = {
  alice: { email: 'alice@example.com', name: 'Alice Example', groups: ['staff'] },
  bob: { email: 'bob@example.com', name: 'Bob Example', groups: ['staff'] },
  carol: { email: 'carol@example.com', name: 'Carol Admin', groups: ['staff', 'feedback-admins'] },
};

export interface TestIdp {
  issuer: string;
  /** Signs a JWT with the provider's own key (for a validly signed but wrong ID token). */
  privateKey: CryptoKey;
  kid: string;
  /** Registers the backend's callback (call once the backend's URL is known). */
  register(redirectUris: string[]): void;
  /** When set, rewrites the token endpoint's JSON answer. */
  tamper: ((body: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>) | null;
  close(): Promise<void>;
}

export async function startTestIdp(): Promise<TestIdp> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key-1';
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  let handler: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end('not ready');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp: TestIdp = {
    issuer,
    privateKey,
    kid,
    tamper: null,
    register(redirectUris) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            redirect_uris: redirectUris,
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        jwks: { keys: [jwk] },
        ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
        pkce: { required: () => true },
        conformIdTokenClaims: false,
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
        scopes: ['openid', 'email', 'profile', 'groups'],
        cookies: { keys: ['test-idp-cookie-key-0001'] },
        features: { devInteractions: { enabled: true } },
        async findAccount(_ctx, id) {
          const account = ACCOUNTS[id];
          if (!account) return undefined;
          return { accountId: id, claims: async () => ({ sub: id, email: account.email, email_verified: true, name: account.name, groups: account.groups }) };
        },
      });
      provider.use(async (ctx, next) => {
        await next();
        if (ctx.path === '/token' && ctx.method === 'POST' && idp.tamper && ctx.status === 200 && typeof ctx.body === 'object') {
          ctx.body = await idp.tamper(ctx.body as Record<string, unknown>);
        }
      });
      handler = provider.callback();
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return idp;
}

/** A browser's cookie jar for one host, path-blind (enough for these flows). */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Walks the IdP's pages as a person would (login with `account`, then consent) from `authUrl`
 * until the IdP redirects somewhere else; that Location (the client's redirect URI with `code`
 * and `state`) is returned, not followed.
 */
export async function signInAtIdp(idp: TestIdp, authUrl: string, account: string): Promise<string> {
  const jar = new Jar();
  let url = authUrl;
  for (let step = 0; step < 12; step++) {
    const response = await fetch(url, { headers: { Cookie: jar.header() }, redirect: 'manual' });
    jar.take(response);
    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('Location')!, url).href;
      if (!next.startsWith(idp.issuer)) return next;
      url = next;
      continue;
    }
    const page = await response.text();
    const action = page.match(/<form[^>]*action="([^"]+)"/)?.[1];
    const prompt = page.match(/name="prompt" value="(\w+)"/)?.[1];
    if (!action || !prompt) throw new Error(`test IdP: unexpected page (${response.status}) at ${url}: ${page.replace(/<style>[^]*<\/style>/, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 400)}`);
    const form = new URLSearchParams({ prompt, ...(prompt === 'login' ? { login: account, password: 'any' } : {}) });
    const posted = await fetch(new URL(action, url), {
      method: 'POST',
      headers: { Cookie: jar.header(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    jar.take(posted);
    if (posted.status < 300 || posted.status >= 400) throw new Error(`test IdP: form answered ${posted.status}: ${(await posted.text()).slice(0, 300)}`);
    url = new URL(posted.headers.get('Location')!, url).href;
  }
  throw new Error('test IdP: sign-in did not finish');
}
