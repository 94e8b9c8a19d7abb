/**
 * The person's reminder choices and the weekly reminder's memory, in `storage.local` under
 * `reminders` (the options page writes the switches, the worker the weeks). Both off by default.
 */
import { z } from 'zod';
import { IsoDate } from './schema';

export const REMINDERS_KEY = 'reminders';

export const ReminderPrefs = z.object({
  /** A weekly reminder when feedback is pending. */
  weekly: z.boolean().default(false),
  /** A browser notification when the team replies. */
  replies: z.boolean().default(false),
  shownWeek: IsoDate.optional(),
  skippedWeek: IsoDate.optional(),
});
export type ReminderPrefs = z.infer<typeof ReminderPrefs>;

/** Stored prefs, or the defaults when there are none or they do not parse. */
export function readReminderPrefs(stored: unknown): ReminderPrefs {
  const parsed = ReminderPrefs.safeParse(stored ?? {});
  return parsed.success ? parsed.data : ReminderPrefs.parse({});
}
