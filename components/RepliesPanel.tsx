/**
 * The popup's "Replies": what the team answered about this person's ratings, unread first. Reply
 * text comes from the backend and is rendered as text (a JSX string child), never as HTML.
 */
import { t } from '../platform/i18n';
import type { ReplyItem } from '../utils/contracts/messages';
import { formatDate, safeHref } from './popup-format';

export interface RepliesPanelProps {
  items: ReplyItem[];
  unread: number;
  onRead: (item: ReplyItem) => void;
}

export function RepliesPanel({ items, unread, onRead }: RepliesPanelProps) {
  if (items.length === 0) return null;
  return (
    <section class="sf-popup__section" aria-labelledby="sf-replies-heading">
      <h2 id="sf-replies-heading">
        {t('popup_replies_heading')} {unread > 0 && <span class="sf-count" aria-label={t('popup_replies_unread', unread)}>{unread}</span>}
      </h2>
      <ul class="sf-replies">
        {items.map((item) => {
          const href = safeHref(item.ticketUrl);
          return (
            <li key={item.ratingId} class={`sf-replies__item${item.unread ? ' sf-replies__item--unread' : ''}`} data-rating-id={item.ratingId}>
              <div class="sf-pending__main">
                <span class="sf-pending__title">
                  {href ? (
                    <a class="sf-link" href={href} target="_blank" rel="noreferrer noopener" onClick={() => item.unread && onRead(item)}>
                      {item.title ?? item.key}
                    </a>
                  ) : (
                    (item.title ?? item.key)
                  )}
                </span>
                <span class="sf-pending__meta">
                  {item.key} · {item.serviceName ?? t('popup_pending_no_service')}
                  {item.unread && ` · ${t('popup_replies_new')}`}
                </span>
              </div>
              {item.replies.map((reply) => (
                <blockquote key={reply.id} class="sf-reply">
                  <p class="sf-reply__meta">{t('popup_replies_by', reply.author.name, formatDate(reply.at, 'dateTime'))}</p>
                  <p class="sf-reply__text">{reply.text}</p>
                </blockquote>
              ))}
              {item.unread && (
                <button type="button" class="sf-button sf-button--small" onClick={() => onRead(item)}>
                  {t('popup_replies_mark_read')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
