/** Local services, SLA policies and calendars as JSON, for use without a backend. */
import { useLayoutEffect, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import type { RemoteConfig, Service } from '../../utils/contracts/schema';
import type { Settings } from '../../platform/settings';
import { StatusLine, TextAreaField } from './Field';
import { checkLocalConfig } from './local-config';

export interface LocalConfigSectionProps {
  local: Settings['local'];
  remoteServices: readonly Service[];
  onSave: (local: RemoteConfig | undefined) => Promise<void>;
}

const pretty = (local: Settings['local']) => (local ? JSON.stringify(local, null, 2) : '');

export function LocalConfigSection(props: LocalConfigSectionProps) {
  const storedText = pretty(props.local);
  const [text, setText] = useState(storedText);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<{ message: string; tone: 'ok' | 'error' }>();
  // Compared as text: every settings write brings a new object, and unsaved edits must survive those.
  useLayoutEffect(() => setText(storedText), [storedText]);

  const save = (event: Event) => {
    event.preventDefault();
    const checked = checkLocalConfig(text);
    if (!checked.ok) {
      setError(checked.problems.map((problem) => t('options_error_field', problem.path, problem.message)).join('\n'));
      setStatus({ message: t('options_error_summary', checked.problems.length), tone: 'error' });
      return;
    }
    setError(undefined);
    props.onSave(checked.config).then(
      () => setStatus({ message: t('options_saved'), tone: 'ok' }),
      (failure: unknown) => setStatus({ message: t('options_save_failed', String(failure)), tone: 'error' }),
    );
  };

  return (
    <section aria-labelledby="sf-local-heading">
      <h2 id="sf-local-heading">{t('options_local_heading')}</h2>
      <p class="sf-hint">{t('options_local_intro')}</p>
      <form onSubmit={save} noValidate>
        <TextAreaField label={t('options_local_json')} name="local" value={text} onValue={setText} rows={14} hint={t('options_local_json_hint')} error={error} />
        <div class="sf-actions">
          <button type="submit">{t('options_local_save')}</button>
        </div>
        <StatusLine message={status?.message} tone={status?.tone} />
      </form>
      {props.remoteServices.length > 0 ? (
        <>
          <h3>{t('options_remote_services_heading')}</h3>
          <ul class="sf-readonly" aria-label={t('options_remote_services_heading')}>
            {props.remoteServices.map((service) => (
              <li key={service.id}>
                {service.name}
                {service.team ? ` — ${service.team}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
