import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  exportSettings,
  interpretSettings,
  migrateSettings,
  onSettingsChanged,
  parseSettingsImport,
  readSettings,
  SETTINGS_BACKUP_KEY,
  SETTINGS_KEY,
  SETTINGS_REJECTED_KEY,
  SETTINGS_VERSION,
  writeSettings,
  type Settings,
} from '../../platform/settings';

const stored = async (key: string) => (await fakeBrowser.storage.local.get(key))[key];

/** The pre-release shape: no `version`, older field names, origins as typed. */
const v0 = {
  serverUrl: 'https://feedback.example.com',
  apiToken: 'secret-1',
  includeTitles: false,
  anonymous: true,
  historyDays: 30,
  trackers: [{ origin: 'https://Jira.Example.com/jira/', type: 'jira' }],
};

describe('migrations', () => {
  beforeEach(() => fakeBrowser.reset());

  it('brings a v0 value to the current version without losing a setting', () => {
    expect(migrateSettings(v0)).toEqual({
      version: SETTINGS_VERSION,
      backendUrl: 'https://feedback.example.com',
      token: 'secret-1',
      sendTitles: false,
      anonymous: true,
      historyDays: 30,
      trackers: [{ origin: 'https://jira.example.com', type: 'jira', contextPath: '/jira' }],
    });
  });

  it.each([
    ['v0', v0],
    ['v1', { ...migrateSettings({ ...v0, trackers: [] }), version: 1, trackers: [{ origin: 'https://jira.example.com/jira', type: 'jira' }] }],
  ])('reads %s from storage, rewrites it as current and keeps the original as a backup', async (_name, old) => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: old });
    const settings = await readSettings();
    expect(settings).toMatchObject({ version: SETTINGS_VERSION, backendUrl: 'https://feedback.example.com', token: 'secret-1', sendTitles: false });
    expect(settings.trackers).toEqual([{ origin: 'https://jira.example.com', type: 'jira', contextPath: '/jira' }]);
    expect(await stored(SETTINGS_KEY)).toEqual(settings);
    expect((await stored(SETTINGS_BACKUP_KEY)) as { value: unknown }).toMatchObject({ value: old });
  });

  it('leaves a value from a newer version untouched in storage', async () => {
    const newer = { version: SETTINGS_VERSION + 1, anonymous: true, brandNew: 1 };
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: newer });
    expect((await readSettings()).anonymous).toBe(true);
    expect(await stored(SETTINGS_KEY)).toEqual(newer);
  });
});

describe('invalid stored data is kept aside, the rest survives', () => {
  beforeEach(() => fakeBrowser.reset());

  it('drops only the broken tracker and the broken field', async () => {
    await fakeBrowser.storage.local.set({
      [SETTINGS_KEY]: {
        version: SETTINGS_VERSION,
        anonymous: true,
        historyDays: -4,
        trackers: [{ origin: 'https://ok.example.com', type: 'gitlab' }, { origin: 'not a url', type: 'jira' }],
      },
    });
    const settings = await readSettings();
    expect(settings.anonymous).toBe(true);
    expect(settings.historyDays).toBe(DEFAULT_SETTINGS.historyDays);
    expect(settings.trackers).toEqual([{ origin: 'https://ok.example.com', type: 'gitlab' }]);
    const [entry] = (await stored(SETTINGS_REJECTED_KEY)) as Array<{ problems: Array<{ path: string }>; value: unknown }>;
    expect(entry?.problems.map((problem) => problem.path).sort()).toEqual(['historyDays', 'trackers.1.origin']);
    expect(entry?.value).toMatchObject({ historyDays: -4 });
  });

  it('keeps unknown keys aside and reads the rest once, not on every read', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { version: SETTINGS_VERSION, anonymous: true, futureThing: [1] } });
    await readSettings();
    await readSettings();
    const entries = (await stored(SETTINGS_REJECTED_KEY)) as Array<{ unknownKeys: string[]; value: unknown }>;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ unknownKeys: ['futureThing'], value: { futureThing: [1] } });
  });

  it('a value that is not an object gives defaults and is kept', () => {
    const reading = interpretSettings('garbage');
    expect(reading.settings).toEqual(DEFAULT_SETTINGS);
    expect(reading.rejected[0]).toMatchObject({ path: '(root)', value: 'garbage' });
  });
});

describe('onSettingsChanged', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reports each write until unsubscribed', async () => {
    const seen: Settings[] = [];
    const stop = onSettingsChanged((settings) => seen.push(settings));
    await writeSettings({ ...DEFAULT_SETTINGS, historyDays: 7 });
    await fakeBrowser.storage.local.set({ other: 1 });
    stop();
    await writeSettings({ ...DEFAULT_SETTINGS, historyDays: 8 });
    expect(seen.map((settings) => settings.historyDays)).toEqual([7]);
  });
});

describe('import and export', () => {
  const full: Settings = {
    ...DEFAULT_SETTINGS,
    backendUrl: 'https://feedback.example.com/',
    token: 'secret-2',
    anonymous: true,
    disabledBuiltIns: ['gitlab'],
    trackers: [{ origin: 'https://jira.example.com', type: 'jira', contextPath: '/jira' }],
  };

  it('round-trips everything, with the token only when asked', () => {
    const withToken = parseSettingsImport(exportSettings(full, { includeToken: true }), DEFAULT_SETTINGS);
    expect(withToken).toEqual({ ok: true, settings: full, unknownKeys: [] });
    const withoutToken = exportSettings(full, { includeToken: false });
    expect(withoutToken).not.toContain('secret-2');
    const { token: _token, ...rest } = full;
    expect(parseSettingsImport(withoutToken, DEFAULT_SETTINGS)).toEqual({ ok: true, settings: rest, unknownKeys: [] });
  });

  it('keeps the current token when the file has none and points at the same backend', () => {
    const result = parseSettingsImport(exportSettings(full, { includeToken: false }), full);
    expect(result.ok && result.settings.token).toBe('secret-2');
  });

  it('migrates an old export', () => {
    const result = parseSettingsImport(JSON.stringify({ format: 'service-feedback-settings', settings: v0 }), DEFAULT_SETTINGS);
    expect(result).toMatchObject({ ok: true, settings: { backendUrl: 'https://feedback.example.com', sendTitles: false } });
  });

  it.each([
    ['{ nope', '(file)', /not valid JSON/],
    ['{"settings": {}}', 'format', /not a Service Feedback settings file/],
    ['{"format":"service-feedback-settings","settings":{"version":99}}', 'settings.version', /newer version/],
    ['{"format":"service-feedback-settings","settings":{"historyDays":"ten"}}', 'settings.historyDays', /number/],
    ['{"format":"service-feedback-settings","settings":{"trackers":[{"origin":"https://x.example.com","type":"generic","pathPattern":"(","selectors":{"title":"h1","status":"b"}}]}}', 'settings.trackers.0.pathPattern', /named group/],
  ])('refuses %s naming %s', (text, path, message) => {
    const result = parseSettingsImport(text, DEFAULT_SETTINGS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.path).toBe(path);
    expect(result.problems[0]?.message).toMatch(message);
  });
});
