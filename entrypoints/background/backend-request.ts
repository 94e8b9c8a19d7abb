/** One JSON POST to the company backend with the person's token, its transport failures in words. */
import type { SyncProblem } from '../../utils/contracts/messages';
import { backendEndpoint, REQUEST_TIMEOUT_MS } from '../../utils/contracts/backend';

export interface BackendTarget {
  settings: { backendUrl: string; token?: string };
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

export type Posted = { kind: 'response'; response: Response } | { kind: 'problem'; problem: Omit<SyncProblem, 'at'> };

export async function postToBackend(path: string, body: unknown, { settings, fetchImpl = fetch, timeoutMs = REQUEST_TIMEOUT_MS }: BackendTarget, headers: Record<string, string> = {}): Promise<Posted> {
  try {
    const response = await fetchImpl(backendEndpoint(settings.backendUrl, path), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { kind: 'response', response };
  } catch (error) {
    const timedOut = error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return { kind: 'problem', problem: { kind: timedOut ? 'timeout' : 'network', message: timedOut ? `no answer within ${timeoutMs / 1000} s` : message } };
  }
}

/** The backend's own explanation of a refusal (`{ error }` or `{ message }`), else its text. */
export async function readErrorMessage(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).slice(0, 500);
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = body.error ?? body.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: the text itself is the best explanation we have
  }
  return text || `HTTP ${response.status}`;
}
