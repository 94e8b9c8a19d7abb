/**
 * The Catalogue pages (admins, signed in): `GET /catalogue` and the form posts behind it. Every
 * post checks the session's CSRF token and uses the same validation as `PUT /v1/admin/catalogue`.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { loadCatalog, type Language } from '../../utils/i18n/catalog';
import { calendarsLackingHolidays } from '../calendars/coverage-warning';
import { applyYear, importChina, importDateHolidays, NoDataError, type ImportedDay } from '../calendars/import';
import type { Deps, Env } from '../http/context';
import { doc } from '../http/openapi';
import { pageSecurityHeaders } from '../http/security-headers';
import { actorOf, type Identity } from '../people/people';
import { createTranslator, pickLanguage, type Translate } from '../report/page';
import { catalogueText, diffCatalogue, parseCatalogue, previewMatches, type Catalogue } from './catalogue';
import { icsFillRoutes } from './ics-fill';
import { renderCataloguePage, type CataloguePageInput } from './page';
import { detectionHealthView } from './health-view';
import { diffTexts, PREVIEW_RATINGS, recentRatings, versionOr } from './routes';

const form = (summary: string, fields: Record<string, string>) =>
  doc({ summary, tag: 'web pages', callers: ['session'], body: { form: { csrf: "The form's CSRF token", ...fields } }, ok: { status: 200, description: 'The page again, with the outcome' }, errors: [400, 403, 409] });
const pageDoc = doc({ summary: 'The Catalogue page (admins)', tag: 'web pages', callers: ['session'], query: { version: 'Show what this version changed' }, ok: { status: 200, description: 'HTML', mediaType: 'text/html' }, errors: [403] });
const checkDoc = form('Catalogue form: check the JSON (problems, changes, match preview); saves nothing', { catalogue: 'The catalogue as JSON', basedOn: 'The version edited', note: 'Why' });
const saveDoc = form('Catalogue form: save the JSON as a new version', { catalogue: 'The catalogue as JSON', basedOn: 'The version edited', note: 'Why' });
const fillDoc = form("Catalogue form: preview a calendar's year from a holiday source", { calendar: 'Calendar id', year: 'Year', source: '`CN` (chinese-days) or a date-holidays code such as `US`, `DE-BY`' });
const fillSaveDoc = form('Catalogue form: save the previewed year into the calendar as a new version', { calendar: 'Calendar id', year: 'Year', source: 'Source', basedOn: 'The version seen' });
const restoreDoc = form('Catalogue form: go back to an earlier version', { basedOn: 'The version seen' });

/** `CN` → chinese-days (with make-up days); anything else → date-holidays. */
function importYear(source: string, year: number): ImportedDay[] {
  return source.toUpperCase() === 'CN' ? importChina(year) : importDateHolidays(source.toUpperCase(), year);
}

export function cataloguePageRoutes({ store, catalogue, config, now, access, sessions, limit, projectRoot }: Deps) {
  const translators: Record<Language, Translate> = {
    en: createTranslator(loadCatalog(projectRoot, 'en')),
    zh_CN: createTranslator(loadCatalog(projectRoot, 'zh_CN')),
  };

  const languageOf = (c: Context) => pickLanguage(c.req.header('Accept-Language'));

  async function show(c: Context, status: 200 | 400 | 403 | 409 | 413, extra: Partial<CataloguePageInput> = {}) {
    await catalogue.refresh();
    const nonce = randomBytes(16).toString('base64');
    const language = languageOf(c);
    pageSecurityHeaders(c, nonce);
    c.header('Vary', 'Accept-Language, Cookie');
    const rows = await store.catalogueVersions(50);
    const html = renderCataloguePage({
      t: translators[language],
      language,
      styleNonce: nonce,
      csrf: await sessions.csrf(c),
      version: catalogue.version(),
      text: catalogueText(catalogue.current()),
      versions: rows.map(({ body: _body, ...row }) => row),
      calendars: config.calendars,
      lacking: calendarsLackingHolidays(config.calendars, new Date(now())),
      previewCount: PREVIEW_RATINGS,
      // Refused visitors see no counts.
      ...(status === 403 ? {} : { health: await detectionHealthView(store, config, now()) }),
      ...extra,
    });
    return c.html(html, status);
  }

  /** The signed-in admin and the posted form with a valid CSRF token, or the answer that refuses them. */
  async function adminForm(c: Context): Promise<{ identity: Identity; form: Record<string, string>; files: Record<string, File> } | Response> {
    const identity = await access.identify(c, { cookie: true });
    if (!identity) return c.redirect('/', 303);
    if (!identity.roles.includes('admin')) return show(c, 403, { problems: ['authorization: only admins edit the catalogue'] });
    const limited = await limit(c, identity.name);
    if (limited) return limited;
    const raw = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const fields = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === 'string' ? value : '']));
    const files = Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, File] => entry[1] instanceof File));
    if (!(await sessions.checkCsrf(c, fields.csrf))) return show(c, 403, { problems: ['csrf: the form is out of date, reload the page'] });
    return { identity, form: fields, files };
  }

  const basedOnOf = (value: string | undefined) => (/^\d{1,9}$/.test(value ?? '') ? Number(value) : 0);
  const at = () => new Date(now()).toISOString();

  async function saveVersion(c: Context, identity: Identity, next: Catalogue, basedOn: number, note: string | null, text?: string) {
    const before = catalogue.current();
    const saved = await catalogue.save(next, basedOn, { actor: actorOf(identity), at: at(), note });
    if (saved === 'conflict') {
      return show(c, 409, { text: text ?? catalogueText(next), note: note ?? '', problems: [`basedOn: version ${basedOn} is no longer the newest; your text is kept below, compare it with the newest version and save again`] });
    }
    return show(c, 200, { saved, shown: { version: saved, diff: diffCatalogue(before, next) } });
  }

  return new Hono<Env>()
    .get('/', pageDoc, async (c) => {
      const identity = await access.identify(c, { cookie: true });
      if (!identity) return c.redirect('/', 303);
      if (!identity.roles.includes('admin')) return c.redirect('/inbox', 303);
      const asked = c.req.query('version');
      if (asked === undefined) return show(c, 200);
      const found = await versionOr(c, store, asked);
      if (!found.ok) return show(c, 400, { problems: [`version: no version ${asked}`] });
      return show(c, 200, { shown: { version: found.row.version, diff: diffTexts(found.previous?.body ?? null, found.row.body) } });
    })
    .post('/check', checkDoc, async (c) => {
      const got = await adminForm(c);
      if (got instanceof Response) return got;
      const text = got.form.catalogue ?? '';
      const check = parseCatalogue(text);
      if (!check.ok) return show(c, 400, { text, note: got.form.note, problems: check.problems });
      const serviceNames = new Map(check.catalogue.services.map((service) => [service.id, service.name]));
      const preview = previewMatches(check.catalogue, await recentRatings(store));
      return show(c, 200, { text, note: got.form.note, checked: { diff: diffCatalogue(catalogue.current(), check.catalogue), preview, serviceNames } });
    })
    .post('/save', saveDoc, async (c) => {
      const got = await adminForm(c);
      if (got instanceof Response) return got;
      const text = got.form.catalogue ?? '';
      const check = parseCatalogue(text);
      if (!check.ok) return show(c, 400, { text, note: got.form.note, problems: check.problems });
      return saveVersion(c, got.identity, check.catalogue, basedOnOf(got.form.basedOn), got.form.note?.trim().slice(0, 500) || null, text);
    })
    .post('/fill', fillDoc, async (c) => {
      const got = await adminForm(c);
      if (got instanceof Response) return got;
      const { calendar = '', source = '' } = got.form;
      const year = Number(got.form.year);
      if (!config.calendars.some((known) => known.id === calendar)) return show(c, 400, { problems: [`calendar: no calendar "${calendar}"`] });
      if (!Number.isInteger(year) || year < 2000 || year > 2100) return show(c, 400, { problems: ['year: must be a year from 2000 to 2100'] });
      try {
        return show(c, 200, { fill: { calendarId: calendar, year, source, days: importYear(source, year) } });
      } catch (error) {
        if (!(error instanceof NoDataError)) throw error;
        // China's arrangement is published a year at a time: say so near the form, with what to do.
        if (source.toUpperCase() === 'CN') return show(c, 400, { fill: { calendarId: calendar, year, source, chinaUnpublished: true } });
        return show(c, 400, { fill: { calendarId: calendar, year, source }, problems: [`source: ${error.message}`] });
      }
    })
    .post('/fill/save', fillSaveDoc, async (c) => {
      const got = await adminForm(c);
      if (got instanceof Response) return got;
      const { calendar = '', source = '' } = got.form;
      const year = Number(got.form.year);
      const current = catalogue.current();
      const index = current.calendars.findIndex((known) => known.id === calendar);
      if (index < 0 || !Number.isInteger(year) || year < 2000 || year > 2100) return show(c, 400, { problems: ['calendar: pick a calendar and a year, then preview again'] });
      let days: ImportedDay[];
      try {
        days = importYear(source, year);
      } catch (error) {
        if (!(error instanceof NoDataError)) throw error;
        return show(c, 400, { problems: [`source: ${error.message}`] });
      }
      const calendars = current.calendars.map((known, at) => (at === index ? applyYear(known, year, days) : known));
      return saveVersion(c, got.identity, { ...current, calendars }, basedOnOf(got.form.basedOn), `${calendar} ${year} from ${source.toUpperCase()}`);
    })
    .route('/fill/ics', icsFillRoutes({ show, adminForm, saveVersion, current: () => catalogue.current(), translate: (c) => translators[languageOf(c)] }))
    .post('/versions/:version/restore', restoreDoc, async (c) => {
      const got = await adminForm(c);
      if (got instanceof Response) return got;
      const found = await versionOr(c, store, c.req.param('version'));
      if (!found.ok) return show(c, 400, { problems: [`version: no version ${c.req.param('version')}`] });
      const check = parseCatalogue(found.row.body);
      if (!check.ok) return show(c, 400, { problems: [`version: version ${found.row.version} is no longer valid (${check.problems[0]})`] });
      return saveVersion(c, got.identity, check.catalogue, basedOnOf(got.form.basedOn), `back to version ${found.row.version}`);
    });
}
