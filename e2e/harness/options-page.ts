/**
 * Drives the extension's real options page the way a person does: type, click, read the status
 * line. The only help it gets is `preApproveOrigin` (see browser.ts): headless Chromium has no
 * permission dialog to click, so the origin is approved first on chrome://extensions and the
 * page's own `permissions.request` (inside the real click) then resolves `true`.
 */
import type { Locator, Page } from 'playwright-core';
import { GENERIC_PRESETS } from '../../utils/trackers/generic/presets';
import type { ExtensionBrowser } from './browser';
import type { Messages } from './messages';
import { waitFor } from './wait';

export type GenericPreset = keyof typeof GENERIC_PRESETS;

async function openOptions(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.openExtensionPage('options.html');
  await page.locator('input[name="backendUrl"]').waitFor();
  return page;
}

/** Saves backend URL and token through the Backend section; resolves once the page says it saved. */
export async function configureBackend(browser: ExtensionBrowser, message: Messages, backend: { url: string; token: string }): Promise<void> {
  await browser.preApproveOrigin(backend.url);
  const page = await openOptions(browser);
  try {
    const form = page.locator('form', { has: page.locator('input[name="backendUrl"]') });
    await form.locator('input[name="backendUrl"]').fill(backend.url);
    await form.locator('input[name="token"]').fill(backend.token);
    await form.getByRole('button', { name: message('options_save'), exact: true }).click();
    await form.getByText(message('options_saved'), { exact: true }).waitFor({ timeout: 10_000 });
  } finally {
    await page.close();
  }
}

export type TrackerToAdd =
  | { origin: string; type: 'jira' | 'github' | 'gitlab' }
  /** "Other (rules)", its rules filled by the form's "Start from" preset. */
  | { origin: string; type: 'generic'; preset: GenericPreset };

/** Adds a custom tracker origin with its type (and, for rules, its preset) through the "Add a tracker" form. */
export async function addTracker(browser: ExtensionBrowser, message: Messages, tracker: TrackerToAdd): Promise<void> {
  await browser.preApproveOrigin(tracker.origin);
  const page = await openOptions(browser);
  try {
    const form = page.locator('form.sf-add');
    await form.locator('input[name="url"]').fill(tracker.origin);
    await form.locator('select[name="type"]').selectOption(tracker.type);
    if (tracker.type === 'generic') await choosePreset(form, message, tracker.preset);
    await form.getByRole('button', { name: message('options_add_button'), exact: true }).click();
    await form.getByText(message('options_tracker_added', tracker.origin), { exact: true }).waitFor({ timeout: 10_000 });
    await page.getByText(message('options_access_granted'), { exact: true }).first().waitFor();
  } finally {
    await page.close();
  }
}

/** Picks the preset in "Start from" and waits until it filled the rules (its path pattern shows). */
async function choosePreset(form: Locator, message: Messages, preset: GenericPreset): Promise<void> {
  await form.getByLabel(message('options_preset'), { exact: true }).selectOption(preset);
  const pattern = GENERIC_PRESETS[preset].pathPattern;
  await waitFor(async () => (await form.getByLabel(message('options_rules_path_pattern'), { exact: true }).inputValue()) === pattern, {
    what: `the ${preset} preset to fill the path pattern`,
  });
}

/** Removes a custom tracker with its row's Remove button; resolves once the row is gone. */
export async function removeTracker(browser: ExtensionBrowser, message: Messages, origin: string): Promise<void> {
  const page = await openOptions(browser);
  try {
    await page.getByRole('button', { name: message('options_remove_tracker_for', origin), exact: true }).click();
    await waitFor(async () => (await page.getByRole('button', { name: message('options_remove_tracker_for', origin), exact: true }).count()) === 0, {
      what: `the ${origin} row to leave the options page`,
    });
  } finally {
    await page.close();
  }
}

/**
 * Switches a built-in tracker on or off with its switch under "Built in", as a person does;
 * resolves once the extension's storage holds the choice (the switch saves without a status line).
 */
export async function setBuiltInTracker(
  browser: ExtensionBrowser,
  message: Messages,
  tracker: import('../../utils/trackers/built-in-matches').BuiltInTracker,
  on: boolean,
): Promise<void> {
  const page = await openOptions(browser);
  try {
    const toggle = page.getByRole('switch', { name: message(`options_builtin_${tracker.replace('-', '_')}`), exact: true });
    await toggle.setChecked(on);
    const storedDisabled = () =>
      page.evaluate(async (key) => {
        const { storage } = (globalThis as unknown as { chrome: { storage: { local: { get(key: string): Promise<Record<string, { disabledBuiltIns?: string[] } | undefined>> } } } }).chrome;
        return (await storage.local.get('settings')).settings?.disabledBuiltIns?.includes(key) ?? false;
      }, tracker);
    await waitFor(async () => (await storedDisabled()) === !on, { what: `${tracker} switched ${on ? 'on' : 'off'} in the stored settings` });
  } finally {
    await page.close();
  }
}
