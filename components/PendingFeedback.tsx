/**
 * The popup's "Pending feedback": resolved tickets waiting for a rating, newest first, each with
 * a quick 1–5, a link and "Not now". Renders only the loaded page of items ("Show more" loads
 * the next), so a thousand pending tickets cost no more than fifty.
 */
import { t } from '../platform/i18n';
import type { PendingItem } from '../utils/contracts/messages';
import { formatDate, safeHref } from './popup-format';
import { Stars } from './Stars';

export interface PendingFeedbackProps {
  items: PendingItem[];
  total: number;
  /** The outcome of the last quick rating, announced above the list. */
  flash?: string;
  onRate: (item: PendingItem, overall: number) => void;
  onNotNow: (item: PendingItem) => void;
  onShowMore: () => void;
}

export function PendingFeedback({ items, total, flash, onRate, onNotNow, onShowMore }: PendingFeedbackProps) {
  return (
    <section class="sf-popup__section" aria-labelledby="sf-pending-heading">
      <h2 id="sf-pending-heading">
        {t('popup_pending_heading')} {total > 0 && <span class="sf-count">{total}</span>}
      </h2>
      {flash && (
        <p class="sf-flash" role="status">
          {flash}
        </p>
      )}
      {total === 0 ? (
        <p class="sf-empty">{t('popup_pending_empty')}</p>
      ) : (
        <>
          <p class="sf-visually-hidden" aria-live="polite">
            {t('popup_pending_count', total)}
          </p>
          <ul class="sf-pending">
            {items.map((item) => {
              const href = safeHref(item.ticketUrl);
              return (
                <li key={item.ticketUrl} class={`sf-pending__item${item.snoozed ? ' sf-pending__item--snoozed' : ''}`}>
                  <div class="sf-pending__main">
                    <span class="sf-pending__title">{item.title ?? item.key}</span>
                    <span class="sf-pending__meta">
                      {item.key} · {item.serviceName ?? t('popup_pending_no_service')}
                      {item.resolvedAt && ` · ${t('popup_pending_resolved', formatDate(item.resolvedAt))}`}
                      {item.snoozed && ` · ${t('popup_pending_later')}`}
                    </span>
                  </div>
                  <div class="sf-pending__actions">
                    {/* Choosing sends the rating, so the arrow keys only move between the stars. */}
                    <Stars
                      size="small"
                      value={undefined}
                      selectOnArrow={false}
                      onChange={(score) => score !== undefined && onRate(item, score)}
                      label={t('popup_pending_quick_rate', item.key)}
                    />
                    {href && (
                      <a class="sf-link" href={href} target="_blank" rel="noreferrer noopener" aria-label={t('popup_pending_open', item.key)}>
                        ↗
                      </a>
                    )}
                    {!item.snoozed && (
                      <button type="button" class="sf-button sf-button--small" onClick={() => onNotNow(item)}>
                        {t('popup_pending_not_now')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {items.length < total && (
            <button type="button" class="sf-button sf-show-more" onClick={onShowMore}>
              {t('popup_show_more', total - items.length)}
            </button>
          )}
        </>
      )}
    </section>
  );
}
