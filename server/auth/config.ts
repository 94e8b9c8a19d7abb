/**
 * `auth` in the server configuration (issue 15): the company's OpenID Connect provider and
 * whether shared ingest tokens still work. Secrets may come from the environment instead of the
 * file: SERVICE_FEEDBACK_OIDC_ISSUER, SERVICE_FEEDBACK_OIDC_CLIENT_ID, SERVICE_FEEDBACK_OIDC_CLIENT_SECRET.
 */
import { z } from 'zod';

export const DEFAULT_SCOPES = ['openid', 'email', 'profile'];

const claimName = z.string().trim().min(1, 'must not be empty').max(200);

export const OidcConfig = z.object({
  /** The issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .refine((value) => value.startsWith('https:') || /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(value), 'must be https (http only on loopback)'),
  clientId: z.string().min(1, 'must not be empty'),
  /** A confidential client's secret; without it the backend is a public client (PKCE only). */
  clientSecret: z.string().min(1, 'must not be empty').optional(),
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be a scope name')).default(DEFAULT_SCOPES),
  emailClaim: claimName.default('email'),
  nameClaim: claimName.default('name'),
  groupsClaim: claimName.default('groups'),
  /** People carrying one of these groups are admins. */
  adminGroups: z.array(z.string().min(1)).default([]),
  /** Extra redirect URIs the extension may ask for besides identity.getRedirectURL()'s hosts; and, when set, only these. */
  extensionRedirectUris: z.array(z.url({ protocol: /^https$/, error: 'must be an https URL' })).optional(),
});
export type OidcConfig = z.infer<typeof OidcConfig>;

export const AuthConfig = z
  .object({
    oidc: OidcConfig.optional(),
    /** Whether `tokens.ingest` may post ratings; default true without `oidc`, false with it. */
    sharedIngest: z.boolean().optional(),
  })
  .default({});
export type AuthConfig = z.infer<typeof AuthConfig>;

/** Whether shared ingest tokens are accepted. */
export const sharedIngestAllowed = (auth: AuthConfig) => auth.sharedIngest ?? auth.oidc === undefined;

/** Environment overrides for `auth.oidc` (secrets need not live in the file). */
export function applyAuthEnvironment(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const fromEnv = {
    issuer: env.SERVICE_FEEDBACK_OIDC_ISSUER,
    clientId: env.SERVICE_FEEDBACK_OIDC_CLIENT_ID,
    clientSecret: env.SERVICE_FEEDBACK_OIDC_CLIENT_SECRET,
  };
  const set = Object.fromEntries(Object.entries(fromEnv).filter(([, value]) => value !== undefined && value !== ''));
  if (Object.keys(set).length === 0) return raw;
  const auth = typeof raw.auth === 'object' && raw.auth !== null ? (raw.auth as Record<string, unknown>) : {};
  const oidc = typeof auth.oidc === 'object' && auth.oidc !== null ? (auth.oidc as Record<string, unknown>) : {};
  return { ...raw, auth: { ...auth, oidc: { ...oidc, ...set } } };
}

/** Cross-field problems: with shared ingest on, at least one ingest token. */
export function authProblems(raw: Record<string, unknown>): string[] {
  const auth = (typeof raw.auth === 'object' && raw.auth !== null ? raw.auth : {}) as { oidc?: unknown; sharedIngest?: unknown };
  const tokens = (typeof raw.tokens === 'object' && raw.tokens !== null ? raw.tokens : {}) as { ingest?: unknown };
  const shared = typeof auth.sharedIngest === 'boolean' ? auth.sharedIngest : auth.oidc === undefined;
  if (shared && typeof raw.tokens === 'object' && (tokens.ingest === undefined || (Array.isArray(tokens.ingest) && tokens.ingest.length === 0))) {
    return ['tokens.ingest: needs at least one ingest token (or configure auth.oidc and set auth.sharedIngest to false)'];
  }
  return [];
}
