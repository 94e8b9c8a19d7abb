import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { interpretManaged, onManagedChanged, organisationOrigins, readManaged, type ManagedReading } from '../../platform/managed-settings';
import { applyManaged, DEFAULT_SETTINGS, onSettingsChanged, ownPart, readOwnSettings, readSettings, SETTINGS_KEY, writeSettings, type Settings } from '../../platform/settings';

const gitlab = { origin: 'https://gitlab.corp.example', type: 'gitlab' as const, name: 'Corp GitLab' };
const ownJira = { origin: 'https://jira.team.example', type: 'jira' as const };

const policy = {
  backendUrl: 'https://feedback.corp.example',
  token: 'org-token',
  trackers: [gitlab],
  anonymous: true,
  historyDays: 30,
};

/** Waits for the next call of an on…Changed listener. */
function nextCall<T>(subscribe: (listener: (value: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const stop = subscribe((value) => {
      stop();
      resolve(value);
    });
  });
}

describe('interpretManaged', () => {
  it('takes every valid key and knows which ones are set', () => {
    const reading = interpretManaged({ ...policy, signIn: 'required', disabledBuiltIns: ['github'], sendTitles: false, ignoredResponders: ['ci-bot'] });
    expect(reading.problems).toEqual([]);
    expect(reading.values).toEqual({ ...policy, signIn: 'required', disabledBuiltIns: ['github'], sendTitles: false, ignoredResponders: ['ci-bot'] });
    expect([...reading.keys].sort()).toEqual(['anonymous', 'backendUrl', 'disabledBuiltIns', 'historyDays', 'ignoredResponders', 'sendTitles', 'signIn', 'token', 'trackers']);
  });

  it('leaves out a malformed key with the reason and keeps the rest', () => {
    const reading = interpretManaged({ ...policy, backendUrl: 'ftp://feedback.corp.example', historyDays: '30', anonymous: 'yes' });
    expect(reading.values).toEqual({ token: 'org-token', trackers: [gitlab] });
    expect(reading.keys.has('backendUrl')).toBe(false);
    expect(reading.problems.map((problem) => problem.path).sort()).toEqual(['anonymous', 'backendUrl', 'historyDays']);
    expect(reading.problems.every((problem) => problem.detail.length > 0)).toBe(true);
  });

  it('leaves out one bad tracker entry, naming its index, and keeps the good ones', () => {
    const reading = interpretManaged({ trackers: [{ origin: 'https://redmine.corp.example/path', type: 'gitlab' }, gitlab, { origin: 'https://x.example', type: 'svn' }] });
    expect(reading.values.trackers).toEqual([gitlab]);
    expect(reading.keys.has('trackers')).toBe(true);
    expect(reading.problems.map((problem) => [problem.path, problem.entry])).toEqual([
      ['trackers.0.origin', 0],
      ['trackers.2.type', 2],
    ]);
  });

  it('reads a trackers value that is not a list as one problem for the whole key', () => {
    const reading = interpretManaged({ trackers: { origin: gitlab.origin } });
    expect(reading.keys.has('trackers')).toBe(false);
    expect(reading.problems).toEqual([expect.objectContaining({ key: 'trackers', path: 'trackers' })]);
    expect(reading.problems[0]?.entry).toBeUndefined();
  });

  it('treats null as not set and lists unknown keys without failing', () => {
    const reading = interpretManaged({ token: null, backendURL: 'https://typo.example' });
    expect(reading.values).toEqual({});
    expect(reading.problems).toEqual([]);
    expect(reading.unknownKeys).toEqual(['backendURL']);
  });

  it.each([undefined, null, 'text', 3, [policy]])('reads %j as no policy', (raw) => {
    expect(interpretManaged(raw).keys.size).toBe(0);
  });
});

describe('applyManaged / ownPart', () => {
  const own: Settings = { ...DEFAULT_SETTINGS, backendUrl: 'https://mine.example', token: 'mine', anonymous: false, trackers: [ownJira, { origin: gitlab.origin, type: 'github' }] };

  it('lets managed keys win and adds the organisation trackers first, replacing one at the same origin', () => {
    const effective = applyManaged(own, interpretManaged(policy).values);
    expect(effective).toMatchObject({ backendUrl: policy.backendUrl, token: 'org-token', anonymous: true, historyDays: 30, sendTitles: true });
    expect(effective.trackers).toEqual([gitlab, ownJira]);
  });

  it('stores an edit of the settings in force without copying managed values into the person’s own', () => {
    const managed = interpretManaged(policy).values;
    const edited = { ...applyManaged(own, managed), sendTitles: false, backendUrl: 'https://attempt.example', trackers: [gitlab, ownJira, { origin: 'https://new.example', type: 'gitlab' as const }] };
    expect(ownPart(edited, own, managed)).toMatchObject({
      sendTitles: false,
      backendUrl: 'https://mine.example',
      token: 'mine',
      anonymous: false,
      trackers: [ownJira, { origin: 'https://new.example', type: 'gitlab' }, { origin: gitlab.origin, type: 'github' }],
    });
  });

  it('names the origins that need the person’s grant: organisation trackers and backend, built-ins left out', () => {
    expect(organisationOrigins(interpretManaged({ ...policy, trackers: [gitlab, { origin: 'https://github.com', type: 'github' }] }).values)).toEqual([gitlab.origin, 'https://feedback.corp.example']);
  });
});

describe('storage.managed', () => {
  beforeEach(() => fakeBrowser.reset());

  it('readSettings gives the settings in force; readOwnSettings the person’s own', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, backendUrl: 'https://mine.example', token: 'mine' });
    await fakeBrowser.storage.managed.set(policy);
    expect(await readSettings()).toMatchObject({ backendUrl: policy.backendUrl, token: 'org-token', anonymous: true, trackers: [gitlab] });
    expect(await readOwnSettings()).toMatchObject({ backendUrl: 'https://mine.example', token: 'mine', anonymous: false, trackers: [] });
  });

  it('a write while managed keeps the person’s own values; lifting the policy gives them back', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, backendUrl: 'https://mine.example', token: 'mine' });
    await fakeBrowser.storage.managed.set(policy);
    const inForce = await writeSettings({ ...(await readSettings()), historyDays: 10, sendTitles: false });
    // historyDays is managed (30): the edit does not take; sendTitles is the person's.
    expect(inForce).toMatchObject({ historyDays: 30, sendTitles: false, backendUrl: policy.backendUrl });
    expect((await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]).toMatchObject({ backendUrl: 'https://mine.example', token: 'mine', historyDays: 90, sendTitles: false, trackers: [] });
    await fakeBrowser.storage.managed.clear();
    expect(await readSettings()).toMatchObject({ backendUrl: 'https://mine.example', token: 'mine', historyDays: 90, sendTitles: false, anonymous: false });
  });

  it('a malformed policy never breaks reading: the bad key is ignored and explained', async () => {
    await fakeBrowser.storage.managed.set({ backendUrl: 'not a url', trackers: 'gitlab', token: 'org-token' });
    const inForce = await readSettings();
    expect(inForce).toMatchObject({ token: 'org-token', trackers: [] });
    expect(inForce.backendUrl).toBeUndefined();
    const reading = await readManaged();
    expect(reading.problems.map((problem) => problem.key).sort()).toEqual(['backendUrl', 'trackers']);
  });

  it('a browser without managed storage (Firefox without a policy rejects) means no policy', async () => {
    const managed = fakeBrowser.storage.managed as unknown as { get: unknown };
    const original = managed.get;
    managed.get = () => Promise.reject(new Error('Managed storage manifest not found'));
    try {
      expect((await readManaged()).keys.size).toBe(0);
      expect(await readSettings()).toEqual(DEFAULT_SETTINGS);
    } finally {
      managed.get = original;
    }
  });

  it('a policy change reaches listeners live: the new policy and the settings in force', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, token: 'mine' });
    const policyChanged = nextCall<ManagedReading>(onManagedChanged);
    const settingsChanged = nextCall<Settings>(onSettingsChanged);
    await fakeBrowser.storage.managed.set({ token: 'org-token', backendUrl: policy.backendUrl });
    expect([...(await policyChanged).keys].sort()).toEqual(['backendUrl', 'token']);
    expect(await settingsChanged).toMatchObject({ token: 'org-token', backendUrl: policy.backendUrl });

    const lifted = nextCall<Settings>(onSettingsChanged);
    await fakeBrowser.storage.managed.remove(['token', 'backendUrl']);
    const back = await lifted;
    expect(back.token).toBe('mine');
    expect(back.backendUrl).toBeUndefined();
  });

  it('a change of the person’s own settings is delivered with the policy still on top', async () => {
    await fakeBrowser.storage.managed.set({ anonymous: true });
    const changed = nextCall<Settings>(onSettingsChanged);
    await writeSettings({ ...DEFAULT_SETTINGS, anonymous: false, historyDays: 12 });
    expect(await changed).toMatchObject({ anonymous: true, historyDays: 12 });
  });
});
