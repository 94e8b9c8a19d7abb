/**
 * The one door for every string a person reads. Keys live in `locales/<lang>/*.json`; the
 * browser picks the language (English and Simplified Chinese ship).
 */
import { browser } from 'wxt/browser';

/** Tracker pages get their strings with `page.config` (see entrypoints/background/tracker-page-messages.ts). */
let handedOver: Readonly<Record<string, unknown>> | undefined;

export function setHandedOverMessages(messages: Readonly<Record<string, unknown>> | undefined): void {
  handedOver = messages;
}

export function t(key: string, ...substitutions: Array<string | number>): string {
  const known = handedOver?.[key];
  if (typeof known == 'string') return known.replace(/\$([1-9])/g, (_, position: string) => String(substitutions[+position - 1] ?? ''));
  // Keys are checked against the catalog by test/i18n.test.ts, not by the type system.
  const text = (browser.i18n.getMessage as (name: string, subs?: string[]) => string)(key, substitutions.map(String));
  // An empty answer means a missing key: show the key so the gap is visible, never a blank.
  return text || key;
}

/** The reader's locale for Intl formatting (dates, relative times, numbers). */
export function uiLocale(): string {
  try {
    return browser.i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}
