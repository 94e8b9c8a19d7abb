import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ENABLE_SITE_MENU_ID, handleContextMenuClick, webOriginOf } from '../../platform/context-menu';
import { installFakeExtensionApis, type FakeExtensionApis } from '../entrypoints/options/fake-extension-apis';

describe('"Enable Service Feedback on this site"', () => {
  let apis: FakeExtensionApis;
  beforeEach(() => {
    fakeBrowser.reset();
    apis = installFakeExtensionApis();
  });
  const openTabs = async () => (await fakeBrowser.tabs.query({})).map((tab) => tab.url);

  it('asks for the tab origin and opens the options page pre-filled', async () => {
    await handleContextMenuClick({ menuItemId: ENABLE_SITE_MENU_ID }, { url: 'https://jira.example.com:8443/browse/OPS-1?x=1' });
    expect(apis.calls.request).toEqual([['https://jira.example.com/*']]);
    expect(await openTabs()).toContain('chrome-extension://test-extension-id/options.html?add=https%3A%2F%2Fjira.example.com%3A8443');
  });

  it('still opens the page when the person declines, so it can explain and ask again', async () => {
    apis.answerPrompt = () => false;
    await handleContextMenuClick({ menuItemId: ENABLE_SITE_MENU_ID }, { url: 'https://redmine.example.com/issues/4' });
    expect(apis.granted.size).toBe(0);
    expect(await openTabs()).toContain('chrome-extension://test-extension-id/options.html?add=https%3A%2F%2Fredmine.example.com');
  });

  it('does not prompt for a built-in tracker', async () => {
    await handleContextMenuClick({ menuItemId: ENABLE_SITE_MENU_ID }, { url: 'https://github.com/acme/app/issues/1' });
    expect(apis.calls.request).toEqual([]);
  });

  it('opens the plain options page on a browser page', async () => {
    await handleContextMenuClick({ menuItemId: ENABLE_SITE_MENU_ID }, { url: 'chrome://extensions/' });
    expect(apis.calls.request).toEqual([]);
    expect(fakeBrowser.runtime.openOptionsPage).toHaveBeenCalledOnce();
  });

  it('ignores other menu items', async () => {
    await handleContextMenuClick({ menuItemId: 'something-else' }, { url: 'https://jira.example.com/' });
    expect(apis.calls.request).toEqual([]);
  });

  it.each([
    ['https://a.example.com/x', 'https://a.example.com'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['about:blank', undefined],
    ['file:///tmp/x.html', undefined],
    [undefined, undefined],
  ])('origin of %s is %s', (url, origin) => {
    expect(webOriginOf(url)).toBe(origin);
  });
});
