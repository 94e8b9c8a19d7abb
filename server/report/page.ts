/**
 * The report as an HTML page for service owners: summary table, weekly trend charts drawn as
 * inline SVG on the server, latest comments, filters. No scripts at all. Every interpolated
 * value goes through `html`, which escapes unless the value is already `SafeHtml`.
 */
import { formatMessage, type Catalog, type Language } from '../../utils/i18n/catalog';
import type { Service } from '../../utils/contracts/schema';
import type { StoredRating } from '../store/store';
import type { Report, ReportQuery, ServiceReport, WeekPoint } from './query';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

function renderValue(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Tagged template: interpolations are escaped, nested `html` fragments are kept as they are. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

export type Translate = (key: string, ...substitutions: (string | number)[]) => string;

export function createTranslator(catalog: Catalog): Translate {
  return (key, ...substitutions) => {
    const entry = catalog[key];
    if (!entry) throw new Error(`i18n: missing message "${key}"`);
    return formatMessage(entry, substitutions.map(String));
  };
}

/** The first language in `Accept-Language` (by q) that we ship; English otherwise. */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => param.trim().match(/^q=([\d.]+)$/)?.[1]).find(Boolean);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh_CN';
    if (tag === 'en' || tag.startsWith('en-') || tag === '*') return 'en';
  }
  return 'en';
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1f2328}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}th,td{padding:.35rem .6rem;border-bottom:1px solid #d0d7de;text-align:right}
th:first-child,td:first-child{text-align:left}
form.filters{display:flex;gap:1rem;align-items:end;flex-wrap:wrap;margin:1rem 0}
label{display:flex;flex-direction:column;font-size:.85rem;gap:.2rem}
.error{color:#b42318;font-weight:600}.holiday-missing{color:#8a4b00;font-size:.85rem}.muted{color:#57606a}
.charts{margin-top:1.5rem;display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr));gap:1rem}
figure{margin:0;border:1px solid #d0d7de;border-radius:6px;padding:.5rem}figcaption{font-weight:600}
ul.comments{list-style:none;padding:0}ul.comments li{border-bottom:1px solid #d0d7de;padding:.5rem 0}
.comment{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0 0}
header{display:flex;justify-content:space-between;align-items:center}
article.rating{border-bottom:1px solid #d0d7de;padding:.5rem 0}form.inline{display:inline-block;margin:.25rem .25rem 0 0}ol.thread{padding-left:1.2rem}
button,select,input{min-height:24px;font:inherit}`;

/** Every page: an optional `header` (title bar, sign-out) as the banner, then `body` as the one `<main>` landmark. */
export function layoutPage(input: { language: Language; title: string; styleNonce: string; header?: SafeHtml; body: SafeHtml }): string {
  const lang = input.language === 'zh_CN' ? 'zh-CN' : 'en';
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${input.title}</title><style nonce="${input.styleNonce}">${new SafeHtml(STYLE)}</style></head><body>${input.header ?? ''}<main>${input.body}</main></body></html>`}`;
}

export function renderLoginPage(input: { t: Translate; language: Language; styleNonce: string; error: boolean; oidc?: boolean }): string {
  const { t } = input;
  return layoutPage({
    ...input,
    title: t('report_login_title'),
    body: html`<h1>${t('report_login_title')}</h1>
${input.oidc ? html`<p><a class="button" href="/auth/login">${t('auth_sign_in_company')}</a></p>
<h2>${t('auth_or_token')}</h2>` : ''}
<form method="post" action="/login">
${input.error ? html`<p class="error" role="alert">${t('report_login_error')}</p>` : ''}
<label>${t('report_login_token_label')}<input type="password" name="token" autocomplete="current-password" required autofocus></label>
<p><button type="submit">${t('report_login_submit')}</button></p>
</form>`,
  });
}

const formatNumber = (value: number | null, t: Translate) => (value === null ? t('report_no_data') : value.toFixed(2));
const formatPercent = (value: number | null, t: Translate) => (value === null ? t('report_no_data') : `${value.toFixed(1)}%`);
const serviceLabel = (report: ServiceReport, t: Translate) => report.name ?? t('report_unassigned');

const CHART = { width: 360, height: 150, left: 34, right: 8, top: 10, bottom: 22 };

/** Bars: ratings per week (scaled to the busiest week); line: CSAT % on a fixed 0–100 axis. */
export function trendChart(points: readonly WeekPoint[], t: Translate, label: string): SafeHtml {
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const slot = plotWidth / Math.max(points.length, 1);
  const maxCount = Math.max(1, ...points.map((point) => point.count));
  const x = (index: number) => CHART.left + slot * index + slot / 2;
  const yPercent = (value: number) => CHART.top + plotHeight * (1 - value / 100);
  const bars = points.map((point, index) => {
    const height = (plotHeight * point.count) / maxCount;
    const title = t('report_trend_point', point.weekStart, point.count, `${point.csatPercent.toFixed(1)}%`);
    // A week in a year without holiday data is marked: its SLA outcomes counted holidays as work.
    const missing = point.holidayDataMissing?.join(', ');
    return html`<rect x="${(x(index) - slot * 0.35).toFixed(1)}" y="${(CHART.top + plotHeight - height).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${height.toFixed(1)}" fill="${missing ? '#f2c46d' : '#c8d9f0'}"${missing ? new SafeHtml(' data-holiday-missing="true"') : ''}><title>${missing ? t('report_trend_holiday_missing', title, missing) : title}</title></rect>`;
  });
  const line = points.map((point, index) => `${x(index).toFixed(1)},${yPercent(point.csatPercent).toFixed(1)}`).join(' ');
  const dots = points.map(
    (point, index) =>
      html`<circle cx="${x(index).toFixed(1)}" cy="${yPercent(point.csatPercent).toFixed(1)}" r="3" fill="#1a7f37"><title>${t('report_trend_point', point.weekStart, point.count, `${point.csatPercent.toFixed(1)}%`)}</title></circle>`,
  );
  const first = points[0]?.weekStart ?? '';
  const last = points.length > 1 ? (points[points.length - 1]?.weekStart ?? '') : '';
  const bottom = CHART.height - 6;
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CHART.width} ${CHART.height}" width="100%" role="img" aria-label="${label}">
<line x1="${CHART.left}" y1="${CHART.top + plotHeight}" x2="${CHART.width - CHART.right}" y2="${CHART.top + plotHeight}" stroke="#8c959f"/>
<text x="${CHART.left - 4}" y="${CHART.top + 4}" font-size="10" text-anchor="end" fill="#57606a">100%</text>
<text x="${CHART.left - 4}" y="${CHART.top + plotHeight}" font-size="10" text-anchor="end" fill="#57606a">0%</text>
${bars}<polyline points="${line}" fill="none" stroke="#1a7f37" stroke-width="2"/>${dots}
<text x="${CHART.left}" y="${bottom}" font-size="10" fill="#57606a">${first}</text>
<text x="${CHART.width - CHART.right}" y="${bottom}" font-size="10" text-anchor="end" fill="#57606a">${last}</text>
</svg>`;
}

function isWebUrl(value: string): boolean {
  try {
    const protocol = new URL(value).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function queryString(query: ReportQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function renderReportPage(input: {
  t: Translate;
  language: Language;
  styleNonce: string;
  report: Report;
  comments: readonly StoredRating[];
  services: readonly Service[];
  query: ReportQuery;
  error?: string;
}): string {
  const { t, report, query } = input;
  const names = new Map(report.services.map((service) => [service.serviceId, serviceLabel(service, t)]));
  const summaryRows = report.services.map(
    (service) => html`<tr><td>${serviceLabel(service, t)}</td><td>${service.count}</td><td>${formatNumber(service.mean, t)}</td>
<td>${formatPercent(service.csatPercent, t)}</td><td>${formatPercent(service.slaMetPercent, t)}${
      service.holidayDataMissing.length > 0 ? html`<br><span class="holiday-missing">${t('report_holiday_missing', service.holidayDataMissing.join(', '))}</span>` : ''
    }</td>
<td>${formatNumber(service.dimensions.communication, t)}</td><td>${formatNumber(service.dimensions.understanding, t)}</td>
<td>${formatNumber(service.dimensions.proactiveness, t)}</td></tr>`,
  );
  const charts = report.services.map((service) => {
    const heading = t('report_trend_heading', serviceLabel(service, t));
    return html`<figure><figcaption>${heading}</figcaption>${
      service.weekly.length > 0 ? trendChart(service.weekly, t, heading) : html`<p class="muted">${t('report_no_ratings')}</p>`
    }</figure>`;
  });
  const comments = input.comments.map((rating) => {
    const ticket = isWebUrl(rating.ticketUrl)
      ? html`<a href="${rating.ticketUrl}" rel="noreferrer noopener">${rating.ticketKey}</a>`
      : html`${rating.ticketKey}`;
    const service = names.get(rating.serviceId) ?? rating.serviceId ?? t('report_unassigned');
    return html`<li><strong>${t('report_comment_score', rating.overall)}</strong> · ${service} · ${ticket} · <time datetime="${rating.ratedAt}">${rating.ratedAt.slice(0, 10)}</time>${rating.verified === 0 ? html` · <span class="muted">${t('auth_unverified')}</span>` : ''}
<p class="comment">${rating.comment}</p></li>`;
  });
  const serviceOptions = input.services.map(
    (service) => html`<option value="${service.id}"${service.id === query.service ? new SafeHtml(' selected') : ''}>${service.name}</option>`,
  );
  return layoutPage({
    ...input,
    title: t('report_title'),
    header: html`<header><h1>${t('report_title')}</h1><nav aria-label="${t('catalogue_nav')}"><a href="/inbox">${t('inbox_title')}</a> · <a href="/catalogue">${t('catalogue_title')}</a></nav><form method="post" action="/logout"><button type="submit">${t('report_logout')}</button></form></header>`,
    body: html`<form class="filters" method="get" action="/">
<label>${t('report_filter_service')}<select name="service"><option value="">${t('report_filter_all_services')}</option>${serviceOptions}</select></label>
<label>${t('report_filter_from')}<input type="date" name="from" value="${query.from ?? ''}"></label>
<label>${t('report_filter_to')}<input type="date" name="to" value="${query.to ?? ''}"></label>
<button type="submit">${t('report_filter_apply')}</button>
<a href="/v1/ratings.csv${queryString(query)}">${t('report_download_csv')}</a>
</form>
${input.error ? html`<p class="error" role="alert">${t('report_filter_error', input.error)}</p>` : ''}
<h2>${t('report_summary_heading')}</h2>
<table><thead><tr><th>${t('report_col_service')}</th><th>${t('report_col_ratings')}</th><th>${t('report_col_mean')}</th><th>${t('report_col_csat')}</th><th>${t('report_col_sla_met')}</th><th>${t('report_col_communication')}</th><th>${t('report_col_understanding')}</th><th>${t('report_col_proactiveness')}</th></tr></thead>
<tbody>${summaryRows}</tbody></table>
<div class="charts">${charts}</div>
<p class="muted">${t('report_trend_legend')}${report.services.some((service) => service.holidayDataMissing.length > 0) ? html` ${t('report_trend_legend_holidays')}` : ''}</p>
<h2>${t('report_comments_heading')}</h2>
${comments.length > 0 ? html`<ul class="comments">${comments}</ul>` : html`<p class="muted">${t('report_no_comments')}</p>`}
<p class="muted">${t('report_generated', report.generatedAt)}</p>`,
  });
}
