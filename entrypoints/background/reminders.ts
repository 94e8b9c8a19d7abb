/**
 * The weekly reminder (opt-in) and the reply notification (opt-in), both through the optional
 * `notifications` permission the options page asks for when the person switches one on. The
 * reminder is an alarm at the next weekday morning in the person's time zone
 * (utils/reminders/schedule.ts); when it rings with feedback pending it shows one notification
 * and remembers the week, so never more than one a week. Its button is "Not this week"; a click
 * opens the popup, or the oldest pending ticket where the browser cannot open the popup.
 */
import { browser } from 'wxt/browser';
import { t } from '../../platform/i18n';
import type { PendingItem } from '../../utils/contracts/messages';
import { loadReminderPrefs, storeReminderPrefs } from '../../platform/reminders';
import { runInBackground } from './background-work';
import { isReminderDue, MORNING_WINDOW_MS, nextReminderAt, weekOf } from '../../utils/reminders/schedule';

export const REMINDER_ALARM = 'sf-weekly-reminder';
export const REMINDER_NOTIFICATION = 'sf-weekly-reminder';
export const REPLIES_NOTIFICATION = 'sf-new-replies';
const NOTIFICATIONS = { permissions: ['notifications'] as ['notifications'] };

export interface ReminderDeps {
  now: () => number;
  /** The person's IANA time zone. */
  timeZone?: () => string;
  /** Tickets waiting for feedback, as the popup lists them. */
  pending: () => Promise<PendingItem[]>;
}

const systemZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const readPrefs = loadReminderPrefs;
const writePrefs = storeReminderPrefs;

const mayNotify = async () => Boolean(browser.notifications) && (await browser.permissions.contains(NOTIFICATIONS));

export type ReminderOutcome = 'off' | 'not-due' | 'nothing-pending' | 'no-permission' | 'shown';

export function createReminders(deps: ReminderDeps) {
  const zone = () => deps.timeZone?.() ?? systemZone();

  /** Sets the alarm for the next allowed morning at or after `from`, or clears it when reminders are off. */
  const schedule = async (from = deps.now()): Promise<number | undefined> => {
    const prefs = await readPrefs();
    if (!prefs.weekly) {
      await browser.alarms.clear(REMINDER_ALARM);
      return undefined;
    }
    const when = nextReminderAt(from, zone(), prefs);
    await browser.alarms.create(REMINDER_ALARM, { when });
    return when;
  };

  const oldestPending = async () => {
    const waiting = (await deps.pending()).filter((item) => !item.snoozed);
    return waiting.sort((a, b) => (a.resolvedAt ?? '').localeCompare(b.resolvedAt ?? ''))[0];
  };

  /** The popup where the browser lets the worker open it; else `fallbackUrl` in a new tab. */
  const openPopupOr = async (fallbackUrl: string) => {
    try {
      await browser.action.openPopup();
    } catch {
      await browser.tabs.create({ url: fallbackUrl });
    }
  };

  const api = {
    schedule,

    /**
     * Listens to clicks on our notifications. `notifications` is optional: its events only exist
     * once granted, so this runs at start-up and again right before each notification is shown.
     */
    listen(): void {
      const events = browser.notifications;
      if (!events || events.onClicked.hasListener(onClicked)) return;
      events.onClicked.addListener(onClicked);
      events.onButtonClicked?.addListener(onButtonClicked);
    },

    async onAlarm(): Promise<ReminderOutcome> {
      const now = deps.now();
      const prefs = await readPrefs();
      if (!prefs.weekly) {
        await schedule(now);
        return 'off';
      }
      if (!isReminderDue(now, zone(), prefs)) {
        await schedule(now);
        return 'not-due';
      }
      const waiting = (await deps.pending()).filter((item) => !item.snoozed);
      // Nothing to say (or no way to say it): ask again on a later morning, this week still open.
      if (waiting.length === 0) {
        await schedule(now + MORNING_WINDOW_MS);
        return 'nothing-pending';
      }
      if (!(await mayNotify())) {
        await schedule(now + MORNING_WINDOW_MS);
        return 'no-permission';
      }
      const options = {
        type: 'basic' as const,
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: t('popup_reminder_title'),
        message: t('popup_reminder_message', waiting.length),
      };
      api.listen();
      try {
        await browser.notifications.create(REMINDER_NOTIFICATION, { ...options, buttons: [{ title: t('popup_reminder_not_this_week') }] });
      } catch {
        // Firefox has no notification buttons; "Not this week" is on the options page there.
        await browser.notifications.create(REMINDER_NOTIFICATION, options);
      }
      await writePrefs({ shownWeek: weekOf(now, zone()) });
      await schedule(now);
      return 'shown';
    },

    /** "Not this week": no reminder until next week's morning. */
    async skipThisWeek(): Promise<void> {
      await writePrefs({ skippedWeek: weekOf(deps.now(), zone()) });
      await browser.notifications?.clear(REMINDER_NOTIFICATION);
      await schedule();
    },

    async onNotificationClicked(id: string): Promise<void> {
      if (id !== REMINDER_NOTIFICATION && id !== REPLIES_NOTIFICATION) return;
      await browser.notifications.clear(id);
      const oldest = id === REMINDER_NOTIFICATION ? await oldestPending() : undefined;
      await openPopupOr(oldest?.ticketUrl ?? browser.runtime.getURL('/popup.html'));
    },

    async onButtonClicked(id: string, index: number): Promise<void> {
      if (id === REMINDER_NOTIFICATION && index === 0) await api.skipThisWeek();
    },

    /** After a reply sync that brought `count` replies not seen before. */
    async notifyReplies(count: number): Promise<boolean> {
      if (count <= 0 || !(await readPrefs()).replies || !(await mayNotify())) return false;
      api.listen();
      await browser.notifications.create(REPLIES_NOTIFICATION, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: t('popup_notify_replies_title'),
        message: t('popup_notify_replies_message', count),
      });
      return true;
    },
  };
  const onClicked = (id: string) => runInBackground('notification click', () => api.onNotificationClicked(id));
  const onButtonClicked = (id: string, index: number) => runInBackground('notification button', () => api.onButtonClicked(id, index));
  return api;
}
