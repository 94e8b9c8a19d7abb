/**
 * The catalogue as data, for admins: `GET /v1/admin/catalogue` (the applied version and the list),
 * `GET /v1/admin/catalogue/versions/:n` (one version and its diff), `POST /v1/admin/catalogue/check`
 * (validate, diff and preview without saving), `PUT /v1/admin/catalogue` (save a new version) and
 * `POST /v1/admin/catalogue/versions/:n/restore` (save an earlier version again as the newest).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { fail, type Deps, type Env } from '../http/context';
import { doc } from '../http/openapi';
import { readJson } from '../inbox/items';
import { actorOf } from '../people/people';
import type { Store } from '../store/store';
import { Catalogue, checkCatalogue, diffCatalogue, parseCatalogue, previewMatches } from './catalogue';

/** How many recent ratings the match preview looks at. */
export const PREVIEW_RATINGS = 500;

const SaveBody = z.object({
  basedOn: z.number().int().min(1, 'must be the version you edited'),
  note: z.string().trim().max(500, 'at most 500 characters').optional(),
  catalogue: z.unknown(),
});
const CheckBody = z.object({ catalogue: z.unknown() });
const RestoreBody = z.object({ basedOn: z.number().int().min(1, 'must be the newest version you saw'), note: z.string().trim().max(500).optional() });

const VersionEntry = z.object({ version: z.number().int(), actor: z.string(), at: z.iso.datetime(), note: z.string().nullable() });
/** `services[1].policyId: …` → `catalogue.services[1].policyId: …`, so the message names the body field. */
const problemsOf = (prefix: string, problems: readonly string[]) =>
  problems.map((problem) => (problem.startsWith('(root): ') ? `${prefix}: ${problem.slice(8)}` : `${prefix}.${problem}`));

const getDoc = doc({
  summary: 'The catalogue now applied, and its saved versions (newest first)',
  tag: 'admin',
  callers: ['admin'],
  ok: { status: 200, description: '`{ version, catalogue, versions }`', json: { schema: z.object({ version: z.number().int().nullable(), catalogue: Catalogue, versions: z.array(VersionEntry) }) } },
  errors: [403],
});
const versionDoc = doc({
  summary: 'One saved version of the catalogue, with what changed from the one before',
  tag: 'admin',
  callers: ['admin'],
  ok: { status: 200, description: 'The version', json: { schema: VersionEntry.extend({ catalogue: Catalogue, diff: z.array(z.string()) }) } },
  errors: [400, 403, 404],
});
const checkDoc = doc({
  summary: 'Validate a catalogue, show what would change and how many recent rated tickets each service would match; saves nothing',
  tag: 'admin',
  callers: ['admin'],
  body: { schema: CheckBody },
  ok: { status: 200, description: '`{ ok, problems, diff, preview }`' },
  errors: [400, 403],
});
const saveDoc = doc({
  summary: 'Save a new version of the catalogue (with who, when and a note); `/v1/config` serves it at once',
  tag: 'admin',
  callers: ['admin'],
  body: { schema: SaveBody },
  ok: { status: 201, description: 'Saved: `{ version, diff }`' },
  errors: [400, 403, 409],
});
const restoreDoc = doc({
  summary: 'Go back to an earlier version (saved again as the newest, so nothing is lost)',
  tag: 'admin',
  callers: ['admin'],
  body: { schema: RestoreBody, example: { basedOn: 3 } },
  ok: { status: 201, description: 'Saved: `{ version, diff }`' },
  errors: [400, 403, 404, 409],
});

export async function recentRatings(store: Store) {
  return store.inbox({ services: null, limit: PREVIEW_RATINGS });
}

/** The version `:n` and the one before it, or the 400/404 answer. */
export async function versionOr(c: Context, store: Store, text: string) {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) return { ok: false as const, response: fail(c, 400, 'version: must be a version number') };
  const row = await store.catalogueVersion(Number(text));
  if (!row) return { ok: false as const, response: fail(c, 404, `version: no version ${text}`) };
  const previous = row.version > 1 ? await store.catalogueVersion(row.version - 1) : null;
  return { ok: true as const, row, previous };
}

/** Lines of change from `before` (JSON text, or none for the first version) to `after`. */
export function diffTexts(before: string | null, after: string): string[] {
  const next = parseCatalogue(after);
  if (!next.ok) return [];
  const old = before === null ? null : parseCatalogue(before);
  return diffCatalogue(old?.ok ? old.catalogue : Catalogue.parse({}), next.catalogue);
}

export function catalogueRoutes({ store, catalogue, now, access }: Deps) {
  return new Hono<Env>()
    .use('*', access.requireRole(['admin']))
    .get('/', getDoc, async (c) => {
      await catalogue.refresh();
      const versions = await store.catalogueVersions(50);
      return c.json({ version: catalogue.version(), catalogue: catalogue.current(), versions: versions.map(({ body: _body, ...entry }) => entry) });
    })
    .get('/versions/:version', versionDoc, async (c) => {
      const found = await versionOr(c, store, c.req.param('version'));
      if (!found.ok) return found.response;
      const { body, ...entry } = found.row;
      return c.json({ ...entry, catalogue: JSON.parse(body) as unknown, diff: diffTexts(found.previous?.body ?? null, body) });
    })
    .post('/check', checkDoc, async (c) => {
      const body = await readJson(c, CheckBody);
      if (!body.ok) return body.response;
      const check = checkCatalogue(body.value.catalogue);
      if (!check.ok) return c.json({ ok: false, problems: problemsOf('catalogue', check.problems), diff: [], preview: [] });
      return c.json({ ok: true, problems: [], diff: diffCatalogue(catalogue.current(), check.catalogue), preview: previewMatches(check.catalogue, await recentRatings(store)) });
    })
    .put('/', saveDoc, async (c) => {
      const body = await readJson(c, SaveBody);
      if (!body.ok) return body.response;
      const check = checkCatalogue(body.value.catalogue);
      if (!check.ok) {
        const problems = problemsOf('catalogue', check.problems);
        return c.json({ error: problems[0], problems }, 400);
      }
      const before = catalogue.current();
      const saved = await catalogue.save(check.catalogue, body.value.basedOn, { actor: actorOf(c.get('identity')), at: new Date(now()).toISOString(), note: body.value.note || null });
      if (saved === 'conflict') return fail(c, 409, `basedOn: version ${body.value.basedOn} is no longer the newest; reload and edit again`);
      return c.json({ version: saved, diff: diffCatalogue(before, check.catalogue) }, 201);
    })
    .post('/versions/:version/restore', restoreDoc, async (c) => {
      const found = await versionOr(c, store, c.req.param('version'));
      if (!found.ok) return found.response;
      const body = await readJson(c, RestoreBody);
      if (!body.ok) return body.response;
      const check = parseCatalogue(found.row.body);
      if (!check.ok) return fail(c, 400, `version: version ${found.row.version} is no longer valid (${check.problems[0]})`);
      const before = catalogue.current();
      const note = body.value.note || `back to version ${found.row.version}`;
      const saved = await catalogue.save(check.catalogue, body.value.basedOn, { actor: actorOf(c.get('identity')), at: new Date(now()).toISOString(), note });
      if (saved === 'conflict') return fail(c, 409, `basedOn: version ${body.value.basedOn} is no longer the newest; reload and try again`);
      return c.json({ version: saved, diff: diffCatalogue(before, check.catalogue) }, 201);
    });
}
