/** Small formatting helpers shared by the popup's sections. */
import { t, uiLocale } from '../platform/i18n';
import type { GoalState } from '../utils/contracts/schema';

export function formatDate(iso: string | undefined, style: 'date' | 'dateTime' = 'date'): string {
  if (!iso) return '';
  const options: Intl.DateTimeFormatOptions = style === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(uiLocale(), options).format(new Date(iso));
}

/** Only web links become hrefs: a stored URL must never turn into `javascript:`. */
export function safeHref(url: string): string | undefined {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export const slaStateLabel = (state: GoalState) => t(`popup_sla_${state.replace('-', '_')}`);
