/** Reminders: the weekly reminder and reply notifications, both off until the person switches them on. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import { loadReminderPrefs, skipReminderThisWeek, switchReminder } from '../../platform/reminders';
import type { ReminderPrefs } from '../../utils/contracts/reminders';
import { CheckboxField, StatusLine } from './Field';

export function RemindersSection() {
  const [prefs, setPrefs] = useState<ReminderPrefs>();
  const [status, setStatus] = useState<{ message: string; tone: 'ok' | 'error' }>();
  useEffect(() => {
    void loadReminderPrefs().then(setPrefs);
  }, []);
  if (!prefs) return null;

  const toggle = (which: 'weekly' | 'replies') => (on: boolean) => {
    setStatus(undefined);
    switchReminder(which, on).then(
      (result) => {
        setPrefs(result.prefs);
        if (result.denied) setStatus({ message: t('options_reminders_denied'), tone: 'error' });
      },
      (failure: unknown) => setStatus({ message: t('options_save_failed', String(failure)), tone: 'error' }),
    );
  };
  const skip = () =>
    skipReminderThisWeek().then(
      (next) => {
        setPrefs(next);
        setStatus({ message: t('options_reminders_skipped'), tone: 'ok' });
      },
      (failure: unknown) => setStatus({ message: t('options_save_failed', String(failure)), tone: 'error' }),
    );

  return (
    <section aria-labelledby="sf-reminders-heading">
      <h2 id="sf-reminders-heading">{t('options_reminders_heading')}</h2>
      <CheckboxField role="switch" name="weeklyReminder" label={t('options_reminders_weekly')} hint={t('options_reminders_weekly_hint')} checked={prefs.weekly} onChecked={toggle('weekly')} />
      {prefs.weekly && (
        <div class="sf-actions">
          <button type="button" onClick={() => void skip()}>
            {t('popup_reminder_not_this_week')}
          </button>
        </div>
      )}
      <CheckboxField role="switch" name="replyNotifications" label={t('options_reminders_replies')} checked={prefs.replies} onChecked={toggle('replies')} />
      <StatusLine message={status?.message} tone={status?.tone} />
    </section>
  );
}
