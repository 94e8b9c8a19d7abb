/**
 * `POST /catalogue/fill/ics` and `/catalogue/fill/ics/save`: fill a calendar's year from an
 * uploaded .ics file (multipart form, no JavaScript needed), reviewed before it is saved as a new
 * catalogue version. The parser is the CLI's (`importIcs`); the size limit is answered as the page
 * with a clear message, not as the API's JSON 413.
 */
import { Hono, type Context } from 'hono';
import { applyYear, importIcs, NoDataError, type ImportedDay } from '../calendars/import';
import { bodyLimit } from '../http/body-limit';
import type { Env } from '../http/context';
import { doc } from '../http/openapi';
import type { Identity } from '../people/people';
import type { Translate } from '../report/page';
import type { Catalogue } from './catalogue';
import { MAX_ICS_BYTES, type IcsFill } from './ics-fill-page';
import type { CataloguePageInput } from './page';

export const ICS_UPLOAD_PATH = '/catalogue/fill/ics';
/** Room for the other fields and the multipart boundaries around the file. */
const FORM_ALLOWANCE_BYTES = 16 * 1024;

type Status = 200 | 400 | 403 | 409 | 413;
export interface IcsFillDeps {
  show(c: Context, status: Status, extra?: Partial<CataloguePageInput>): Promise<Response>;
  adminForm(c: Context): Promise<{ identity: Identity; form: Record<string, string>; files: Record<string, File> } | Response>;
  saveVersion(c: Context, identity: Identity, next: Catalogue, basedOn: number, note: string | null): Promise<Response>;
  current(): Catalogue;
  translate(c: Context): Translate;
}

const SESSION_PAGE = { tag: 'web pages', callers: ['session'] } as const;
const uploadDoc = doc({ ...SESSION_PAGE, summary: "Catalogue form: preview a calendar's year from an uploaded .ics file", body: { form: { csrf: "The form's CSRF token", calendar: 'Calendar id', year: 'Year' }, files: { ics: `An iCalendar file, at most ${MAX_ICS_BYTES} bytes` } }, ok: { status: 200, description: 'The page again, with the days found for review' }, errors: [400, 403, 413] });
const saveDoc = doc({ ...SESSION_PAGE, summary: 'Catalogue form: save the days of the reviewed .ics file into the calendar as a new version', body: { form: { csrf: "The form's CSRF token", calendar: 'Calendar id', year: 'Year', basedOn: 'The version seen', fileName: 'The file name, for the version note', ics: "The file's text (parsed again)" } }, ok: { status: 200, description: 'The page again, with the outcome' }, errors: [400, 403, 409] });

const kilobytes = (bytes: number) => Math.ceil(bytes / 1024);
/** File names only label the version note: no path, no control characters, bounded. */
const cleanFileName = (name: string) => name.replace(/^.*[\\/]/, '').replace(/[\p{Cc}]/gu, '').slice(0, 100) || 'upload.ics';

export function icsFillRoutes(deps: IcsFillDeps) {
  /** The calendar and year of the form, or the problem naming the field. */
  function target(form: Record<string, string>): { calendarId: string; year: number } | { problem: string } {
    const calendarId = form.calendar ?? '';
    const year = Number(form.year);
    if (!deps.current().calendars.some((known) => known.id === calendarId)) return { problem: `calendar: no calendar "${calendarId}"` };
    if (!Number.isInteger(year) || year < 2000 || year > 2100) return { problem: 'year: must be a year from 2000 to 2100' };
    return { calendarId, year };
  }

  function read(text: string, year: number): ImportedDay[] | string {
    try {
      return importIcs(text, year);
    } catch (error) {
      if (error instanceof NoDataError) return `ics: ${error.message}`;
      throw error;
    }
  }

  const tooLarge = (c: Context) => deps.show(c, 413, { problems: [`ics: ${deps.translate(c)('catalogue_ics_too_large', kilobytes(MAX_ICS_BYTES))}`] });

  return new Hono<Env>()
    .post('/', uploadDoc, bodyLimit(MAX_ICS_BYTES + FORM_ALLOWANCE_BYTES, tooLarge), async (c) => {
      const got = await deps.adminForm(c);
      if (got instanceof Response) return got;
      const chosen = target(got.form);
      if ('problem' in chosen) return deps.show(c, 400, { problems: [chosen.problem] });
      const file = got.files.ics;
      const fileName = cleanFileName(file?.name ?? '');
      const icsFill: IcsFill = { ...chosen, fileName };
      if (!file || file.size === 0) return deps.show(c, 400, { icsFill, problems: [`ics: ${deps.translate(c)('catalogue_ics_missing')}`] });
      if (file.size > MAX_ICS_BYTES) return tooLarge(c);
      const text = await file.text();
      const days = read(text, chosen.year);
      if (typeof days === 'string') return deps.show(c, 400, { icsFill, problems: [days] });
      return deps.show(c, 200, { icsFill: { ...icsFill, text, days } });
    })
    .post('/save', saveDoc, async (c) => {
      const got = await deps.adminForm(c);
      if (got instanceof Response) return got;
      const chosen = target(got.form);
      if ('problem' in chosen) return deps.show(c, 400, { problems: [chosen.problem] });
      const text = got.form.ics ?? '';
      if (text.length > MAX_ICS_BYTES) return tooLarge(c);
      const days = read(text, chosen.year);
      if (typeof days === 'string') return deps.show(c, 400, { problems: [days] });
      const current = deps.current();
      const calendars = current.calendars.map((known) => (known.id === chosen.calendarId ? applyYear(known, chosen.year, days) : known));
      const basedOn = /^\d{1,9}$/.test(got.form.basedOn ?? '') ? Number(got.form.basedOn) : 0;
      return deps.saveVersion(c, got.identity, { ...current, calendars }, basedOn, `${chosen.calendarId} ${chosen.year} from ${cleanFileName(got.form.fileName ?? '')}`);
    });
}
