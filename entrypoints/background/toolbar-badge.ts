/** The toolbar badge shows how many tickets wait for feedback. */
import { browser } from 'wxt/browser';

/** Badge text for a pending count: empty for none, capped so it fits the badge. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

export async function showPendingCount(count: number): Promise<void> {
  await browser.action.setBadgeText({ text: badgeText(count) });
  if (count > 0) await browser.action.setBadgeBackgroundColor({ color: '#2563eb' });
}
