/**
 * The extension's UI in Firefox, as the Chromium harness reads it (ticket-ui.ts, popup.ts,
 * options-page.ts) but over Marionette: the real options page typed into, the widget inside the
 * host's shadow root clicked, the popup read by what it says.
 */
import type { Messages } from '../messages';
import { waitFor } from '../wait';
import type { Firefox } from './browser';
import type { Query, Tab } from './tab';

/** The rating panel inside the ticket host's shadow root. */
export const WIDGET: Query = { css: 'section.sf-rating', within: { css: '[data-service-feedback][data-sf-key]' } };
export const SLA_PILL: Query = { css: '.sf-sla-pill', within: { css: '[data-service-feedback][data-sf-key]' } };

export interface HostSeen {
  key: string | null;
  previous: string;
}

/** Every host element in the page's light DOM, with what sits right before it. */
export function mountedHosts(tab: Tab): Promise<HostSeen[]> {
  return tab.script<HostSeen[]>(`return [...document.querySelectorAll('[data-service-feedback]')].map((host) => {
    const previous = host.previousElementSibling;
    return { key: host.getAttribute('data-sf-key'), previous: previous ? (previous.getAttribute('data-testid') ?? (previous.id || previous.className)) : '' };
  });`);
}

export async function waitForSingleHost(tab: Tab, key: string, timeout = 10_000): Promise<HostSeen> {
  let hosts: HostSeen[] = [];
  return waitFor(async () => {
    hosts = await mountedHosts(tab);
    return hosts.length === 1 && hosts[0]!.key === key ? hosts[0] : undefined;
  }, { what: `exactly one Service Feedback host for ${key}`, seen: () => JSON.stringify(hosts), timeout });
}

export async function waitForNoHost(tab: Tab, timeout = 10_000): Promise<void> {
  let hosts: HostSeen[] = [];
  await waitFor(async () => (hosts = await mountedHosts(tab)).length === 0, { what: 'no Service Feedback host in the page', seen: () => JSON.stringify(hosts), timeout });
}

/** Saves backend URL and token on the real options page; Firefox grants the origin without a prompt (user.js). */
export async function configureBackend(firefox: Firefox, message: Messages, backend: { url: string; token: string }): Promise<void> {
  const tab = await firefox.openExtensionPage('options.html');
  await tab.fill({ css: 'input[name="backendUrl"]' }, backend.url);
  await tab.fill({ css: 'input[name="token"]' }, backend.token);
  const form: Query = { css: 'form:has(input[name="backendUrl"])' };
  await tab.click({ css: 'button', name: message('options_save'), within: form });
  await tab.waitFor({ css: '*', name: message('options_saved'), within: form });
  await tab.close();
}

export interface RatingInput {
  overall: number;
  tags?: string[];
  comment?: string;
}

const stars = (message: Messages, group: string, score: number): Query => ({
  css: '[role="radio"]',
  name: message('rating_stars_label', String(score)),
  within: { css: '[role="radiogroup"]', name: group, within: WIDGET },
});

/** Chooses the overall score, tags and comment like a person and sends; resolves on the thanks. */
export async function rateInWidget(tab: Tab, message: Messages, input: RatingInput): Promise<void> {
  await tab.click(stars(message, message('rating_overall_label'), input.overall));
  for (const tag of input.tags ?? []) await tab.click({ css: 'input[type="checkbox"]', name: message(tag), within: WIDGET });
  if (input.comment !== undefined) await tab.fill({ css: 'textarea', name: message('rating_comment_label'), within: WIDGET }, input.comment);
  await tab.click({ css: 'button', name: message('rating_submit'), within: WIDGET });
  await tab.waitFor({ css: '.sf-rating__thanks', name: message('rating_thanks'), within: WIDGET });
}

/** The popup opened as a page; it reads everything once, so reopening is how a person refreshes it. */
export async function openPopup(firefox: Firefox, message: Messages): Promise<Tab> {
  const tab = await firefox.openExtensionPage('popup.html');
  await popupLoaded(tab, message);
  return tab;
}

export async function popupLoaded(tab: Tab, message: Messages): Promise<void> {
  await waitFor(async () => (await tab.count({ css: 'dl, .sf-empty', within: { css: 'section[aria-labelledby="sf-outbox-heading"]' } })) > 0, {
    what: `the popup's ${message('popup_outbox_heading')} section`,
  });
}

export async function outboxCounts(tab: Tab, message: Messages): Promise<{ waiting: number; synced: number; rejected: number }> {
  const counts = await tab.script<Record<string, string>>(`const out = {};
    for (const term of document.querySelectorAll('dt')) out[term.textContent.trim()] = term.nextElementSibling?.textContent.trim();
    return out;`);
  const count = (key: string) => Number(counts[message(key)] ?? 0);
  return { waiting: count('popup_outbox_waiting'), synced: count('popup_outbox_synced'), rejected: count('popup_outbox_rejected') };
}

export const PENDING_TITLE: Query = { css: 'li.sf-pending__item .sf-pending__title' };

/** The toolbar badge text (what the icon shows), asked through the extension's API from one of its pages. */
export function toolbarBadgeText(extensionPage: Tab): Promise<string> {
  return extensionPage.asyncScript<string>('return await (window.wrappedJSObject ?? window).browser.action.getBadgeText({});');
}
