/**
 * The Catalogue page for admins: the catalogue as JSON in one plain form (check, then save as a
 * new version with a note), the problems per field, what would change and how many recent rated
 * tickets each service's rules match; filling a calendar's year from a maintained holiday source
 * (reviewed before saving); and every version with who, when and a one-click way back.
 * No scripts; every value goes through the escaping `html`.
 */
import type { Language } from '../../utils/i18n/catalog';
import { detectionHealthSection, type DetectionHealthView } from './health-view';
import type { ImportedDay } from '../calendars/import';
import { html, layoutPage, type SafeHtml, type Translate } from '../report/page';
import type { CatalogueVersionRow } from '../store/catalogue';
import type { MatchPreview } from './catalogue';
import { fillReviewTable, hiddenField as hidden } from './fill-review';
import { icsFillSection, type IcsFill } from './ics-fill-page';

export interface CatalogueFill {
  calendarId: string;
  year: number;
  source: string;
  days?: readonly ImportedDay[];
  /** China was asked for a year chinese-days has not published: say so and what to do instead. */
  chinaUnpublished?: boolean;
}

export interface CataloguePageInput {
  t: Translate;
  language: Language;
  styleNonce: string;
  csrf: string;
  version: number | null;
  /** The JSON in the editor: the applied catalogue, or what the admin submitted. */
  text: string;
  note?: string;
  problems?: readonly string[];
  /** After "Check" without problems. */
  checked?: { diff: readonly string[]; preview: readonly MatchPreview[]; serviceNames: ReadonlyMap<string, string> };
  saved?: number;
  /** Detection health beside the editor (its selectorOverrides fix what it shows). */
  health?: DetectionHealthView;
  versions: readonly Omit<CatalogueVersionRow, 'body'>[];
  shown?: { version: number; diff: readonly string[] };
  calendars: readonly { id: string; name?: string }[];
  lacking: readonly { calendarId: string; years: number[] }[];
  fill?: CatalogueFill;
  icsFill?: IcsFill;
  previewCount: number;
}

function diffList(lines: readonly string[], t: Translate): SafeHtml {
  return lines.length ? html`<ul class="diff">${lines.map((line) => html`<li><code>${line}</code></li>`)}</ul>` : html`<p class="muted">${t('catalogue_no_changes')}</p>`;
}

function editor(input: CataloguePageInput): SafeHtml {
  const { t } = input;
  const problems = input.problems?.length
    ? html`<div class="error" role="alert"><p>${t('catalogue_problems', input.problems.length)}</p><ul>${input.problems.map((problem) => html`<li><code>${problem}</code></li>`)}</ul></div>`
    : '';
  const checked = input.checked
    ? html`<div role="status"><h3>${t('catalogue_changes_heading')}</h3>${diffList(input.checked.diff, input.t)}
<h3>${t('catalogue_preview_heading', input.previewCount)}</h3>
<ul>${input.checked.preview.map((entry) => html`<li>${t('catalogue_preview_line', input.checked!.serviceNames.get(entry.serviceId) ?? entry.serviceId, entry.matches, input.previewCount, entry.sameAsStored)}${entry.approximate ? html` <span class="muted">${t('catalogue_preview_approximate')}</span>` : ''}</li>`)}</ul></div>`
    : '';
  return html`<section aria-labelledby="edit-heading"><h2 id="edit-heading">${t('catalogue_edit_heading', input.version ?? 0)}</h2>
${input.saved ? html`<p role="status">${t('catalogue_saved', input.saved)}</p>` : ''}
${problems}${checked}
<form method="post" action="/catalogue/check">${hidden('csrf', input.csrf)}${hidden('basedOn', input.version ?? 0)}
<label for="catalogue-text">${t('catalogue_text_label')}</label>
<p class="muted" id="catalogue-text-help">${t('catalogue_text_help')}</p>
<textarea id="catalogue-text" name="catalogue" rows="24" spellcheck="false" aria-describedby="catalogue-text-help"${input.problems?.length ? html` aria-invalid="true"` : ''}>${input.text}</textarea>
<label>${t('catalogue_note_label')}<input type="text" name="note" maxlength="500" value="${input.note ?? ''}"></label>
<p><button type="submit">${t('catalogue_check')}</button> <button type="submit" formaction="/catalogue/save">${t('catalogue_save')}</button></p>
</form></section>`;
}

function calendarFill(input: CataloguePageInput): SafeHtml {
  const { t, fill } = input;
  const lacking = input.lacking.length
    ? html`<div class="error" role="alert"><ul>${input.lacking.map((entry) => html`<li>${t('catalogue_calendar_lacking', entry.calendarId, entry.years.join(', '))}</li>`)}</ul></div>`
    : '';
  const review = fill?.days
    ? html`<div role="status"><h3>${t('catalogue_fill_review', fill.calendarId, fill.year, fill.days.length)}</h3>
${fillReviewTable(t, fill.days)}
<form method="post" action="/catalogue/fill/save">${hidden('csrf', input.csrf)}${hidden('basedOn', input.version ?? 0)}${hidden('calendar', fill.calendarId)}${hidden('year', fill.year)}${hidden('source', fill.source)}
<button type="submit">${t('catalogue_fill_save')}</button></form></div>`
    : fill?.chinaUnpublished
      ? html`<div role="alert" class="error"><p>${t('catalogue_fill_china_unpublished', fill.year)}</p><p><a href="#ics-heading">${t('catalogue_fill_china_upload')}</a></p></div>`
      : '';
  const year = fill?.year ?? new Date().getUTCFullYear() + 1;
  return html`<section aria-labelledby="fill-heading"><h2 id="fill-heading">${t('catalogue_fill_heading')}</h2>${lacking}
<form method="post" action="/catalogue/fill" class="filters">${hidden('csrf', input.csrf)}
<label>${t('catalogue_fill_calendar')}<select name="calendar">${input.calendars.map((calendar) => html`<option value="${calendar.id}"${fill?.calendarId === calendar.id ? html` selected` : ''}>${calendar.name ?? calendar.id}</option>`)}</select></label>
<label>${t('catalogue_fill_year')}<input type="number" name="year" min="2000" max="2100" required value="${String(year)}"></label>
<label>${t('catalogue_fill_source')}<input type="text" name="source" required maxlength="20" value="${fill?.source ?? 'CN'}" aria-describedby="fill-source-help"></label>
<button type="submit">${t('catalogue_fill_preview')}</button>
</form><p class="muted" id="fill-source-help">${t('catalogue_fill_source_help')}</p>${review}
${icsFillSection({ ...input, year })}</section>`;
}

function versions(input: CataloguePageInput): SafeHtml {
  const { t } = input;
  return html`<section aria-labelledby="versions-heading"><h2 id="versions-heading">${t('catalogue_versions_heading')}</h2>
${input.shown ? html`<div role="status"><h3>${t('catalogue_version_changes', input.shown.version)}</h3>${diffList(input.shown.diff, t)}</div>` : ''}
<table><thead><tr><th scope="col">${t('catalogue_version')}</th><th scope="col">${t('catalogue_version_who')}</th><th scope="col">${t('catalogue_version_when')}</th><th scope="col">${t('catalogue_version_note')}</th><th scope="col"><span class="muted">${t('catalogue_version_actions')}</span></th></tr></thead>
<tbody>${input.versions.map((row) => html`<tr><td><a href="/catalogue?version=${String(row.version)}">${String(row.version)}</a></td><td>${row.actor}</td><td><time datetime="${row.at}">${row.at}</time></td><td>${row.note ?? ''}</td>
<td>${row.version === input.version ? t('catalogue_version_current') : html`<form method="post" action="/catalogue/versions/${String(row.version)}/restore" class="inline">${hidden('csrf', input.csrf)}${hidden('basedOn', input.version ?? 0)}<button type="submit">${t('catalogue_restore', row.version)}</button></form>`}</td></tr>`)}</tbody></table></section>`;
}

export function renderCataloguePage(input: CataloguePageInput): string {
  const { t } = input;
  const header = html`<header><h1>${t('catalogue_title')}</h1><nav aria-label="${t('catalogue_nav')}"><a href="/">${t('report_title')}</a> · <a href="/inbox">${t('inbox_title')}</a></nav>
<form method="post" action="/logout">${hidden('csrf', input.csrf)}<button type="submit">${t('report_logout')}</button></form></header>`;
  return layoutPage({ language: input.language, title: t('catalogue_title'), styleNonce: input.styleNonce, header, body: html`${editor(input)}${input.health ? detectionHealthSection(t, input.health) : ''}${calendarFill(input)}${versions(input)}` });
}
