/**
 * WXT's fakeBrowser does not implement `permissions`, `scripting` or `contextMenus`. This gives
 * it small stateful stand-ins that record every call, so tests can assert both the calls and
 * the resulting state (granted origins, registered scripts). Install in `beforeEach`, after
 * `fakeBrowser.reset()`.
 */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ContentScriptSpec, RegisteredScript } from '../../../platform/tracker-access';

type Listener = (...args: any[]) => unknown;

/** An event with `trigger`, like fakeBrowser's own events. */
export function fakeEvent() {
  const listeners: Listener[] = [];
  return {
    addListener: (listener: Listener) => void listeners.push(listener),
    removeListener: (listener: Listener) => void listeners.splice(listeners.indexOf(listener) >>> 0, 1),
    hasListener: (listener: Listener) => listeners.includes(listener),
    hasListeners: () => listeners.length > 0,
    trigger: async (...args: unknown[]) => Promise.all(listeners.map((listener) => listener(...args))),
  };
}

export interface FakeExtensionApis {
  /** Match patterns granted right now, e.g. `https://jira.example.com/*`. */
  granted: Set<string>;
  /** What the user answers to the next permission prompts. */
  answerPrompt: (patterns: string[]) => boolean;
  scripts: Map<string, RegisteredScript>;
  menus: Array<Record<string, unknown>>;
  calls: {
    request: string[][];
    remove: string[][];
    register: ContentScriptSpec[][];
    update: ContentScriptSpec[][];
    unregister: string[][];
  };
  /** The browser drops a permission on its own (as after some browser updates). */
  loseSilently: (pattern: string) => void;
  events: {
    permissionsAdded: ReturnType<typeof fakeEvent>;
    permissionsRemoved: ReturnType<typeof fakeEvent>;
    menuClicked: ReturnType<typeof fakeEvent>;
  };
}

export function installFakeExtensionApis(): FakeExtensionApis {
  const api: FakeExtensionApis = {
    granted: new Set(),
    answerPrompt: () => true,
    scripts: new Map(),
    menus: [],
    calls: { request: [], remove: [], register: [], update: [], unregister: [] },
    loseSilently: (pattern) => void api.granted.delete(pattern),
    events: { permissionsAdded: fakeEvent(), permissionsRemoved: fakeEvent(), menuClicked: fakeEvent() },
  };
  const browser = fakeBrowser as unknown as Record<string, any>;

  browser.permissions = {
    onAdded: api.events.permissionsAdded,
    onRemoved: api.events.permissionsRemoved,
    contains: vi.fn(async ({ origins = [] }: { origins?: string[] }) => origins.every((pattern) => api.granted.has(pattern))),
    getAll: vi.fn(async () => ({ origins: [...api.granted], permissions: [] })),
    request: vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
      api.calls.request.push(origins);
      if (!api.answerPrompt(origins)) return false;
      const added = origins.filter((pattern) => !api.granted.has(pattern));
      for (const pattern of origins) api.granted.add(pattern);
      if (added.length > 0) await api.events.permissionsAdded.trigger({ origins: added, permissions: [] });
      return true;
    }),
    remove: vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
      api.calls.remove.push(origins);
      const removed = origins.filter((pattern) => api.granted.delete(pattern));
      if (removed.length > 0) await api.events.permissionsRemoved.trigger({ origins: removed, permissions: [] });
      return removed.length > 0;
    }),
  };

  browser.scripting = {
    getRegisteredContentScripts: vi.fn(async (filter?: { ids?: string[] }) =>
      [...api.scripts.values()].filter((script) => !filter?.ids || filter.ids.includes(script.id)).map((script) => structuredClone(script)),
    ),
    registerContentScripts: vi.fn(async (scripts: ContentScriptSpec[]) => {
      for (const script of scripts) if (api.scripts.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
      api.calls.register.push(scripts);
      for (const script of scripts) api.scripts.set(script.id, structuredClone(script));
    }),
    updateContentScripts: vi.fn(async (scripts: ContentScriptSpec[]) => {
      for (const script of scripts) if (!api.scripts.has(script.id)) throw new Error(`Nonexistent script ID '${script.id}'`);
      api.calls.update.push(scripts);
      for (const script of scripts) api.scripts.set(script.id, structuredClone(script));
    }),
    unregisterContentScripts: vi.fn(async (filter?: { ids?: string[] }) => {
      const ids = filter?.ids ?? [...api.scripts.keys()];
      for (const id of ids) if (!api.scripts.has(id)) throw new Error(`Nonexistent script ID '${id}'`);
      api.calls.unregister.push(ids);
      for (const id of ids) api.scripts.delete(id);
    }),
  };

  browser.contextMenus = {
    onClicked: api.events.menuClicked,
    create: vi.fn((properties: Record<string, unknown>) => {
      if (api.menus.some((menu) => menu.id === properties.id)) throw new Error(`Cannot create item with duplicate id ${String(properties.id)}`);
      api.menus.push(properties);
      return properties.id;
    }),
    removeAll: vi.fn(async () => void (api.menus.length = 0)),
  };

  browser.runtime.openOptionsPage = vi.fn(async () => undefined);
  return api;
}
