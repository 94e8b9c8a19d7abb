import { formatProblems, type ConnectionOutcome } from '../../platform/connection-test';
import { t } from '../../platform/i18n';

/** One sentence per outcome, in words a person can act on. */
export function describeOutcome(outcome: ConnectionOutcome, backendUrl: string): { message: string; tone: 'ok' | 'error' } {
  switch (outcome.kind) {
    case 'ok':
      return { message: t('options_test_ok', outcome.services, outcome.policies), tone: 'ok' };
    case 'invalid-url':
      return { message: t('options_error_backend_url'), tone: 'error' };
    case 'unreachable':
      return { message: t(outcome.maybeTls ? 'options_test_unreachable_https' : 'options_test_unreachable', backendUrl, outcome.detail), tone: 'error' };
    case 'tls':
      return { message: t('options_test_tls', outcome.detail), tone: 'error' };
    case 'timeout':
      return { message: t('options_test_timeout', Math.max(1, outcome.seconds)), tone: 'error' };
    case 'not-a-backend':
      return { message: t('options_test_not_backend', outcome.status ?? '?'), tone: 'error' };
    case 'unauthorized':
      return { message: t('options_test_unauthorized', outcome.status), tone: 'error' };
    case 'http-error':
      return { message: t('options_test_http_error', outcome.status), tone: 'error' };
    case 'config-invalid':
      return { message: t('options_test_config_invalid', formatProblems(outcome.problems)), tone: 'error' };
  }
}
