/**
 * One GET of a tracker's own JSON, read with a hand-written reader. Any failure — refused,
 * offline, aborted, not 2xx, not JSON, not the expected shape — is `undefined`: the DOM reading
 * stands. The fetch is handed in (the content script's, with its abort signal), never global.
 */
import { readOrUndefined } from '../contracts/read-json';

export async function getJson<T>(
  fetchImpl: typeof fetch,
  url: string,
  read: (value: unknown) => T,
  credentials: RequestCredentials = 'same-origin',
): Promise<T | undefined> {
  try {
    const response = await fetchImpl(url, { credentials, headers: { Accept: 'application/json' } });
    return response.ok ? readOrUndefined(await response.json(), read) : undefined;
  } catch {
    return undefined;
  }
}
