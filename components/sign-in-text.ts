/** Words for the sign-in outcomes the worker reports (utils/contracts/sign-in.ts), shared by options and popup. */
import { t } from '../platform/i18n';
import type { SignInOutcome, SignInProblemKind } from '../utils/contracts/sign-in';

const PROBLEM_KEYS: Record<SignInProblemKind, string> = {
  cancelled: 'options_signin_problem_cancelled',
  window: 'options_signin_problem_window',
  'state-mismatch': 'options_signin_problem_state_mismatch',
  denied: 'options_signin_problem_denied',
  malformed: 'options_signin_problem_malformed',
  exchange: 'options_signin_problem_exchange',
  network: 'options_signin_problem_network',
  'not-offered': 'options_signin_problem_not_offered',
  busy: 'options_signin_problem_busy',
};

/** Why a sign-in attempt did not end signed in, in the reader's language. */
export function signInProblemText(problem: NonNullable<SignInOutcome['problem']>): string {
  return t(PROBLEM_KEYS[problem.kind], problem.detail ?? '').replace(/ ?[(（][)）]/, '');
}
