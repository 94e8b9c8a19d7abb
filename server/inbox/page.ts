/**
 * The owners' Inbox page: their services' ratings (low scores and comments first), filters, the
 * reply thread, and plain HTML forms (reply, acknowledge, resolve, publish an improvement), each
 * with the session's CSRF token. No scripts; every value goes through the escaping `html`.
 */
import type { Language } from '../../utils/i18n/catalog';
import { html, layoutPage, type SafeHtml, type Translate } from '../report/page';
import type { inboxItems } from './items';

type Item = Awaited<ReturnType<typeof inboxItems>>[number];

export interface InboxPageInput {
  t: Translate;
  language: Language;
  styleNonce: string;
  csrf: string;
  personName: string;
  services: readonly { id: string; name: string }[];
  query: Record<string, string>;
  items: readonly Item[];
  error?: string;
}

const STATES = ['new', 'acknowledged', 'replied', 'resolved'] as const;

/** Low scores first, then ratings with a comment, then newest. */
export function inboxOrder(a: Item, b: Item): number {
  return a.rating.overall - b.rating.overall || Number(!a.rating.comment) - Number(!b.rating.comment) || b.rating.ratedAt.localeCompare(a.rating.ratedAt);
}

const hidden = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;
const isWebLink = (url: string) => /^https?:\/\//i.test(url);

function ratingEntry(item: Item, input: InboxPageInput): SafeHtml {
  const { t, csrf } = input;
  const r = item.rating;
  const dimensions = (['communication', 'understanding', 'proactiveness'] as const)
    .filter((name) => r[name] !== null)
    .map((name) => html`<li>${t(`inbox_dimension_${name}`)}: ${r[name]}</li>`);
  const sla = r.slaMet === null ? t('inbox_sla_unknown') : r.slaMet ? t('inbox_sla_met') : t('inbox_sla_missed');
  const ticket = isWebLink(r.ticketUrl) ? html`<a href="${r.ticketUrl}" rel="noreferrer">${r.ticketKey}</a>` : html`${r.ticketKey}`;
  return html`<article class="rating">
<h3>${ticket} ${r.ticketTitle ? html`<span class="muted">${r.ticketTitle}</span>` : ''}</h3>
<p>${t('inbox_overall', r.overall)} · ${t('inbox_state_label')}: ${t(`inbox_state_${item.followUp.state}`)} · ${sla} · ${t('inbox_requester')}: ${r.rater ?? t('inbox_anonymous')} · <time datetime="${r.ratedAt}">${r.ratedAt}</time></p>
${dimensions.length ? html`<ul class="dimensions">${dimensions}</ul>` : ''}
${r.tags.length ? html`<p>${t('inbox_tags')}: ${r.tags.join(', ')}</p>` : ''}
${r.comment ? html`<p class="comment">${r.comment}</p>` : ''}
${item.replies.length ? html`<ol class="thread">${item.replies.map((reply) => html`<li><strong>${reply.author.name}</strong> <time datetime="${reply.at}">${reply.at}</time><p class="comment">${reply.text}</p></li>`)}</ol>` : ''}
${item.answer ? html`<p>${item.answer.resolved ? t('inbox_answer_resolved') : t('inbox_answer_unresolved')}${item.answer.comment ? html`: ${item.answer.comment}` : ''}</p>` : ''}
<form method="post" action="/inbox/ratings/${r.id}/reply">${hidden(csrf)}
<label>${t('inbox_reply_label')}<textarea name="text" required maxlength="4000" rows="3"></textarea></label>
<button type="submit">${t('inbox_reply_submit')}</button></form>
<form method="post" action="/inbox/ratings/${r.id}/state" class="inline">${hidden(csrf)}<input type="hidden" name="state" value="acknowledged"><button type="submit">${t('inbox_acknowledge')}</button></form>
<form method="post" action="/inbox/ratings/${r.id}/state" class="inline">${hidden(csrf)}<input type="hidden" name="state" value="resolved"><button type="submit">${t('inbox_resolve')}</button></form>
</article>`;
}

export function renderInboxPage(input: InboxPageInput): string {
  const { t, query } = input;
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const header = html`<header><h1>${t('inbox_title')}</h1><form method="post" action="/logout">${hidden(input.csrf)}<span class="muted">${input.personName}</span> <button type="submit">${t('report_logout')}</button></form></header>`;
  const body = html`<form class="filters" method="get" action="/inbox">
<label>${t('report_filter_service')}<select name="service">${option('', t('report_filter_all_services'), !query.service)}${input.services.map((s) => option(s.id, s.name, query.service === s.id))}</select></label>
<label>${t('inbox_state_label')}<select name="state">${option('', t('inbox_state_any'), !query.state)}${STATES.map((state) => option(state, t(`inbox_state_${state}`), query.state === state))}</select></label>
<label>${t('inbox_filter_max_overall')}<select name="maxOverall">${option('', t('inbox_state_any'), !query.maxOverall)}${['1', '2', '3', '4', '5'].map((n) => option(n, n, query.maxOverall === n))}</select></label>
<label>${t('report_filter_from')}<input type="date" name="from" value="${query.from ?? ''}"></label>
<label>${t('report_filter_to')}<input type="date" name="to" value="${query.to ?? ''}"></label>
<button type="submit">${t('report_filter_apply')}</button>
</form>
${input.error ? html`<p class="error" role="alert">${t('inbox_error', input.error)}</p>` : ''}
<section><h2>${t('inbox_improvement_heading')}</h2>
${input.services.map((service) => html`<form method="post" action="/inbox/services/${service.id}/improvements">${hidden(input.csrf)}
<label>${service.name}<textarea name="text" required maxlength="1000" rows="2"></textarea></label><button type="submit">${t('inbox_improvement_submit')}</button></form>`)}
</section>
<section><h2>${t('inbox_ratings_heading', input.items.length)}</h2>
${input.items.length ? [...input.items].sort(inboxOrder).map((item) => ratingEntry(item, input)) : html`<p class="muted">${t('inbox_empty')}</p>`}
</section>`;
  return layoutPage({ language: input.language, title: t('inbox_title'), styleNonce: input.styleNonce, header, body });
}
