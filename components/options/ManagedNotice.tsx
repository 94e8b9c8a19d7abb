/**
 * What the organisation's policy sets, and any policy value that was ignored — in words, with
 * the exact spot, so the person can tell their IT team what to fix.
 */
import { t } from '../../platform/i18n';
import type { ManagedReading } from '../../platform/managed-settings';

export function ManagedNotice({ managed }: { managed: ManagedReading }) {
  const keys = [...managed.keys];
  if (keys.length === 0 && managed.problems.length === 0 && managed.unknownKeys.length === 0) return null;
  return (
    <section class="sf-managed" aria-labelledby="sf-managed-heading">
      <h2 id="sf-managed-heading">{t('managed_heading')}</h2>
      {keys.length > 0 ? <p>{t('managed_summary', keys.map((key) => t(`managed_key_${key}`)).join(', '))}</p> : null}
      {managed.problems.length > 0 ? (
        <div class="sf-callout sf-warning" role="alert">
          <p>
            <strong>{t('managed_ignored_heading')}</strong>
          </p>
          <ul>
            {managed.problems.map((problem) => (
              <li key={`${problem.path}:${problem.detail}`}>
                {t(problem.entry === undefined ? 'managed_ignored' : 'managed_ignored_entry', t(`managed_key_${problem.key}`), t(`managed_expect_${problem.key}`), problem.path, problem.detail)}
              </li>
            ))}
          </ul>
          <p class="sf-hint">{t('managed_ignored_hint')}</p>
        </div>
      ) : null}
      {managed.unknownKeys.length > 0 ? <p class="sf-hint">{t('managed_unknown_keys', managed.unknownKeys.join(', '))}</p> : null}
    </section>
  );
}
