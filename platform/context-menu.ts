/**
 * The toolbar button's context-menu item "Enable Service Feedback on this site". It asks for the
 * current tab's origin right away (a menu click is a user gesture) and opens the options page
 * ready to add that origin: the tracker type cannot be guessed safely, so the person picks it.
 */
import { browser } from 'wxt/browser';
import type { Menus, Tabs } from 'webextension-polyfill';
import { t } from './i18n';
import { isBuiltInOrigin, parseOriginInput, requestOriginAccess } from './permissions';

export const ENABLE_SITE_MENU_ID = 'sf-enable-site';
/** Query parameter of the options page that pre-fills "add a tracker". */
export const ADD_ORIGIN_PARAM = 'add';

export async function registerContextMenu(): Promise<void> {
  // onInstalled runs again on every update; creating an existing id would fail.
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: ENABLE_SITE_MENU_ID, title: t('options_menu_enable_site'), contexts: ['action'] });
}

export function optionsUrlToAdd(origin: string): string {
  return `${browser.runtime.getURL('/options.html')}?${ADD_ORIGIN_PARAM}=${encodeURIComponent(origin)}`;
}

/** The origin of a web page tab, or `undefined` for browser pages, files and the like. */
export function webOriginOf(url: string | undefined): string | undefined {
  if (!url || !/^https?:/i.test(url)) return undefined;
  const parsed = parseOriginInput(url);
  return parsed.ok ? parsed.origin : undefined;
}

export async function handleContextMenuClick(info: Pick<Menus.OnClickData, 'menuItemId'>, tab: Pick<Tabs.Tab, 'url'> | undefined): Promise<void> {
  if (info.menuItemId !== ENABLE_SITE_MENU_ID) return;
  const origin = webOriginOf(tab?.url);
  if (!origin) {
    await browser.runtime.openOptionsPage();
    return;
  }
  // Before any await: the request needs the click's user gesture.
  const access = isBuiltInOrigin(origin) ? Promise.resolve(true) : requestOriginAccess([origin]);
  await access.catch(() => false);
  // The options page shows whether access was granted and offers to ask again.
  await browser.tabs.create({ url: optionsUrlToAdd(origin) });
}
