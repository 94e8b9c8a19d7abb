/**
 * The .ics part of the Catalogue page's calendar section: a plain multipart form (works without
 * JavaScript) that uploads a calendar file, then the days found for review and a form that saves
 * them. The file's text travels back in a hidden field and is parsed again on save, so what is
 * saved is only ever what the parser read. Every value goes through the escaping `html`.
 */
import type { ImportedDay } from '../calendars/import';
import { html, type SafeHtml, type Translate } from '../report/page';
import { fillReviewTable, hiddenField } from './fill-review';

/** Largest .ics file accepted: a year of holidays is a few KB; a multi-year subscription well under this. */
export const MAX_ICS_BYTES = 256 * 1024;

export interface IcsFill {
  calendarId: string;
  year: number;
  fileName: string;
  /** The file's text, carried to the save form; with `days` after a successful preview. */
  text?: string;
  days?: readonly ImportedDay[];
}

export interface IcsFillInput {
  t: Translate;
  csrf: string;
  version: number | null;
  calendars: readonly { id: string; name?: string }[];
  icsFill?: IcsFill;
  /** Which year the other form's calendar selection suggests. */
  year: number;
  problems?: readonly string[];
}

export function icsFillSection(input: IcsFillInput): SafeHtml {
  const { t, icsFill } = input;
  const review =
    icsFill?.days && icsFill.text !== undefined
      ? html`<div role="status"><h4>${t('catalogue_ics_review', icsFill.calendarId, icsFill.year, icsFill.days.length, icsFill.fileName)}</h4>
${fillReviewTable(t, icsFill.days)}
<form method="post" action="/catalogue/fill/ics/save" enctype="multipart/form-data">${hiddenField('csrf', input.csrf)}${hiddenField('basedOn', input.version ?? 0)}${hiddenField('calendar', icsFill.calendarId)}${hiddenField('year', icsFill.year)}${hiddenField('fileName', icsFill.fileName)}${hiddenField('ics', icsFill.text)}
<button type="submit">${t('catalogue_fill_save')}</button></form></div>`
      : '';
  const selected = icsFill?.calendarId;
  const invalid = input.problems?.some((problem) => problem.startsWith('ics:')) ? html` aria-invalid="true"` : '';
  return html`<h3 id="ics-heading">${t('catalogue_ics_heading')}</h3>
<p class="muted" id="ics-help">${t('catalogue_ics_help', Math.round(MAX_ICS_BYTES / 1024))}</p>
<form method="post" action="/catalogue/fill/ics" enctype="multipart/form-data" class="filters" aria-labelledby="ics-heading">${hiddenField('csrf', input.csrf)}
<label>${t('catalogue_fill_calendar')}<select name="calendar">${input.calendars.map((calendar) => html`<option value="${calendar.id}"${selected === calendar.id ? html` selected` : ''}>${calendar.name ?? calendar.id}</option>`)}</select></label>
<label>${t('catalogue_fill_year')}<input type="number" name="year" min="2000" max="2100" required value="${String(icsFill?.year ?? input.year)}"></label>
<label>${t('catalogue_ics_file')}<input type="file" name="ics" accept=".ics,text/calendar" required aria-describedby="ics-help"${invalid}></label>
<button type="submit">${t('catalogue_fill_preview')}</button>
</form>${review}`;
}
