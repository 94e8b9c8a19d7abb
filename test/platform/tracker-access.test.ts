import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  CONTENT_SCRIPT_FILE,
  contentScriptFor,
  customOrigins,
  planContentScripts,
  reconcileContentScripts,
  registerTrackerAccessListeners,
  scriptIdForOrigin,
  type ContentScriptSpec,
  type RegisteredScript,
} from '../../platform/tracker-access';
import { REMOTE_CONFIG_KEY } from '../../platform/remote-config';
import { DEFAULT_SETTINGS, writeSettings } from '../../platform/settings';
import { RemoteConfig, type CustomTracker } from '../../utils/contracts/schema';
import { installFakeExtensionApis, type FakeExtensionApis } from '../entrypoints/options/fake-extension-apis';

const jira = contentScriptFor('https://jira.example.com');
const gitlab = contentScriptFor('https://git.example.com');
const stale: RegisteredScript = { ...gitlab, matches: ['https://old.example.com/*'] };
const foreign: RegisteredScript = { id: 'other-extension-script', matches: ['https://x.example.com/*'], js: ['x.js'] };

describe('planContentScripts', () => {
  it.each<[string, ContentScriptSpec[], RegisteredScript[], { register: string[]; update: string[]; unregister: string[] }]>([
    ['nothing wanted, nothing there', [], [], { register: [], update: [], unregister: [] }],
    ['new origin is registered', [jira], [], { register: [jira.id], update: [], unregister: [] }],
    ['already registered as wanted', [jira], [{ ...jira }], { register: [], update: [], unregister: [] }],
    ['browser defaults count as equal', [jira], [{ id: jira.id, matches: jira.matches, js: jira.js, runAt: 'document_start' }], { register: [], update: [], unregister: [] }],
    ['a script registered at the default document_idle (before session 7) moves to document_start', [jira], [{ id: jira.id, matches: jira.matches, js: jira.js }], { register: [], update: [jira.id], unregister: [] }],
    ['changed matches are updated', [gitlab], [stale], { register: [], update: [gitlab.id], unregister: [] }],
    ['changed file is updated', [jira], [{ ...jira, js: ['old.js'] }], { register: [], update: [jira.id], unregister: [] }],
    ['not persisted is updated', [jira], [{ ...jira, persistAcrossSessions: false }], { register: [], update: [jira.id], unregister: [] }],
    ['frames wanted now are updated', [{ ...jira, allFrames: true }], [{ ...jira }], { register: [], update: [jira.id], unregister: [] }],
    ['frames no longer wanted are updated', [jira], [{ ...jira, allFrames: true }], { register: [], update: [jira.id], unregister: [] }],
    ['removed origin is unregistered', [], [{ ...jira }], { register: [], update: [], unregister: [jira.id] }],
    ['scripts of other ids are left alone', [], [foreign], { register: [], update: [], unregister: [] }],
    ['mixed', [jira, gitlab], [stale, { ...contentScriptFor('https://gone.example.com') }, foreign], {
      register: [jira.id],
      update: [gitlab.id],
      unregister: [scriptIdForOrigin('https://gone.example.com')],
    }],
  ])('%s', (_name, desired, registered, expected) => {
    const plan = planContentScripts(desired, registered);
    expect({ register: plan.register.map((s) => s.id), update: plan.update.map((s) => s.id), unregister: plan.unregister }).toEqual(expected);
  });
});

describe('script ids and origins', () => {
  it.each([
    ['https://jira.example.com', 'https://jira.example.com/*'],
    ['http://localhost:8080', 'http://localhost/*'],
    ['https://a-b.example.com', 'https://a-b.example.com/*'],
  ])('%s runs on %s', (origin, pattern) => {
    const script = contentScriptFor(origin);
    expect(script.matches).toEqual([pattern]);
    expect(script.js).toEqual([CONTENT_SCRIPT_FILE]);
    expect(script.id).toMatch(/^sf-[a-z0-9.-]+-[0-9a-f]{8}$/);
  });

  it('keeps look-alike hosts and schemes apart, and is stable', () => {
    const ids = ['https://a-b.com', 'https://a.b.com', 'http://a.b.com'].map(scriptIdForOrigin);
    expect(new Set(ids).size).toBe(3);
    expect(scriptIdForOrigin('https://a.b.com')).toBe(ids[1]);
  });

  it('lists each custom origin once and leaves built-ins to the manifest', () => {
    const trackers: CustomTracker[] = [
      { origin: 'https://jira.example.com', type: 'jira' },
      { origin: 'https://github.com', type: 'github' },
      { origin: 'https://acme.atlassian.net', type: 'jira' },
    ];
    expect(customOrigins({ trackers }, [{ origin: 'https://jira.example.com', type: 'jira' }, { origin: 'https://ghe.example.com', type: 'github' }])).toEqual([
      'https://jira.example.com',
      'https://ghe.example.com',
    ]);
  });
});

describe('reconcileContentScripts with the browser', () => {
  let apis: FakeExtensionApis;
  beforeEach(() => {
    fakeBrowser.reset();
    apis = installFakeExtensionApis();
  });

  it('registers only origins whose permission is granted', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, trackers: [{ origin: 'https://jira.example.com', type: 'jira' }, { origin: 'https://git.example.com', type: 'gitlab' }] });
    apis.granted.add('https://jira.example.com/*');
    const plan = await reconcileContentScripts();
    expect(plan.register.map((s) => s.id)).toEqual([jira.id]);
    expect([...apis.scripts.keys()]).toEqual([jira.id]);
    expect(apis.scripts.get(jira.id)).toMatchObject({ matches: ['https://jira.example.com/*'], runAt: 'document_start', allFrames: false, persistAcrossSessions: true });
  });

  it('runs in same-origin frames only where a rule-based tracker is configured (ZenTao shows tickets in an iframe)', async () => {
    await writeSettings({
      ...DEFAULT_SETTINGS,
      trackers: [
        { origin: 'https://jira.example.com', type: 'jira' },
        { origin: 'https://pm.example.cn', type: 'generic', preset: 'zentao', pathPattern: 'bug-view-(?<key>\\d+)', selectors: { title: 'h2', status: '.status-bug' }, resolvedStatuses: ['已解决', '已关闭'] },
      ],
    });
    apis.granted.add('https://jira.example.com/*');
    apis.granted.add('https://pm.example.cn/*');
    await reconcileContentScripts();
    expect(apis.scripts.get(jira.id)?.allFrames).toBe(false);
    expect(apis.scripts.get(scriptIdForOrigin('https://pm.example.cn'))?.allFrames).toBe(true);
  });

  it('includes trackers pushed by the backend config', async () => {
    const config = RemoteConfig.parse({ trackers: [{ origin: 'https://redmine.example.com', type: 'generic', preset: 'redmine', pathPattern: '^/issues/(?<key>\\d+)', selectors: { title: 'h3', status: '.status' } }] });
    await writeSettings({ ...DEFAULT_SETTINGS, backendUrl: 'https://feedback.example.com' });
    await fakeBrowser.storage.local.set({ [REMOTE_CONFIG_KEY]: { config, etag: '"1"', fetchedAt: new Date().toISOString(), backendUrl: 'https://feedback.example.com' } });
    apis.granted.add('https://redmine.example.com/*');
    await reconcileContentScripts();
    expect([...apis.scripts.keys()]).toEqual([scriptIdForOrigin('https://redmine.example.com')]);
  });

  it('unregisters when the permission is lost, and a second run changes nothing', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, trackers: [{ origin: 'https://jira.example.com', type: 'jira' }] });
    apis.granted.add('https://jira.example.com/*');
    await reconcileContentScripts();
    apis.loseSilently('https://jira.example.com/*');
    const plan = await reconcileContentScripts();
    expect(plan.unregister).toEqual([jira.id]);
    expect(apis.scripts.size).toBe(0);
    const again = await reconcileContentScripts();
    expect(again).toEqual({ register: [], update: [], unregister: [] });
  });

  it('recovers when another context registered the same script in between', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, trackers: [{ origin: 'https://jira.example.com', type: 'jira' }] });
    apis.granted.add('https://jira.example.com/*');
    const original = fakeBrowser.scripting.getRegisteredContentScripts;
    // The first look says "nothing registered", but the other side registers before we do.
    let first = true;
    (fakeBrowser.scripting as any).getRegisteredContentScripts = async (filter?: unknown) => {
      if (first) {
        first = false;
        apis.scripts.set(jira.id, { ...jira, matches: ['https://stale.example.com/*'] });
        return [];
      }
      return (original as any)(filter);
    };
    const plan = await reconcileContentScripts();
    expect(plan.update.map((s) => s.id)).toEqual([jira.id]);
    expect(apis.scripts.get(jira.id)?.matches).toEqual(['https://jira.example.com/*']);
  });
});

describe('registerTrackerAccessListeners', () => {
  let apis: FakeExtensionApis;
  beforeEach(() => {
    fakeBrowser.reset();
    apis = installFakeExtensionApis();
    registerTrackerAccessListeners();
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('registers every listener synchronously', () => {
    expect(apis.events.permissionsAdded.hasListeners()).toBe(true);
    expect(apis.events.permissionsRemoved.hasListeners()).toBe(true);
    expect(apis.events.menuClicked.hasListeners()).toBe(true);
    expect(fakeBrowser.runtime.onInstalled.hasListeners()).toBe(true);
    expect(fakeBrowser.runtime.onStartup.hasListeners()).toBe(true);
  });

  it('follows a grant and a revoke made elsewhere (browser UI)', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, trackers: [{ origin: 'https://jira.example.com', type: 'jira' }] });
    await settle();
    expect(apis.scripts.size).toBe(0);
    await fakeBrowser.permissions.request({ origins: ['https://jira.example.com/*'] });
    await settle();
    expect([...apis.scripts.keys()]).toEqual([jira.id]);
    await fakeBrowser.permissions.remove({ origins: ['https://jira.example.com/*'] });
    await settle();
    expect(apis.scripts.size).toBe(0);
  });

  it('on install or update creates the menu item once and restores the scripts', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, trackers: [{ origin: 'https://jira.example.com', type: 'jira' }] });
    apis.granted.add('https://jira.example.com/*');
    apis.scripts.clear();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.1.0' });
    await settle();
    expect(apis.menus).toEqual([{ id: 'sf-enable-site', title: 'Enable Service Feedback on this site', contexts: ['action'] }]);
    expect([...apis.scripts.keys()]).toEqual([jira.id]);
  });

  it('on browser start re-registers scripts the browser dropped', async () => {
    await writeSettings({ ...DEFAULT_SETTINGS, trackers: [{ origin: 'https://jira.example.com', type: 'jira' }] });
    apis.granted.add('https://jira.example.com/*');
    await settle();
    apis.scripts.clear();
    await fakeBrowser.runtime.onStartup.trigger();
    await settle();
    expect([...apis.scripts.keys()]).toEqual([jira.id]);
  });
});
