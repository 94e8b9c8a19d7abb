/**
 * Every request the worker sends to the backend goes through this fetch (feedback.ts wraps its
 * `fetchImpl` once), so one place notices a refused personal token, whichever request met it:
 * ratings, replies, answers, the catalogue, detection health.
 *
 * - A `401` to a request that carried the stored personal token marks the sign-in as refused
 *   (`signIn.refused`): the popup and options say "Sign in again", the toolbar shows an amber `!`.
 * - While it is refused the token is not sent again: the request is answered here with the same
 *   401, so the callers keep their `auth` handling (ratings wait in the outbox) and the backend
 *   does not count one failed attempt per alarm against the person's address.
 */
import { PERSONAL_TOKEN_PREFIX } from '../../../utils/contracts/sign-in';
import { readErrorMessage } from '../backend-request';
import { markRefused, readSignIn } from './store';

export interface TokenGuardOptions {
  now: () => Date;
  /** After a token was first marked refused (the toolbar badge follows). */
  onRefused?: () => Promise<void>;
}

function bearerOf(init: RequestInit | undefined): string | undefined {
  const value = new Headers(init?.headers).get('authorization');
  const match = value?.match(/^Bearer (.+)$/);
  return match?.[1];
}

/** `fetchImpl` that watches for refusals of the personal token (see above). */
export function guardPersonalToken(fetchImpl: typeof fetch, { now, onRefused }: TokenGuardOptions): typeof fetch {
  return async (input, init) => {
    const token = bearerOf(init);
    const personal = token?.startsWith(PERSONAL_TOKEN_PREFIX) ? token : undefined;
    if (personal) {
      const stored = await readSignIn();
      if (stored?.token === personal && stored.refused) {
        return new Response(JSON.stringify({ error: stored.refused.reason }), { status: 401, headers: { 'content-type': 'application/json' } });
      }
    }
    const response = await fetchImpl(input, init);
    if (personal && response.status === 401) {
      const reason = await readErrorMessage(response.clone());
      if (await markRefused(personal, reason, now())) await onRefused?.();
    }
    return response;
  };
}
