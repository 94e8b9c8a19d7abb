/**
 * One event → the request body each provider expects, in the service's language. Everything a
 * requester typed is escaped for the provider's markup; the rater appears only when the rating
 * carries one (anonymous ratings have none) and the ticket title only when it was sent.
 */
import type { Translate } from '../report/page';
import type { NotifyType } from './config';
import type { DigestPayload } from './digest';
import { describeDigest } from './digest-message';
import type { RatingSnapshot } from './events';

/** The webhook body (DESIGN.md): a rating event carries `rating` and a ticket link, a digest `digest`. */
export interface EventEnvelope {
  id: string;
  type: string;
  createdAt: string;
  service: { id: string; name: string };
  rating?: RatingSnapshot;
  digest?: DigestPayload;
  links: { ticket?: string; inbox: string };
}

export interface Message {
  title: string;
  facts: { label: string; value: string }[];
  /** Quoted requester text (a rating's comment, a digest's lowest comments): plain text, never markup. */
  comments: { label: string; value: string }[];
  links: { label: string; url: string }[];
}

export function describe(event: EventEnvelope, t: Translate): Message {
  if (event.digest) return describeDigest(event.digest, event.service.name, event.links.inbox, t);
  const rating = event.rating!;
  const title =
    event.type === 'rating.comment'
      ? t('notify_comment_title', event.service.name, rating.ticketKey, rating.overall)
      : t('notify_low_title', event.service.name, rating.overall, rating.ticketKey);
  const facts: Message['facts'] = [{ label: t('notify_overall'), value: `${rating.overall}/5` }];
  for (const dimension of ['communication', 'understanding', 'proactiveness'] as const) {
    const score = rating[dimension];
    if (score !== undefined) facts.push({ label: t(`notify_${dimension}`), value: `${score}/5` });
  }
  if (rating.tags.length > 0) facts.push({ label: t('notify_tags'), value: rating.tags.join(', ') });
  if (rating.slaMet !== undefined) facts.push({ label: t('notify_sla'), value: t(rating.slaMet ? 'notify_sla_met' : 'notify_sla_missed') });
  if (rating.ticketTitle) facts.push({ label: t('notify_ticket_title'), value: rating.ticketTitle });
  if (rating.rater) facts.push({ label: t('notify_rater'), value: rating.rater });
  const comments = rating.comment?.trim() ? [{ label: t('notify_comment'), value: rating.comment }] : [];
  return {
    title,
    facts,
    comments,
    links: [
      ...(event.links.ticket ? [{ label: t('notify_open_ticket'), url: event.links.ticket }] : []),
      { label: t('notify_open_inbox'), url: event.links.inbox },
    ],
  };
}

// Slack mrkdwn needs only &, < and > escaped; links are `<url|label>`.
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// Markdown (DingTalk, WeCom): backslash-escape what would start markup or a link.
const markdownEscape = (text: string) => text.replace(/([\\`*_[\]()#<>!|~-])/g, '\\$1').replace(/\r?\n/g, '  \n');
// Our URLs only, but still never let one close the markdown link.
const markdownUrl = (url: string) => encodeURI(decodeURI(url)).replace(/[()]/g, (c) => encodeURIComponent(c));

function markdown(message: Message): string {
  return [
    `### ${markdownEscape(message.title)}`,
    ...message.facts.map((fact) => `- **${markdownEscape(fact.label)}**: ${markdownEscape(fact.value)}`),
    ...message.comments.map((comment) => `> **${markdownEscape(comment.label)}**: ${markdownEscape(comment.value)}`),
    message.links.map((link) => `[${markdownEscape(link.label)}](${markdownUrl(link.url)})`).join(' · '),
  ].join('\n\n');
}

/** The JSON body for `type` (Feishu's `timestamp`/`sign` are added by the sender). */
export function renderBody(type: NotifyType, event: EventEnvelope, t: Translate, language: 'en' | 'zh_CN'): Record<string, unknown> {
  if (type === 'webhook') return { ...event };
  const message = describe(event, t);
  switch (type) {
    case 'slack':
      return {
        text: message.title,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(message.title)}*` } },
          { type: 'section', fields: message.facts.map((fact) => ({ type: 'mrkdwn', text: `*${slackEscape(fact.label)}*\n${slackEscape(fact.value)}` })) },
          ...message.comments.flatMap((comment) => [
            { type: 'context', elements: [{ type: 'mrkdwn', text: `*${slackEscape(comment.label)}*` }] },
            { type: 'section', text: { type: 'plain_text', text: comment.value } },
          ]),
          { type: 'actions', elements: message.links.map((link) => ({ type: 'button', text: { type: 'plain_text', text: link.label }, url: link.url })) },
        ],
      };
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: {
              type: 'AdaptiveCard',
              version: '1.4',
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              body: [
                { type: 'TextBlock', text: message.title, weight: 'Bolder', size: 'Medium', wrap: true },
                { type: 'FactSet', facts: message.facts.map((fact) => ({ title: fact.label, value: fact.value })) },
                ...message.comments.flatMap((comment) => [
                  { type: 'TextBlock', text: comment.label, weight: 'Bolder', wrap: true },
                  { type: 'TextBlock', text: comment.value, wrap: true },
                ]),
              ],
              actions: message.links.map((link) => ({ type: 'Action.OpenUrl', title: link.label, url: link.url })),
            },
          },
        ],
      };
    case 'feishu': {
      const lines = [
        ...message.facts.map((fact) => [{ tag: 'text', text: `${fact.label}: ${fact.value}` }]),
        ...message.comments.map((comment) => [{ tag: 'text', text: `${comment.label}: ${comment.value}` }]),
        message.links.map((link) => ({ tag: 'a', text: `${link.label} `, href: link.url })),
      ];
      return { msg_type: 'post', content: { post: { [language === 'zh_CN' ? 'zh_cn' : 'en_us']: { title: message.title, content: lines } } } };
    }
    case 'dingtalk':
      return { msgtype: 'markdown', markdown: { title: message.title, text: markdown(message) } };
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: markdown(message) } };
  }
}
