/**
 * The popup's "Replies": what the team answered about this person's ratings, unread first. Reply
 * text comes from the backend and is rendered as text (a JSX string child), never as HTML.
 */
import { useState } from 'preact/hooks';
import { t } from '../platform/i18n';
import type { ReplyItem } from '../utils/contracts/messages';
import { formatDate, safeHref } from './popup-format';

export interface RepliesPanelProps {
  items: ReplyItem[];
  unread: number;
  onRead: (item: ReplyItem) => void;
  onAnswer: (item: ReplyItem, resolved: boolean, comment: string) => void;
}

/** "Did this settle it? Yes / No" with an optional comment; after answering, what was said. */
function SettledQuestion({ item, onAnswer }: { item: ReplyItem; onAnswer: RepliesPanelProps['onAnswer'] }) {
  const [comment, setComment] = useState('');
  if (item.answer) {
    return (
      <p class="sf-pending__meta sf-reply__answer">
        {item.answer.resolved ? t('popup_replies_answered_yes') : t('popup_replies_answered_no')}
        {item.answerPending && ` · ${t('popup_replies_answer_sending')}`}
      </p>
    );
  }
  return (
    <fieldset class="sf-reply__question">
      <legend>{t('popup_replies_settled')}</legend>
      <textarea class="sf-reply__comment" rows={2} maxLength={2000} value={comment} aria-label={t('popup_replies_comment')} placeholder={t('popup_replies_comment')} onInput={(event) => setComment(event.currentTarget.value)} />
      <button type="button" class="sf-button sf-button--small" onClick={() => onAnswer(item, true, comment)}>
        {t('popup_replies_yes')}
      </button>
      <button type="button" class="sf-button sf-button--small" onClick={() => onAnswer(item, false, comment)}>
        {t('popup_replies_no')}
      </button>
    </fieldset>
  );
}

export function RepliesPanel({ items, unread, onRead, onAnswer }: RepliesPanelProps) {
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
              <SettledQuestion item={item} onAnswer={onAnswer} />
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
