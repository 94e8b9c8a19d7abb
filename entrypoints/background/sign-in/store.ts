/**
 * `storage.local.signIn` (utils/contracts/sign-in.ts): the personal token from company sign-in.
 * Read and written only by the worker. A token is only ever used with the backend that issued it.
 */
import { browser } from 'wxt/browser';
import { SIGN_IN_KEY, SignInItem } from '../../../utils/contracts/sign-in';
import type { Settings } from '../../../platform/settings';

/** The stored sign-in, or undefined (none, or unreadable: then it is as good as none). */
export async function readSignIn(): Promise<SignInItem | undefined> {
  const stored = (await browser.storage.local.get(SIGN_IN_KEY))[SIGN_IN_KEY];
  if (stored === undefined) return undefined;
  const parsed = SignInItem.safeParse(stored);
  // Never the value itself in the log: it holds the token.
  if (!parsed.success) console.warn('service-feedback: ignored an unreadable stored sign-in');
  return parsed.success ? parsed.data : undefined;
}

export async function writeSignIn(item: SignInItem): Promise<void> {
  await browser.storage.local.set({ [SIGN_IN_KEY]: SignInItem.parse(item) });
}

export async function clearSignIn(): Promise<void> {
  await browser.storage.local.remove(SIGN_IN_KEY);
}

/** Same backend, whatever trailing slashes were typed. */
export const sameBackend = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** The sign-in that belongs to these settings' backend, if any. */
export async function signInFor(settings: Pick<Settings, 'backendUrl'>): Promise<SignInItem | undefined> {
  const stored = await readSignIn();
  return stored && sameBackend(stored.backendUrl, settings.backendUrl) ? stored : undefined;
}

/**
 * The settings the worker talks to the backend with: the personal token in place of the shared
 * ingest token while this backend's sign-in is stored — also once refused, so that ratings wait
 * for sign-in again (outbox state `auth`) instead of going in under the shared token, unverified.
 */
export async function withPersonalToken<S extends Pick<Settings, 'backendUrl' | 'token'>>(settings: S): Promise<S> {
  const signIn = await signInFor(settings);
  return signIn ? { ...settings, token: signIn.token } : settings;
}

/**
 * Marks the stored sign-in as refused when `token` is still the stored one (a sign-in again
 * meanwhile keeps its new token). Answers whether it changed anything.
 */
export async function markRefused(token: string, reason: string, at: Date): Promise<boolean> {
  const stored = await readSignIn();
  if (!stored || stored.token !== token || stored.refused) return false;
  await writeSignIn({ ...stored, refused: { at: at.toISOString(), reason: reason.slice(0, 500) } });
  return true;
}
