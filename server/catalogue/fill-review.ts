/** The table of imported days an admin reviews before saving them into a calendar (any source). */
import type { ImportedDay } from '../calendars/import';
import { html, type SafeHtml, type Translate } from '../report/page';

export function fillReviewTable(t: Translate, days: readonly ImportedDay[]): SafeHtml {
  return html`<table><thead><tr><th scope="col">${t('catalogue_fill_date')}</th><th scope="col">${t('catalogue_fill_kind')}</th><th scope="col">${t('catalogue_fill_name')}</th></tr></thead>
<tbody>${days.map((day) => html`<tr><td>${day.date}</td><td>${t(day.kind === 'holiday' ? 'catalogue_fill_holiday' : 'catalogue_fill_workday')}</td><td>${day.name}</td></tr>`)}</tbody></table>`;
}

export const hiddenField = (name: string, value: string | number) => html`<input type="hidden" name="${name}" value="${String(value)}">`;
