/**
 * PKCE (RFC 7636) and the `state` of the extension's sign-in: pure, Web Crypto only, so it runs
 * in the worker, the options page and the tests alike. The verifier never leaves the worker
 * until the code is redeemed; the backend sees only its S256 challenge at the start.
 */

/** RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
export const VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;

/** base64url without padding (RFC 4648 §5), as PKCE and the backend's `state` check want. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `byteCount` random bytes, base64url: 32 bytes give 43 characters (256 bits). */
export function randomUrlSafe(byteCount = 32, random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  return base64Url(random(new Uint8Array(byteCount)));
}

/** The S256 challenge of a verifier: base64url(SHA-256(ASCII(verifier))). */
export async function s256Challenge(verifier: string): Promise<string> {
  if (!VERIFIER_PATTERN.test(verifier)) throw new Error('pkce: a verifier is 43-128 characters of A-Z a-z 0-9 - . _ ~');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export interface PkceStart {
  verifier: string;
  challenge: string;
  /** Ties the redirect back to this very attempt (checked before the code is redeemed). */
  state: string;
}

/** A fresh verifier, its challenge and a state for one sign-in attempt. */
export async function startPkce(random?: (bytes: Uint8Array) => Uint8Array): Promise<PkceStart> {
  const verifier = randomUrlSafe(32, random);
  return { verifier, challenge: await s256Challenge(verifier), state: randomUrlSafe(24, random) };
}

/** Constant-time string equality (the state is compared without an early exit). */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}

export type RedirectReading =
  | { kind: 'code'; code: string }
  | { kind: 'denied'; error: string; description?: string }
  | { kind: 'state-mismatch' }
  | { kind: 'malformed'; detail: string };

/**
 * What the URL the identity window ended on says: a code for this attempt, a refusal from the
 * identity provider, or something to refuse (another attempt's state, no state, no code, another
 * place than our redirect URL). The state is checked first, on refusals too.
 */
export function readRedirect(finalUrl: string, expected: { state: string; redirectUri: string }): RedirectReading {
  let url: URL;
  try {
    url = new URL(finalUrl);
  } catch {
    return { kind: 'malformed', detail: 'not a URL' };
  }
  const redirect = new URL(expected.redirectUri);
  if (url.origin !== redirect.origin) return { kind: 'malformed', detail: `came back to ${url.origin}, not to ${redirect.origin}` };
  const params = url.searchParams;
  const state = params.get('state');
  if (state === null || !sameSecret(state, expected.state)) return { kind: 'state-mismatch' };
  const error = params.get('error');
  if (error !== null) return { kind: 'denied', error, ...(params.get('error_description') ? { description: params.get('error_description')! } : {}) };
  const code = params.get('code');
  if (!code) return { kind: 'malformed', detail: 'no code' };
  return { kind: 'code', code };
}
