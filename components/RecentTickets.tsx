/** The popup's "Recent tickets" with where their SLA stands. */
import { t } from '../platform/i18n';
import type { RecentItem } from '../utils/contracts/messages';
import { safeHref, slaStateLabel } from './popup-format';

function slaSummary(item: RecentItem): string {
  const parts: string[] = [];
  if (item.sla?.firstResponse) parts.push(t('popup_sla_first_response', slaStateLabel(item.sla.firstResponse.state)));
  if (item.sla?.resolution) parts.push(t('popup_sla_resolution', slaStateLabel(item.sla.resolution.state)));
  return parts.length ? parts.join(' · ') : t('popup_recent_no_sla');
}

/** The state that needs attention first, for the row's colour. */
function worstState(item: RecentItem): string {
  const states = [item.sla?.firstResponse?.state, item.sla?.resolution?.state];
  return (['breached', 'at-risk', 'running', 'paused', 'met'] as const).find((state) => states.includes(state)) ?? 'none';
}

export function RecentTickets({ items }: { items: RecentItem[] }) {
  return (
    <section class="sf-popup__section" aria-labelledby="sf-recent-heading">
      <h2 id="sf-recent-heading">{t('popup_recent_heading')}</h2>
      {items.length === 0 ? (
        <p class="sf-empty">{t('popup_recent_empty')}</p>
      ) : (
        <ul class="sf-recent">
          {items.map((item) => {
            const href = safeHref(item.ticketUrl);
            return (
              <li key={item.ticketUrl} class="sf-recent__item" data-sla={worstState(item)}>
                {href ? (
                  <a class="sf-link" href={href} target="_blank" rel="noreferrer noopener">
                    {item.key}
                  </a>
                ) : (
                  <span>{item.key}</span>
                )}
                <span class="sf-recent__title">{item.title ?? ''}</span>
                <span class="sf-recent__meta">
                  {item.serviceName && `${item.serviceName} · `}
                  {slaSummary(item)}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
