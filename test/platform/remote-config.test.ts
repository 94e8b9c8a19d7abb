import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { effectiveConfig, readCachedRemoteConfig, refreshRemoteConfig } from '../../platform/remote-config';
import { startRatingsServer, type RatingsServer } from '../entrypoints/background/ratings-server';

let server: RatingsServer;
const catalogue = { services: [{ id: 'hr', name: 'People Team', match: [{ tracker: 'gitlab' }] }], ratingWindowDays: 14 };

beforeEach(async () => {
  fakeBrowser.reset();
  server = await startRatingsServer();
});
afterEach(() => server.close());

describe('remote config cache', () => {
  it('caches the config with its ETag and revalidates with If-None-Match', async () => {
    server.setConfig(catalogue);
    const settings = { backendUrl: server.url, token: 'tok' };
    expect(await refreshRemoteConfig(settings, { now: () => new Date('2026-11-01T00:00:00Z') })).toEqual({ state: 'updated' });
    const first = await readCachedRemoteConfig(server.url);
    expect(first?.config.services[0]?.name).toBe('People Team');
    expect(server.configRequests[0]).toEqual({ ifNoneMatch: undefined, authorization: 'Bearer tok' });

    expect(await refreshRemoteConfig(settings, { now: () => new Date('2026-11-02T00:00:00Z') })).toEqual({ state: 'not-modified' });
    expect(server.configRequests[1]?.ifNoneMatch).toBe(first?.etag);
    expect((await readCachedRemoteConfig(server.url))?.fetchedAt).toBe('2026-11-02T00:00:00.000Z');
  });

  it('keeps the cached config when the new one is invalid, and says which field', async () => {
    server.setConfig(catalogue);
    await refreshRemoteConfig({ backendUrl: server.url });
    server.setConfig({ services: [{ id: '', name: 'x' }] });
    const result = await refreshRemoteConfig({ backendUrl: server.url });
    expect(result).toMatchObject({ state: 'failed', error: expect.stringMatching(/services\[0\]\.id|id/) });
    expect((await effectiveConfig({ backendUrl: server.url })).ratingWindowDays).toBe(14);
  });

  it('falls back to the local config for another backend or none', async () => {
    server.setConfig(catalogue);
    await refreshRemoteConfig({ backendUrl: server.url });
    const local = { services: [], policies: [], calendars: [], trackers: [], ratingWindowDays: 3, collectDetectionHealth: false };
    expect((await effectiveConfig({ backendUrl: 'https://other.example', local })).ratingWindowDays).toBe(3);
    expect((await effectiveConfig({})).ratingWindowDays).toBe(28);
    expect(await refreshRemoteConfig({})).toEqual({ state: 'no-backend' });
  });
});
