/**
 * The team's reply under "Your rating" on the ticket page, with "Did this settle it? Yes / No" and
 * an optional comment. Reply text comes from the backend and is a text child, never HTML.
 */
import { useState } from 'preact/hooks';
import { t } from '../platform/i18n';
import type { ReplyItem } from '../utils/contracts/messages';

export interface TeamReplyProps {
  reply: ReplyItem;
  onAnswer: (resolved: boolean, comment: string) => Promise<unknown>;
}

const timeOf = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function TeamReply({ reply, onAnswer }: TeamReplyProps) {
  const [comment, setComment] = useState('');
  const [answer, setAnswer] = useState(reply.answer);
  const [failed, setFailed] = useState(false);
  const choose = (resolved: boolean) => {
    setFailed(false);
    onAnswer(resolved, comment).then(
      () => setAnswer({ resolved, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
      () => setFailed(true),
    );
  };
  return (
    <div class="sf-rating__reply" data-service-feedback="reply">
      <p class="sf-rating__reply-heading">{t('rating_reply_heading')}</p>
      {reply.replies.map((entry) => (
        <blockquote key={entry.id} class="sf-rating__reply-entry">
          <p class="sf-rating__reply-meta">{t('rating_reply_by', entry.author.name, timeOf(entry.at))}</p>
          <p class="sf-rating__reply-text">{entry.text}</p>
        </blockquote>
      ))}
      {answer ? (
        <p role="status">{answer.resolved ? t('rating_reply_answered_yes') : t('rating_reply_answered_no')}</p>
      ) : (
        <fieldset class="sf-rating__reply-question">
          <legend>{t('rating_reply_settled')}</legend>
          <textarea rows={2} maxLength={2000} value={comment} aria-label={t('rating_reply_comment')} placeholder={t('rating_reply_comment')} onInput={(event) => setComment(event.currentTarget.value)} />
          <button type="button" class="sf-button" onClick={() => choose(true)}>
            {t('rating_reply_yes')}
          </button>
          <button type="button" class="sf-button" onClick={() => choose(false)}>
            {t('rating_reply_no')}
          </button>
        </fieldset>
      )}
      {failed && <p role="alert">{t('rating_reply_failed')}</p>}
    </div>
  );
}
