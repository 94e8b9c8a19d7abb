/**
 * Options → Backend → "Company account" (issue 15): sign in with the company's identity provider
 * when the backend offers it, who is signed in, sign in again after a refusal, sign out. The
 * worker runs the flow and keeps the token (entrypoints/background/sign-in/); this page only
 * sends `sign-in.*` messages and never sees the token.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../../platform/i18n';
import { sendMessage } from '../../platform/send-message';
import { SIGN_IN_KEY, type SignInStatus } from '../../utils/contracts/sign-in';
import { signInProblemText } from '../sign-in-text';
import { StatusLine } from './Field';

export interface SignInSectionProps {
  /** The saved backend: another one asks again whether it offers sign-in. */
  backendUrl: string | undefined;
}

type Notice = { message: string; tone: 'info' | 'ok' | 'error' };

export function SignInSection({ backendUrl }: SignInSectionProps) {
  const [status, setStatus] = useState<SignInStatus>();
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState(false);
  const personRef = useRef<HTMLParagraphElement>(null);
  const moveFocus = useRef(false);

  useEffect(() => {
    let active = true;
    const show = (next: SignInStatus) => active && setStatus(next);
    // The worker not answering is no reason to show a sign-in control that cannot work.
    sendMessage('sign-in.status', { ask: true }).then(show, (error: unknown) => console.warn('service-feedback: sign-in state not read', error));
    // A refusal met by the worker, or a sign-in from the popup, shows here without a reload.
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && SIGN_IN_KEY in changes) void sendMessage('sign-in.status', { ask: false }).then(show, () => undefined);
    };
    browser.storage.onChanged.addListener(onStorage);
    return () => {
      active = false;
      browser.storage.onChanged.removeListener(onStorage);
    };
  }, [backendUrl]);

  // After the person's own sign-in or sign-out the button they pressed is gone: focus goes to what replaced it.
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    personRef.current?.focus();
  }, [status]);

  if (!status || status.state === 'no-backend' || status.state === 'not-offered') return null;
  if (status.state === 'unreachable') {
    return <p class="sf-hint">{t('options_signin_unreachable', status.reason ?? '')}</p>;
  }

  const signIn = () => {
    setBusy(true);
    setNotice({ message: t('options_signin_running'), tone: 'info' });
    sendMessage('sign-in.start', {})
      .then((outcome) => {
        moveFocus.current = !outcome.problem;
        setStatus(outcome.status);
        setNotice(outcome.problem ? { message: signInProblemText(outcome.problem), tone: 'error' } : { message: t('options_signin_done', outcome.status.person?.name ?? ''), tone: 'ok' });
      })
      .catch((error: unknown) => setNotice({ message: signInProblemText({ kind: 'window', detail: String(error) }), tone: 'error' }))
      .finally(() => setBusy(false));
  };

  const signOut = () => {
    setBusy(true);
    sendMessage('sign-in.end', {})
      .then((outcome) => {
        moveFocus.current = true;
        setStatus(outcome.status);
        setNotice(outcome.backendNotified ? { message: t('options_signin_signed_out'), tone: 'ok' } : { message: t('options_signin_signed_out_here_only', outcome.detail ?? ''), tone: 'error' });
      })
      .catch((error: unknown) => setNotice({ message: String(error), tone: 'error' }))
      .finally(() => setBusy(false));
  };

  const { state, person } = status;
  return (
    <div class="sf-signin" role="group" aria-labelledby="sf-signin-heading">
      <h3 id="sf-signin-heading">{t('options_signin_heading')}</h3>
      {state === 'signed-out' ? (
        <>
          <p ref={personRef} tabIndex={-1} class="sf-hint">
            {t('options_signin_intro')}
          </p>
          {status.required ? <p class="sf-callout">{t('options_signin_required')}</p> : null}
          {status.sharedIngest === false ? <p class="sf-callout sf-warning">{t('options_signin_shared_off')}</p> : null}
        </>
      ) : (
        <p ref={personRef} tabIndex={-1} data-testid="sf-signin-person">
          {t('options_signin_signed_in', person?.name ?? '', person?.email ?? '')}
        </p>
      )}
      {state === 'again' ? (
        <p class="sf-callout sf-warning" role="alert">
          {t('options_signin_again', status.reason ?? '')}
        </p>
      ) : null}
      <div class="sf-actions">
        {state === 'signed-out' || state === 'again' ? (
          <button type="button" class="sf-primary" onClick={signIn} disabled={busy}>
            {state === 'again' ? t('options_signin_again_button') : t('options_signin_button')}
          </button>
        ) : null}
        {state === 'signed-in' || state === 'again' ? (
          <button type="button" onClick={signOut} disabled={busy}>
            {t('options_signin_sign_out')}
          </button>
        ) : null}
      </div>
      <StatusLine message={notice?.message} tone={notice?.tone} />
    </div>
  );
}
