/**
 * The popup's "Sign in again" (issue 15): shown while the backend refuses the personal token
 * from company sign-in. The button asks the worker to run the sign-in; the popup may close when
 * the identity window opens, the worker carries on.
 */
import { t } from '../platform/i18n';

export interface SignInAgainProps {
  /** The backend's words for the refusal (expired, revoked). */
  reason?: string;
  busy: boolean;
  onSignIn: () => void;
}

export function SignInAgain({ reason, busy, onSignIn }: SignInAgainProps) {
  return (
    <section class="sf-callout sf-warning sf-signin-again" role="alert" aria-labelledby="sf-signin-again-heading">
      <h2 id="sf-signin-again-heading">{t('popup_signin_again_heading')}</h2>
      <p>{t('popup_signin_again_text', reason ?? '')}</p>
      <button type="button" class="sf-button sf-button--primary" onClick={onSignIn} disabled={busy}>
        {busy ? t('popup_signin_running') : t('popup_signin_again_button')}
      </button>
    </section>
  );
}
