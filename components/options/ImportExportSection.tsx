/** All settings to and from a JSON file; the token goes into the file only when ticked. */
import { useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import { exportSettings, parseSettingsImport, type Settings } from '../../platform/settings';
import { CheckboxField, StatusLine } from './Field';

export interface ImportExportSectionProps {
  settings: Settings;
  onImport: (settings: Settings) => Promise<void>;
}

export const EXPORT_FILE_NAME = 'service-feedback-settings.json';

function download(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = EXPORT_FILE_NAME;
  // In the document while clicked: older Firefox ignored clicks on detached links.
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ImportExportSection(props: ImportExportSectionProps) {
  const [includeToken, setIncludeToken] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone: 'ok' | 'error' }>();

  const importFile = async (file: File) => {
    const result = parseSettingsImport(await file.text(), props.settings);
    if (!result.ok) {
      setStatus({ message: t('options_import_failed', result.problems.map((problem) => t('options_error_field', problem.path, problem.message)).join('; ')), tone: 'error' });
      return;
    }
    await props.onImport(result.settings);
    setStatus({ message: result.unknownKeys.length > 0 ? t('options_imported_ignoring', result.unknownKeys.join(', ')) : t('options_imported'), tone: 'ok' });
  };

  return (
    <section aria-labelledby="sf-transfer-heading">
      <h2 id="sf-transfer-heading">{t('options_transfer_heading')}</h2>
      <CheckboxField label={t('options_export_include_token')} name="includeToken" checked={includeToken} onChecked={setIncludeToken} hint={t('options_export_include_token_hint')} />
      <div class="sf-actions">
        <button type="button" onClick={() => download(exportSettings(props.settings, { includeToken }))}>
          {t('options_export')}
        </button>
        <label class="sf-file">
          {t('options_import')}
          <input
            type="file"
            name="import"
            accept="application/json,.json"
            onChange={(event) => {
              const input = event.currentTarget;
              const file = input.files?.[0];
              input.value = '';
              if (file) importFile(file).catch((failure: unknown) => setStatus({ message: t('options_import_failed', String(failure)), tone: 'error' }));
            }}
          />
        </label>
      </div>
      <StatusLine message={status?.message} tone={status?.tone} />
    </section>
  );
}
