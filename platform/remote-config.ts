/**
 * The backend's service catalogue (`GET {backendUrl}/v1/config`), cached in `storage.local`
 * under `remoteConfig` with its ETag so refreshes are cheap (304). Without a backend, or before
 * the first fetch, `settings.local` supplies services, policies and calendars.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { IsoInstant, RemoteConfig } from '../utils/contracts/schema';
import type { Settings } from './settings';
import { backendEndpoint, REQUEST_TIMEOUT_MS } from '../utils/contracts/backend';

export const REMOTE_CONFIG_KEY = 'remoteConfig';

export const CachedRemoteConfig = z.object({
  config: RemoteConfig,
  etag: z.string().optional(),
  fetchedAt: IsoInstant,
  /** The backend it came from: a different backend URL makes the cache void. */
  backendUrl: z.string(),
});
export type CachedRemoteConfig = z.infer<typeof CachedRemoteConfig>;

export async function readCachedRemoteConfig(backendUrl: string | undefined): Promise<CachedRemoteConfig | undefined> {
  if (!backendUrl) return undefined;
  const stored = (await browser.storage.local.get(REMOTE_CONFIG_KEY))[REMOTE_CONFIG_KEY];
  const parsed = CachedRemoteConfig.safeParse(stored);
  if (stored !== undefined && !parsed.success) console.warn(`service-feedback: ignored an invalid cached remote config: ${z.prettifyError(parsed.error)}`);
  return parsed.success && parsed.data.backendUrl === backendUrl ? parsed.data : undefined;
}

/** The config that applies now: the backend's (cached), else the local one from settings, else empty. */
export async function effectiveConfig(settings: Pick<Settings, 'backendUrl' | 'local'>): Promise<RemoteConfig> {
  return (await readCachedRemoteConfig(settings.backendUrl))?.config ?? settings.local ?? RemoteConfig.parse({});
}

export type RefreshResult = { state: 'no-backend' | 'updated' | 'not-modified' } | { state: 'failed'; error: string };

export async function refreshRemoteConfig(
  settings: Pick<Settings, 'backendUrl' | 'token'>,
  { fetchImpl = fetch, now = () => new Date(), timeoutMs = REQUEST_TIMEOUT_MS } = {},
): Promise<RefreshResult> {
  const { backendUrl, token } = settings;
  if (!backendUrl) return { state: 'no-backend' };
  const cached = await readCachedRemoteConfig(backendUrl);
  let response: Response;
  try {
    response = await fetchImpl(backendEndpoint(backendUrl, '/v1/config'), {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(cached?.etag ? { 'if-none-match': cached.etag } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { state: 'failed', error: `config: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (response.status === 304 && cached) {
    await browser.storage.local.set({ [REMOTE_CONFIG_KEY]: { ...cached, fetchedAt: now().toISOString() } });
    return { state: 'not-modified' };
  }
  if (!response.ok) return { state: 'failed', error: `config: HTTP ${response.status}` };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { state: 'failed', error: 'config: the answer is not JSON' };
  }
  const parsed = RemoteConfig.safeParse(body);
  if (!parsed.success) return { state: 'failed', error: `config: ${z.prettifyError(parsed.error)}` };
  const entry: CachedRemoteConfig = { config: parsed.data, etag: response.headers.get('etag') ?? undefined, fetchedAt: now().toISOString(), backendUrl };
  await browser.storage.local.set({ [REMOTE_CONFIG_KEY]: entry });
  return { state: 'updated' };
}
