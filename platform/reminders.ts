/**
 * The options page's side of reminders: the switches in `storage.local` (`reminders`, read by the
 * worker, which reschedules on every change) and the optional `notifications` permission, asked
 * only when the person switches one of them on and given back when both are off.
 */
import { browser } from 'wxt/browser';
import { readReminderPrefs, REMINDERS_KEY, type ReminderPrefs } from '../utils/contracts/reminders';
import { weekOf } from '../utils/reminders/schedule';

const NOTIFICATIONS = { permissions: ['notifications'] as ['notifications'] };

export async function loadReminderPrefs(): Promise<ReminderPrefs> {
  return readReminderPrefs((await browser.storage.local.get(REMINDERS_KEY))[REMINDERS_KEY]);
}

export async function storeReminderPrefs(patch: Partial<ReminderPrefs>): Promise<ReminderPrefs> {
  const next = { ...(await loadReminderPrefs()), ...patch };
  await browser.storage.local.set({ [REMINDERS_KEY]: next });
  return next;
}

/**
 * Switches `which` on or off. Switching on asks for `notifications` first (call it from the
 * person's click: browsers only show the prompt then); refused, nothing changes and the answer
 * says so. With both off the permission is given back.
 */
export async function switchReminder(which: 'weekly' | 'replies', on: boolean): Promise<{ prefs: ReminderPrefs; denied: boolean }> {
  if (on && !(await browser.permissions.request(NOTIFICATIONS))) return { prefs: await loadReminderPrefs(), denied: true };
  const prefs = await storeReminderPrefs({ [which]: on });
  if (!prefs.weekly && !prefs.replies) await browser.permissions.remove(NOTIFICATIONS).catch(() => false);
  return { prefs, denied: false };
}

/** "Not this week" from the options page (where Firefox's notifications have no buttons). */
export async function skipReminderThisWeek(now = Date.now(), timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'): Promise<ReminderPrefs> {
  return storeReminderPrefs({ skippedWeek: weekOf(now, timeZone) });
}
