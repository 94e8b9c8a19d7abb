/**
 * The one door for every string a person reads. Keys live in `locales/<lang>/*.json`; the
 * browser picks the language (English and Simplified Chinese ship).
 */
import { browser } from 'wxt/browser';

export function t(key: string, ...substitutions: Array<string | number>): string {
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
