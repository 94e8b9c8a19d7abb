/**
 * The toolbar badge: unread replies from the team (green, "✉n") before tickets waiting for
 * feedback (blue, "n"), since a reply is the more timely of the two; the title names both counts.
 */
import { browser } from 'wxt/browser';
import { t } from '../../platform/i18n';

export const PENDING_COLOR = '#2563eb';
export const REPLIES_COLOR = '#15803d';
/** Set-up still needed (the organisation's sites without access, a sign-in again): amber, "!". */
export const SETUP_COLOR = '#b45309';

/** Badge text for a pending count: empty for none, capped so it fits the badge. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

export interface BadgeCounts {
  pending: number;
  unreadReplies: number;
  /** Sites the organisation's policy set up that the person has not granted yet. */
  organisationSites?: number;
  /** The backend refused the personal token from company sign-in: ratings wait for sign-in again. */
  signInAgain?: boolean;
}

/** What the badge shows for these counts. */
export function badgeFor({ pending, unreadReplies, organisationSites = 0, signInAgain = false }: BadgeCounts): { text: string; color?: string; title: string } {
  const parts = [
    ...(organisationSites > 0 ? [t('managed_badge_title', organisationSites)] : []),
    ...(signInAgain ? [t('popup_badge_title_sign_in_again')] : []),
    ...(unreadReplies > 0 ? [t('popup_badge_title_replies', unreadReplies)] : []),
    ...(pending > 0 ? [t('popup_badge_title_pending', pending)] : []),
  ];
  const title = parts.length ? `${t('popup_title')}: ${parts.join(' · ')}` : t('popup_title');
  // Nothing works on those sites until they are granted: the set-up comes first.
  // So does a refused sign-in: nothing syncs until the person signs in again.
  if (organisationSites > 0 || signInAgain) return { text: '!', color: SETUP_COLOR, title };
  if (unreadReplies > 0) return { text: `✉${badgeText(Math.min(unreadReplies, 99))}`, color: REPLIES_COLOR, title };
  if (pending > 0) return { text: badgeText(pending), color: PENDING_COLOR, title };
  return { text: '', title };
}

export async function showBadge(counts: BadgeCounts): Promise<void> {
  const badge = badgeFor(counts);
  await browser.action.setBadgeText({ text: badge.text });
  if (badge.color) await browser.action.setBadgeBackgroundColor({ color: badge.color });
  await browser.action.setTitle({ title: badge.title });
}
