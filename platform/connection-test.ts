/**
 * "Test connection" on the options page: `GET /v1/health`, then `GET /v1/config` with the token,
 * and one outcome a person can act on. Never throws.
 */
import { RemoteConfig } from '../utils/contracts/schema';
import { backendEndpoint } from '../utils/contracts/backend';
import { problemsOf, type FieldProblem } from './settings';

export type ConnectionOutcome =
  | { kind: 'ok'; services: number; policies: number; trackers: number }
  | { kind: 'invalid-url' }
  | { kind: 'unreachable'; detail: string; maybeTls: boolean }
  | { kind: 'tls'; detail: string }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'not-a-backend'; status?: number }
  | { kind: 'unauthorized'; status: number }
  | { kind: 'http-error'; status: number }
  | { kind: 'config-invalid'; problems: FieldProblem[] };

export interface ConnectionTestOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const TLS_FAILURE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i;


/** Error codes and messages along the `cause` chain (Node/undici put the real reason there). */
function failureText(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    for (const part of [code, name, message]) if (typeof part === 'string' && part) parts.push(part);
  }
  return [...new Set(parts)].join(': ') || String(error);
}

class Timeout extends Error {}

async function fetchWithin(url: URL, init: RequestInit, options: Required<ConnectionTestOptions>): Promise<Response> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Timeout());
    }, options.timeoutMs);
  });
  try {
    // Racing as well as aborting: not every fetch implementation honours the signal promptly.
    return await Promise.race([options.fetch(url, { ...init, signal: controller.signal, cache: 'no-store', credentials: 'omit' }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeFailure(error: unknown, url: URL, timeoutMs: number): ConnectionOutcome {
  if (error instanceof Timeout) return { kind: 'timeout', seconds: Math.round(timeoutMs / 1000) };
  const detail = failureText(error);
  if (TLS_FAILURE.test(detail)) return { kind: 'tls', detail };
  // Browsers hide the reason ("Failed to fetch"), so over HTTPS an untrusted certificate stays possible.
  return { kind: 'unreachable', detail, maybeTls: url.protocol === 'https:' };
}

export async function testConnection(backendUrl: string, token: string | undefined, options: ConnectionTestOptions = {}): Promise<ConnectionOutcome> {
  const settings = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, fetch: options.fetch ?? ((...args) => globalThis.fetch(...args)) };
  let health: URL;
  let configUrl: URL;
  try {
    // Same URL joining as the background's sync, so a passing test means sync reaches the same place.
    health = new URL(backendEndpoint(backendUrl, '/v1/health'));
    configUrl = new URL(backendEndpoint(backendUrl, '/v1/config'));
  } catch {
    return { kind: 'invalid-url' };
  }
  if (health.protocol !== 'https:' && health.protocol !== 'http:') return { kind: 'invalid-url' };

  let response: Response;
  try {
    response = await fetchWithin(health, {}, settings);
  } catch (error) {
    return describeFailure(error, health, settings.timeoutMs);
  }
  if (!response.ok) return { kind: 'not-a-backend', status: response.status };

  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: unknown;
  try {
    response = await fetchWithin(configUrl, { headers }, settings);
    if (response.status === 401 || response.status === 403) return { kind: 'unauthorized', status: response.status };
    if (!response.ok) return { kind: 'http-error', status: response.status };
    const text = await response.text();
    try {
      body = JSON.parse(text);
    } catch {
      return { kind: 'config-invalid', problems: [{ path: '(body)', message: 'the answer is not JSON' }] };
    }
  } catch (error) {
    return describeFailure(error, configUrl, settings.timeoutMs);
  }
  const config = RemoteConfig.safeParse(body);
  if (!config.success) return { kind: 'config-invalid', problems: problemsOf(config.error) };
  return { kind: 'ok', services: config.data.services.length, policies: config.data.policies.length, trackers: config.data.trackers.length };
}

/** For the UI's "what failed" line: zod's own wording, with the field path. */
export function formatProblems(problems: readonly FieldProblem[]): string {
  return problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
}
