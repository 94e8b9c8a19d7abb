/** Privacy choices, and a plain-words list of exactly what leaves the browser and where it goes. */
import { useLayoutEffect, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import type { ManagedKey } from '../../platform/managed-settings';
import type { Settings } from '../../platform/settings';
import { CheckboxField, StatusLine, TextField } from './Field';

export interface PrivacySectionProps {
  settings: Settings;
  onSave: (patch: Pick<Settings, 'anonymous' | 'sendTitles' | 'historyDays'>) => Promise<void>;
  /** Keys the organisation's policy sets: shown read-only. */
  managed?: ReadonlySet<ManagedKey>;
}

/** What leaves the browser, given the settings; one sentence each, so nothing hides in a paragraph. */
export function whatLeaves(settings: Settings): string[] {
  if (!settings.backendUrl) return [t('options_leaves_nothing'), t('options_leaves_tracker_api'), t('options_leaves_history', settings.historyDays)];
  const backend = new URL(settings.backendUrl).origin;
  return [
    t('options_leaves_config', backend),
    t('options_leaves_rating', backend),
    settings.sendTitles ? t('options_leaves_title_yes') : t('options_leaves_title_no'),
    settings.anonymous ? t('options_leaves_rater_no') : t('options_leaves_rater_yes'),
    t('options_leaves_tracker_api'),
    t('options_leaves_history', settings.historyDays),
    t('options_leaves_nowhere_else'),
  ];
}

export function PrivacySection(props: PrivacySectionProps) {
  const [anonymous, setAnonymous] = useState(props.settings.anonymous);
  const [hideTitles, setHideTitles] = useState(!props.settings.sendTitles);
  const [days, setDays] = useState(String(props.settings.historyDays));
  const [daysError, setDaysError] = useState<string>();
  const [status, setStatus] = useState<{ message: string; tone: 'ok' | 'error' }>();
  useLayoutEffect(() => {
    setAnonymous(props.settings.anonymous);
    setHideTitles(!props.settings.sendTitles);
    setDays(String(props.settings.historyDays));
  }, [props.settings.anonymous, props.settings.sendTitles, props.settings.historyDays]);

  const save = (event: Event) => {
    event.preventDefault();
    const historyDays = Number(days);
    if (!/^\d+$/.test(days.trim()) || historyDays < 1 || historyDays > 3650) {
      setDaysError(t('options_error_history_days'));
      return;
    }
    setDaysError(undefined);
    props.onSave({ anonymous, sendTitles: !hideTitles, historyDays }).then(
      () => setStatus({ message: t('options_saved'), tone: 'ok' }),
      (failure: unknown) => setStatus({ message: t('options_save_failed', String(failure)), tone: 'error' }),
    );
  };

  const locked = (key: ManagedKey) => props.managed?.has(key) ?? false;
  const allLocked = locked('anonymous') && locked('sendTitles') && locked('historyDays');
  return (
    <section aria-labelledby="sf-privacy-heading">
      <h2 id="sf-privacy-heading">{t('options_privacy_heading')}</h2>
      <form onSubmit={save} noValidate>
        <CheckboxField label={t('options_privacy_anonymous')} name="anonymous" checked={anonymous} onChecked={setAnonymous} hint={t('options_privacy_anonymous_hint')} locked={locked('anonymous')} />
        <CheckboxField label={t('options_privacy_no_titles')} name="hideTitles" checked={hideTitles} onChecked={setHideTitles} hint={t('options_privacy_no_titles_hint')} locked={locked('sendTitles')} />
        <TextField label={t('options_privacy_history_days')} name="historyDays" type="number" min={1} max={3650} value={days} onValue={setDays} error={daysError} locked={locked('historyDays')} />
        {allLocked ? null : (
          <div class="sf-actions">
            <button type="submit">{t('options_save')}</button>
          </div>
        )}
        <StatusLine message={status?.message} tone={status?.tone} />
      </form>
      <h3>{t('options_leaves_heading')}</h3>
      <ul class="sf-leaves">
        {whatLeaves(props.settings).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
