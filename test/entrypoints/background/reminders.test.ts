// The worker's reminders with WXT's fakeBrowser: alarms, notifications, permissions and storage.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createReminders, REMINDER_ALARM, REMINDER_NOTIFICATION, REPLIES_NOTIFICATION } from '../../../entrypoints/background/reminders';
import { REMINDERS_KEY } from '../../../utils/contracts/reminders';
import type { PendingItem } from '../../../utils/contracts/messages';

const ZONE = 'Asia/Shanghai';
let clock = Date.parse('2026-11-30T02:30:00Z'); // Monday 10:30 in Shanghai
let pending: PendingItem[] = [];
const item = (n: number, resolvedAt: string, snoozed = false): PendingItem => ({ ticketUrl: `https://github.com/acme/app/issues/${n}`, key: `acme/app#${n}`, resolvedAt, snoozed });

const reminders = () => createReminders({ now: () => clock, timeZone: () => ZONE, pending: async () => pending });
const setPrefs = (prefs: Record<string, unknown>) => fakeBrowser.storage.local.set({ [REMINDERS_KEY]: prefs });
const grant = (granted: boolean) => {
  (fakeBrowser.permissions as { contains: unknown }).contains = async () => granted;
};
const createOptions = () => (fakeBrowser.notifications as unknown as { getAllCreateOptions: () => Record<string, { title?: string; message?: string }> }).getAllCreateOptions();
const shown = async () => Object.keys(await fakeBrowser.notifications.getAll());

beforeEach(() => {
  fakeBrowser.reset();
  clock = Date.parse('2026-11-30T02:30:00Z');
  pending = [item(1, '2026-11-20T00:00:00Z'), item(2, '2026-11-10T00:00:00Z'), item(3, '2026-11-01T00:00:00Z', true)];
  grant(true);
});

describe('weekly reminder', () => {
  it('is off by default: no alarm, nothing shown', async () => {
    expect(await reminders().schedule()).toBeUndefined();
    expect(await fakeBrowser.alarms.get(REMINDER_ALARM)).toBeUndefined();
    expect(await reminders().onAlarm()).toBe('off');
    expect(await shown()).toEqual([]);
  });

  it('switched on: one notification on a weekday morning, then not again that week', async () => {
    await setPrefs({ weekly: true });
    clock = Date.parse('2026-11-28T04:00:00Z'); // Saturday
    expect(new Date((await reminders().schedule())!).toISOString()).toBe('2026-11-30T02:00:00.000Z');
    expect(await reminders().onAlarm()).toBe('not-due');

    clock = Date.parse('2026-11-30T02:00:00Z');
    expect(await reminders().onAlarm()).toBe('shown');
    expect(await shown()).toEqual([REMINDER_NOTIFICATION]);
    // Two waiting (the snoozed one is not counted).
    expect(createOptions()[REMINDER_NOTIFICATION]).toMatchObject({ title: 'Feedback is waiting', message: expect.stringContaining('2 resolved tickets') });
    // The next alarm is next Monday; ringing again this week shows nothing.
    expect(new Date((await fakeBrowser.alarms.get(REMINDER_ALARM))!.scheduledTime).toISOString()).toBe('2026-12-07T02:00:00.000Z');
    await fakeBrowser.notifications.clear(REMINDER_NOTIFICATION);
    clock = Date.parse('2026-12-01T02:30:00Z');
    expect(await reminders().onAlarm()).toBe('not-due');
    expect(await shown()).toEqual([]);
  });

  it('with nothing pending, or without the permission, it waits for a later morning of the same week', async () => {
    await setPrefs({ weekly: true });
    pending = [item(3, '2026-11-01T00:00:00Z', true)];
    expect(await reminders().onAlarm()).toBe('nothing-pending');
    expect(new Date((await fakeBrowser.alarms.get(REMINDER_ALARM))!.scheduledTime).toISOString()).toBe('2026-12-01T02:00:00.000Z');
    pending = [item(1, '2026-11-20T00:00:00Z')];
    grant(false);
    expect(await reminders().onAlarm()).toBe('no-permission');
    expect(await shown()).toEqual([]);
  });

  it('"Not this week" (its button) clears it and skips to next week', async () => {
    await setPrefs({ weekly: true });
    expect(await reminders().onAlarm()).toBe('shown');
    await fakeBrowser.storage.local.set({ [REMINDERS_KEY]: { weekly: true } }); // as if shown had not been kept
    await reminders().onButtonClicked(REMINDER_NOTIFICATION, 0);
    expect(await shown()).toEqual([]);
    expect((await fakeBrowser.storage.local.get(REMINDERS_KEY))[REMINDERS_KEY]).toMatchObject({ skippedWeek: '2026-11-30' });
    expect(await reminders().onAlarm()).toBe('not-due');
    expect(new Date((await fakeBrowser.alarms.get(REMINDER_ALARM))!.scheduledTime).toISOString()).toBe('2026-12-07T02:00:00.000Z');
  });

  it('a click opens the popup, or the oldest pending ticket where the popup cannot open', async () => {
    await setPrefs({ weekly: true });
    await reminders().onAlarm();
    let popups = 0;
    (fakeBrowser.action as { openPopup: unknown }).openPopup = async () => void popups++;
    await reminders().onNotificationClicked(REMINDER_NOTIFICATION);
    expect(popups).toBe(1);
    expect(await shown()).toEqual([]);

    (fakeBrowser.action as { openPopup: unknown }).openPopup = async () => {
      throw new Error('openPopup is not available');
    };
    await reminders().onNotificationClicked(REMINDER_NOTIFICATION);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((tab) => tab.url)).toContain('https://github.com/acme/app/issues/2');
  });
});

describe('reply notifications', () => {
  it('only when switched on and granted, saying how many', async () => {
    expect(await reminders().notifyReplies(2)).toBe(false);
    await setPrefs({ replies: true });
    grant(false);
    expect(await reminders().notifyReplies(2)).toBe(false);
    grant(true);
    expect(await reminders().notifyReplies(0)).toBe(false);
    expect(await reminders().notifyReplies(2)).toBe(true);
    expect(createOptions()[REPLIES_NOTIFICATION]).toMatchObject({ title: 'The team replied', message: expect.stringContaining('2 new replies') });
  });
});
