/**
 * Detection health, the worker's half: counts the ticket UI's `detection.miss` reports per local
 * day and tracker in `storage.local.detectionHealth` (14 days, utils/trackers/health-counts.ts),
 * answers the options page's `health.summary`, and — only when the backend's `/v1/config` says
 * `collectDetectionHealth: true` — sends the counts the backend has not acknowledged to
 * `POST /v1/health/detection` on its own alarm. The counts are written before any request and
 * marked sent only after a 2xx, so a backend down for days or a worker stopped mid-send loses
 * nothing within the 14 days; a resend replaces the same rows there (one per day id and tracker).
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { readCachedRemoteConfig, refreshRemoteConfig } from '../../platform/remote-config';
import { readSettings } from '../../platform/settings';
import { withPersonalToken } from './sign-in/store';
import { DETECTION_HEALTH_KEY, DetectionHealthItem, type DetectionHealthRow } from '../../utils/contracts/detection-health';
import type { Handlers } from './messaging';
import { countMiss, healthSummary, localDay, markSent, pruneHealth, unsentRows } from '../../utils/trackers/health-counts';
import { postToBackend, readErrorMessage } from './backend-request';
import { RETENTION_ALARM } from './storage/retention';

export const HEALTH_ALARM = 'sf-detection-health';
/**
 * A miss is a sign the backend may already carry a fix (an admin's selector override): a catalogue
 * older than this is fetched again at once (a 304 when nothing changed), so the fix reaches this
 * browser's open tabs without waiting for the hourly refresh.
 */
export const REFRESH_AFTER_MISS_MS = 10 * 60_000;
export const HEALTH_PERIOD_MINUTES = 30;
/** Rows per request, as the backend allows. */
const UPLOAD_BATCH = 200;

export interface DetectionHealthDeps {
  now: () => Date;
  fetchImpl?: typeof fetch;
  newId?: () => string;
}

async function readHealth(): Promise<DetectionHealthItem> {
  const stored = (await browser.storage.local.get(DETECTION_HEALTH_KEY))[DETECTION_HEALTH_KEY];
  const parsed = DetectionHealthItem.safeParse(stored ?? {});
  if (!parsed.success) console.warn(`service-feedback: detection health counts were unreadable and start again: ${z.prettifyError(parsed.error)}`);
  return parsed.success ? parsed.data : DetectionHealthItem.parse({});
}

// Read-modify-write steps run one after another, so two misses reported at once both count.
// (A queue of work, not state: a stopped worker loses at most the step in flight.)
let updates: Promise<unknown> = Promise.resolve();
function updateHealth(change: (item: DetectionHealthItem) => DetectionHealthItem): Promise<DetectionHealthItem> {
  const next = updates.then(async () => {
    const item = change(await readHealth());
    await browser.storage.local.set({ [DETECTION_HEALTH_KEY]: item });
    return item;
  });
  updates = next.catch(() => undefined);
  return next;
}

export type UploadResult = { state: 'off' | 'nothing' | 'sent'; rows: number } | { state: 'failed'; rows: number; error: string };

export function createDetectionHealth(deps: DetectionHealthDeps) {
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const today = () => localDay(deps.now());

  /** Whether the backend in force asked for the counts. */
  const collecting = async (settings: { backendUrl?: string }) =>
    Boolean(settings.backendUrl) && (await readCachedRemoteConfig(settings.backendUrl))?.config.collectDetectionHealth === true;

  // Misses that arrive together share one refresh.
  let refreshing: Promise<unknown> | undefined;
  const refreshIfStale = () => (refreshing ??= refreshStale().finally(() => (refreshing = undefined)));
  const refreshStale = async () => {
    const settings = await withPersonalToken(await readSettings());
    if (!settings.backendUrl) return;
    const cached = await readCachedRemoteConfig(settings.backendUrl);
    if (cached && deps.now().getTime() - Date.parse(cached.fetchedAt) < REFRESH_AFTER_MISS_MS) return;
    // A failure leaves the cached catalogue in force; the hourly refresh tries again.
    await refreshRemoteConfig(settings, { fetchImpl: deps.fetchImpl, now: deps.now });
  };

  const upload = async (): Promise<UploadResult> => {
    const settings = await withPersonalToken(await readSettings());
    if (!settings.backendUrl || !(await collecting(settings))) return { state: 'off', rows: 0 };
    const rows = unsentRows(await readHealth());
    if (rows.length === 0) return { state: 'nothing', rows: 0 };
    let sent = 0;
    for (let start = 0; start < rows.length; start += UPLOAD_BATCH) {
      const batch: DetectionHealthRow[] = rows.slice(start, start + UPLOAD_BATCH);
      const posted = await postToBackend('/v1/health/detection', { items: batch }, { settings: { ...settings, backendUrl: settings.backendUrl }, fetchImpl: deps.fetchImpl });
      const at = deps.now().toISOString();
      if (posted.kind === 'response' && posted.response.ok) {
        await updateHealth((item) => ({ ...markSent(item, batch), lastUpload: { at } }));
        sent += batch.length;
        continue;
      }
      const error = posted.kind === 'problem' ? posted.problem.message : `HTTP ${posted.response.status}: ${await readErrorMessage(posted.response)}`;
      await updateHealth((item) => ({ ...item, lastUpload: { at, error } }));
      return { state: 'failed', rows: sent, error };
    }
    return { state: 'sent', rows: sent };
  };

  const handlers: Pick<Handlers, 'detection.miss' | 'health.summary'> = {
    async 'detection.miss'({ miss }, sender) {
      // Only a tracker page's own ticket UI reports misses; extension pages have no tab.
      if (!sender.tab) throw new Error('detection.miss: only tracker pages report misses');
      await updateHealth((item) => countMiss(item, miss, today(), newId));
      await refreshIfStale();
      return {};
    },
    async 'health.summary'() {
      return healthSummary(await readHealth(), today(), await collecting(await readSettings()));
    },
  };

  return {
    handlers,
    upload,
    /** Retention: days older than 14 go even when no miss came since. */
    prune: () => updateHealth((item) => pruneHealth(item, today())),
    onAlarm: async (name: string) => {
      // The daily retention run ages the counts out too, even while no upload is due.
      if (name === RETENTION_ALARM) await updateHealth((item) => pruneHealth(item, today()));
      if (name !== HEALTH_ALARM) return;
      await updateHealth((item) => pruneHealth(item, today()));
      await upload();
    },
  };
}

export async function ensureHealthAlarm(): Promise<void> {
  if (!(await browser.alarms.get(HEALTH_ALARM))) await browser.alarms.create(HEALTH_ALARM, { periodInMinutes: HEALTH_PERIOD_MINUTES });
}
