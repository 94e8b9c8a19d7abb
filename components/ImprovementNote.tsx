/**
 * "You said, we did": a service's latest improvement (from `/v1/config`, utils/catalogue's
 * `latestImprovement`), in the SLA badge's popover and above the stars of the rating panel. The
 * text comes from the backend and is only ever a text child, never HTML. `compact` (the panel)
 * shortens a long text behind a "Show all" button; the popover is a tooltip, so it holds no
 * controls and always shows the whole text.
 */
import { useState } from 'preact/hooks';
import { t, uiLocale } from '../platform/i18n';
import type { Improvement } from '../utils/contracts/schema';

/** Characters (code points) the compact form shows before "Show all". */
export const IMPROVEMENT_SHORT = 160;

const dateOf = (iso: string) => new Date(iso).toLocaleDateString(uiLocale(), { dateStyle: 'medium' });

export function ImprovementNote({ improvement, compact = false }: { improvement: Improvement; compact?: boolean }) {
  const [expanded, setExpanded] = useState(false);
  // Code points, so a cut never splits an emoji or another character outside the BMP.
  const points = Array.from(improvement.text);
  const long = compact && points.length > IMPROVEMENT_SHORT;
  const text = long && !expanded ? `${points.slice(0, IMPROVEMENT_SHORT).join('').trimEnd()}…` : improvement.text;
  const date = dateOf(improvement.at);
  const author = improvement.author.name.trim();
  return (
    <p class="sf-improvement" data-service-feedback="improvement">
      <strong>{t('sla_improvement_label')}</strong> <span class="sf-improvement__text">{text}</span>
      {long && (
        <>
          {' '}
          <button type="button" class="sf-improvement__more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
            {expanded ? t('sla_improvement_less') : t('sla_improvement_more')}
          </button>
        </>
      )}
      <span class="sf-improvement__meta">{author ? t('sla_improvement_by', author, date) : t('sla_improvement_on', date)}</span>
    </p>
  );
}
