/**
 * Sign-in with the company's identity provider (issue 15): what the worker keeps in
 * `storage.local.signIn` and what options and popup are told. The personal token lives only in
 * the worker's storage: no message ever carries it, no log line names it.
 */
import { z } from 'zod';
import { IsoInstant } from './schema';

export const SIGN_IN_KEY = 'signIn';

/** Personal tokens the backend issues start with this (server/auth/tokens.ts). */
export const PERSONAL_TOKEN_PREFIX = 'sfp_';

export const SignedInPerson = z.object({ email: z.string().max(320), name: z.string().max(200) });
export type SignedInPerson = z.infer<typeof SignedInPerson>;

/** `storage.local.signIn`: the personal token, whom it names, and the backend that issued it. */
export const SignInItem = z.object({
  token: z.string().startsWith(PERSONAL_TOKEN_PREFIX).max(500),
  email: z.string().max(320),
  name: z.string().max(200),
  /** As the backend said at sign-in; it renews the token on use, so this is not checked locally. */
  expiresAt: IsoInstant,
  signedInAt: IsoInstant,
  /** The backend it was issued by: it is never sent to another one. */
  backendUrl: z.string(),
  /** Set once that backend refused it (401: expired or revoked): ask to sign in again. */
  refused: z.object({ at: IsoInstant, reason: z.string().max(500) }).optional(),
});
export type SignInItem = z.infer<typeof SignInItem>;

/** What the options page and the popup show. */
export const SignInState = z.enum([
  /** Local-only mode: no backend, nothing to sign in to. */
  'no-backend',
  /** The backend does not offer company sign-in (or the organisation's policy switched it off). */
  'not-offered',
  /** The backend could not be asked whether it offers sign-in. */
  'unreachable',
  'signed-out',
  'signed-in',
  /** The backend refused the personal token: ratings wait (outbox state `auth`) until sign-in again. */
  'again',
]);
export type SignInState = z.infer<typeof SignInState>;

export const SignInStatus = z.object({
  state: SignInState,
  person: SignedInPerson.optional(),
  /** Why sign-in is needed again (the backend's words), or why the backend could not be asked. */
  reason: z.string().optional(),
  /** Whether the backend still takes the shared ingest token (`/v1/auth/info`). */
  sharedIngest: z.boolean().optional(),
  /** The organisation's policy (`signIn: "required"`). */
  required: z.boolean().optional(),
});
export type SignInStatus = z.infer<typeof SignInStatus>;

/** Why a sign-in attempt did not end signed in; the pages show `options_signin_problem_<kind>`. */
export const SignInProblemKind = z.enum(['cancelled', 'window', 'state-mismatch', 'denied', 'malformed', 'exchange', 'network', 'not-offered', 'busy']);
export type SignInProblemKind = z.infer<typeof SignInProblemKind>;

export const SignInOutcome = z.object({
  status: SignInStatus,
  problem: z.object({ kind: SignInProblemKind, detail: z.string().max(500).optional() }).optional(),
});
export type SignInOutcome = z.infer<typeof SignInOutcome>;

export const SignOutOutcome = z.object({
  status: SignInStatus,
  /** False when the backend could not be told (down, unreachable): the token was forgotten here only. */
  backendNotified: z.boolean(),
  detail: z.string().max(500).optional(),
});
export type SignOutOutcome = z.infer<typeof SignOutOutcome>;

/** `POST /v1/auth/token`'s answer (server/auth/token-routes.ts → TokenResponse). */
export const TokenResponse = z.object({
  token: z.string().startsWith(PERSONAL_TOKEN_PREFIX).max(500),
  person: SignedInPerson,
  expiresAt: IsoInstant,
});

/** `GET /v1/auth/info`'s answer (server/auth/token-routes.ts → AuthInfo). */
export const AuthInfo = z.object({
  oidc: z.boolean(),
  sharedIngest: z.boolean(),
  extensionStart: z.string().nullable(),
  person: SignedInPerson.nullable(),
});
export type AuthInfo = z.infer<typeof AuthInfo>;
