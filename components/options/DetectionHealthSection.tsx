/**
 * Detection health on the options page: "GitLab: status not found on 3 pages since Monday", per
 * tracker and fact, from the worker's counts (`health.summary`). Follows new counts while open.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../../platform/i18n';
import { sendMessage } from '../../platform/send-message';
import { DETECTION_HEALTH_KEY, type HealthSummary } from '../../utils/contracts/detection-health';

type Summary = HealthSummary['items'][number];

export function healthLine(item: Summary): string {
  return t(item.pages === 1 ? 'options_health_line_one' : 'options_health_line_other', t(`options_health_tracker_${item.tracker}`), t(`options_health_fact_${item.fact}`), String(item.pages));
}

export function DetectionHealthSection() {
  const [summary, setSummary] = useState<HealthSummary>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    const load = () =>
      sendMessage('health.summary', {}).then(
        (next) => {
          setSummary(next);
          setFailure(undefined);
        },
        (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)),
      );
    void load();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && DETECTION_HEALTH_KEY in changes) void load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  return (
    <section aria-labelledby="sf-health-heading">
      <h2 id="sf-health-heading">{t('options_health_heading')}</h2>
      <p class="sf-hint">{t('options_health_intro')}</p>
      {failure ? <p class="sf-callout sf-warning">{t('options_health_failed', failure)}</p> : null}
      {summary && summary.items.length === 0 ? <p>{t('options_health_none')}</p> : null}
      {summary && summary.items.length > 0 ? (
        <ul class="sf-health">
          {summary.items.map((item) => (
            <li key={`${item.tracker}/${item.fact}`}>{healthLine(item)}</li>
          ))}
        </ul>
      ) : null}
      {summary?.shared ? <p class="sf-hint">{t('options_health_shared')}</p> : null}
    </section>
  );
}
