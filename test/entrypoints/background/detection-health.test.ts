// The worker's detection health: misses from tracker pages counted per local day and tracker
// (concurrent reports all count), the options summary, and the upload to the real backend only
// when its /v1/config allows it — sent once, resent only when counts grew, kept while it is down.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Runtime } from 'webextension-polyfill';
import { createDetectionHealth, HEALTH_ALARM, REFRESH_AFTER_MISS_MS } from '../../../entrypoints/background/detection-health';
import { readCachedRemoteConfig, refreshRemoteConfig } from '../../../platform/remote-config';
import { DETECTION_HEALTH_KEY, DetectionHealthItem } from '../../../utils/contracts/detection-health';
import type { DetectionMiss } from '../../../utils/trackers/health';
import { ADMIN, bearer, INGEST, type TestServer } from '../../server/helpers';
import { healthSection as adminRows, startHealthServers } from '../../server/health/helpers';

const fromTab = { id: 'test', tab: { id: 7 } } as unknown as Runtime.MessageSender;
const miss: DetectionMiss = { tracker: 'gitlab', missing: ['status'], emptyChains: ['state', 'statusAnchor'] };
let clock = new Date(2026, 11, 2, 10, 0); // Wednesday, local time
const health = () => createDetectionHealth({ now: () => clock });
const stored = async () => DetectionHealthItem.parse((await fakeBrowser.storage.local.get(DETECTION_HEALTH_KEY))[DETECTION_HEALTH_KEY]);

let server: TestServer;
let closed: TestServer;
beforeAll(async () => {
  ({ collecting: server, closed } = await startHealthServers());
});
afterAll(async () => Promise.all([server.dispose(), closed.dispose()]));
beforeEach(() => {
  fakeBrowser.reset();
  clock = new Date(2026, 11, 2, 10, 0);
});

describe('detection health in the worker', () => {
  it('counts every report, also when they arrive at once, and summarises since Monday', async () => {
    const { handlers } = health();
    await Promise.all(Array.from({ length: 5 }, () => handlers['detection.miss']({ miss }, fromTab)));
    clock = new Date(2026, 10, 29, 12, 0); // the Sunday before: not "since Monday"
    await handlers['detection.miss']({ miss: { tracker: 'github', missing: ['title'], emptyChains: ['title'] } }, fromTab);
    clock = new Date(2026, 11, 2, 10, 0);
    expect((await stored()).days['2026-12-02']?.gitlab).toMatchObject({ status: 5, emptyChains: { state: 5, statusAnchor: 5 } });
    expect(await handlers['health.summary']({}, fromTab)).toEqual({ since: '2026-11-30', items: [{ tracker: 'gitlab', fact: 'status', pages: 5 }], shared: false });
  });

  it('takes misses from tracker pages only', async () => {
    await expect(health().handlers['detection.miss']({ miss }, { id: 'test' } as Runtime.MessageSender)).rejects.toThrow(/only tracker pages/);
  });

  it('sends nothing to a backend that does not collect', async () => {
    const settings = { backendUrl: closed.url, token: INGEST };
    await fakeBrowser.storage.local.set({ settings });
    await refreshRemoteConfig(settings);
    const worker = health();
    await worker.handlers['detection.miss']({ miss }, fromTab);
    expect(await worker.upload()).toEqual({ state: 'off', rows: 0 });
    expect((await worker.handlers['health.summary']({}, fromTab)).shared).toBe(false);
  });

  it('uploads to a collecting backend once, again only when counts grew, and keeps them while it is down', async () => {
    const settings = { backendUrl: server.url, token: INGEST };
    await fakeBrowser.storage.local.set({ settings });
    await refreshRemoteConfig(settings);
    clock = new Date(); // the backend takes recent days only
    const worker = health();
    await worker.handlers['detection.miss']({ miss }, fromTab);
    expect((await worker.handlers['health.summary']({}, fromTab)).shared).toBe(true);
    expect(await worker.upload()).toEqual({ state: 'sent', rows: 1 });
    expect(await worker.upload()).toEqual({ state: 'nothing', rows: 0 });
    await worker.handlers['detection.miss']({ miss }, fromTab);
    // A worker stopped after the request but before it marked the rows sent sends them again.
    const beforeMark = await stored();
    expect(await worker.upload()).toEqual({ state: 'sent', rows: 1 });
    await fakeBrowser.storage.local.set({ [DETECTION_HEALTH_KEY]: beforeMark });
    await worker.onAlarm(HEALTH_ALARM);
    expect((await stored()).lastUpload?.error).toBeUndefined();
    expect(await adminRows(server)).toMatch(/<td>GitLab<\/td><td>2<\/td><td>0<\/td>[\s\S]*<code>state<\/code> \(2\)[\s\S]*<td>1<\/td><td><\/td>/);

    // The backend is gone: the counts stay unsent with the reason, and go once it answers again.
    await fakeBrowser.storage.local.set({ settings: { ...settings, backendUrl: 'http://127.0.0.1:9' } });
    const { remoteConfig } = (await fakeBrowser.storage.local.get('remoteConfig')) as { remoteConfig: Record<string, unknown> };
    await fakeBrowser.storage.local.set({ remoteConfig: { ...remoteConfig, backendUrl: 'http://127.0.0.1:9' } });
    await worker.handlers['detection.miss']({ miss }, fromTab);
    expect(await worker.upload()).toMatchObject({ state: 'failed', rows: 0 });
    expect((await stored()).lastUpload?.error).toBeTruthy();
    await fakeBrowser.storage.local.set({ settings });
    await refreshRemoteConfig(settings);
    expect(await worker.upload()).toEqual({ state: 'sent', rows: 1 });
    expect(await adminRows(server)).toMatch(/<td>GitLab<\/td><td>3<\/td>/);
  });

  it('a miss fetches a catalogue older than ten minutes again, so an override already pushed reaches the tabs', async () => {
    const settings = { backendUrl: closed.url, token: INGEST };
    await fakeBrowser.storage.local.set({ settings });
    clock = new Date();
    await refreshRemoteConfig(settings, { now: () => clock });
    const headers = bearer(ADMIN);
    const current = (await (await fetch(`${closed.url}/v1/admin/catalogue`, { headers })).json()) as { version: number; catalogue: Record<string, unknown> };
    const selectorOverrides = { github: { state: ['[data-component="IssueStateChip"]'] } };
    const saved = await fetch(`${closed.url}/v1/admin/catalogue`, { method: 'PUT', headers, body: JSON.stringify({ catalogue: { ...current.catalogue, selectorOverrides }, basedOn: current.version }) });
    expect(saved.status).toBe(201);
    const worker = health();
    await worker.handlers['detection.miss']({ miss }, fromTab);
    expect((await readCachedRemoteConfig(closed.url))?.config.selectorOverrides).toBeUndefined(); // fetched just now: not asked again
    clock = new Date(clock.getTime() + REFRESH_AFTER_MISS_MS + 1);
    await worker.handlers['detection.miss']({ miss }, fromTab);
    expect((await readCachedRemoteConfig(closed.url))?.config.selectorOverrides).toEqual(selectorOverrides);
  });
});
