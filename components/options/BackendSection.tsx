/**
 * Backend URL and token. Saving (and testing) asks for the backend's origin first, inside the
 * click handler, because the permission prompt needs the user gesture.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { testConnection, type ConnectionOutcome } from '../../platform/connection-test';
import { t } from '../../platform/i18n';
import { parseOriginInput, requestOriginAccess } from '../../platform/permissions';
import type { ManagedKey } from '../../platform/managed-settings';
import type { Settings } from '../../platform/settings';
import { describeOutcome } from './connection-outcome';
import { StatusLine, TextField } from './Field';

export interface BackendSectionProps {
  settings: Settings;
  /** Access to the saved backend's origin right now (undefined in local-only mode). */
  hasAccess: boolean | undefined;
  onSave: (patch: Pick<Settings, 'backendUrl' | 'token'>) => Promise<void>;
  onGrant: (origins: string[]) => void;
  /** Injected in tests to shorten the timeout. */
  connectionTimeoutMs?: number;
  /** Keys the organisation's policy sets: shown read-only. */
  managed?: ReadonlySet<ManagedKey>;
  /** Shown at the end of the section: company sign-in (SignInSection). */
  children?: ComponentChildren;
}

/** Synchronous so the caller can still request the permission inside the click. */
export function validateBackendUrl(input: string): { ok: true; url: string | undefined; origin: string | undefined } | { ok: false; error: string } {
  if (input.trim() === '') return { ok: true, url: undefined, origin: undefined };
  const parsed = parseOriginInput(input);
  if (!parsed.ok || !/^https?:\/\//i.test(input.trim())) return { ok: false, error: t('options_error_backend_url') };
  return { ok: true, url: input.trim(), origin: parsed.origin };
}

export function BackendSection(props: BackendSectionProps) {
  const [url, setUrl] = useState(props.settings.backendUrl ?? '');
  const [token, setToken] = useState(props.settings.token ?? '');
  const [urlError, setUrlError] = useState<string>();
  const [status, setStatus] = useState<{ message: string; tone: 'info' | 'ok' | 'error' }>();
  const [testing, setTesting] = useState(false);

  // Follows saves made elsewhere. A layout effect runs at commit, so it can never land after the
  // person started typing and overwrite that (a plain effect runs a frame later).
  useLayoutEffect(() => {
    setUrl(props.settings.backendUrl ?? '');
    setToken(props.settings.token ?? '');
  }, [props.settings.backendUrl, props.settings.token]);

  const save = (event: Event) => {
    event.preventDefault();
    const checked = validateBackendUrl(url);
    if (!checked.ok) {
      setUrlError(checked.error);
      return;
    }
    setUrlError(undefined);
    const access = checked.origin ? requestOriginAccess([checked.origin]).catch(() => false) : Promise.resolve(true);
    void (async () => {
      const granted = await access;
      await props.onSave({ backendUrl: checked.url, token: token.trim() || undefined });
      if (!checked.url) setStatus({ message: t('options_backend_saved_local'), tone: 'ok' });
      else if (!granted) setStatus({ message: t('options_backend_saved_no_access', checked.origin ?? ''), tone: 'error' });
      else setStatus({ message: t('options_saved'), tone: 'ok' });
    })().catch((error: unknown) => setStatus({ message: t('options_save_failed', String(error)), tone: 'error' }));
  };

  const test = () => {
    const checked = validateBackendUrl(url);
    if (!checked.ok || !checked.url || !checked.origin) {
      setUrlError(checked.ok ? t('options_error_backend_missing') : checked.error);
      return;
    }
    setUrlError(undefined);
    const backendUrl = checked.url;
    // Without the origin's permission the browser applies CORS and the test would lie.
    const access = requestOriginAccess([checked.origin]).catch(() => false);
    setTesting(true);
    setStatus({ message: t('options_test_running'), tone: 'info' });
    void (async () => {
      await access;
      const outcome: ConnectionOutcome = await testConnection(backendUrl, token.trim() || undefined, { timeoutMs: props.connectionTimeoutMs });
      setStatus(describeOutcome(outcome, backendUrl));
      setTesting(false);
    })();
  };

  const urlLocked = props.managed?.has('backendUrl') ?? false;
  const tokenLocked = props.managed?.has('token') ?? false;
  const localOnly = !props.settings.backendUrl;
  const backendOrigin = props.settings.backendUrl ? new URL(props.settings.backendUrl).origin : undefined;
  return (
    <section aria-labelledby="sf-backend-heading">
      <h2 id="sf-backend-heading">{t('options_backend_heading')}</h2>
      <p class={localOnly ? 'sf-callout' : 'sf-hint'}>{localOnly ? t('options_backend_local_only') : t('options_backend_connected', props.settings.backendUrl ?? '')}</p>
      {/* A backend set by policy is in the organisation's sites prompt instead. */}
      {backendOrigin && props.hasAccess === false && !urlLocked ? (
        <p class="sf-callout sf-warning">
          {t('options_backend_no_access', backendOrigin)}{' '}
          <button type="button" onClick={() => props.onGrant([backendOrigin])}>
            {t('options_grant_access')}
          </button>
        </p>
      ) : null}
      <form onSubmit={save} noValidate>
        <TextField label={t('options_backend_url')} name="backendUrl" type="url" value={url} onValue={setUrl} placeholder="https://feedback.example.com" hint={t('options_backend_url_hint')} error={urlError} locked={urlLocked} />
        <TextField label={t('options_backend_token')} name="token" type="password" value={token} onValue={setToken} hint={t('options_backend_token_hint')} locked={tokenLocked} />
        <div class="sf-actions">
          {urlLocked && tokenLocked ? null : <button type="submit">{t('options_save')}</button>}
          <button type="button" onClick={test} disabled={testing}>
            {t('options_test_connection')}
          </button>
        </div>
        <StatusLine message={status?.message} tone={status?.tone} />
      </form>
      {props.children}
    </section>
  );
}
