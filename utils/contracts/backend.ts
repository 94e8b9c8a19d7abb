/** Addresses and limits of the company backend, shared by the worker and the options page. */

export const REQUEST_TIMEOUT_MS = 20_000;

/** `{backendUrl}{path}`, whatever trailing slashes the person typed. */
export function backendEndpoint(backendUrl: string, path: string): string {
  return `${backendUrl.replace(/\/+$/, '')}${path}`;
}
