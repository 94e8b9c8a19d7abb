/**
 * A weekly digest as the provider-neutral `Message` that messages.ts renders per provider: each
 * figure with the week before, top tags, open follow-ups, and the three lowest comments quoted as
 * plain text (no rater, no ticket title).
 */
import type { Translate } from '../report/page';
import type { Compared, DigestPayload } from './digest';
import type { Message } from './messages';

export function describeDigest(digest: DigestPayload, serviceName: string, inboxUrl: string, t: Translate): Message {
  const none = t('notify_digest_none');
  const show = (value: number | null, unit: string) => (value === null ? none : `${value}${unit}`);
  const compared = (figure: Compared, unit = '') => t('notify_digest_vs', show(figure.value, unit), show(figure.previous, unit));
  const open = digest.openFollowUps;
  const facts: Message['facts'] = [
    { label: t('notify_digest_ratings'), value: compared(digest.ratings) },
    { label: t('notify_digest_mean'), value: compared(digest.mean) },
    { label: t('notify_digest_csat'), value: compared(digest.csatPercent, '%') },
    { label: t('notify_digest_sla'), value: compared(digest.slaMetPercent, '%') },
    {
      label: t('notify_digest_top_tags'),
      value: digest.topTags.length === 0 ? none : digest.topTags.map((entry) => `${entry.tag} (${entry.count})`).join(', '),
    },
    {
      label: t('notify_digest_open', open.lowAt),
      value: t('notify_digest_open_detail', `${open.total}${open.atLeast ? '+' : ''}`, open.new, open.acknowledged, open.replied),
    },
  ];
  return {
    title: t('notify_digest_title', serviceName, digest.weekOf, digest.weekEnd),
    facts,
    comments: digest.lowestComments.map((entry) => ({ label: t('notify_digest_comment', entry.overall, entry.ticketKey), value: entry.comment })),
    links: [{ label: t('notify_open_inbox'), url: inboxUrl }],
  };
}
