/**
 * The Inbox pages of the web UI, for a signed-in person (owner) or admin: `GET /inbox` and the
 * form posts behind it. Each post checks the session's CSRF token, the owner's right to the
 * rating or service, and the same body rules as the JSON API; then it redirects back (303).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { loadCatalog, type Language } from '../../utils/i18n/catalog';
import type { Deps, Env } from '../http/context';
import { doc } from '../http/openapi';
import { pageSecurityHeaders } from '../http/security-headers';
import { ImprovementBody } from '../improvements/routes';
import { actorOf, authorName, mayOwn, ownedServices, type Identity } from '../people/people';
import { FollowUpBody, ReplyBody } from '../replies/routes';
import { createTranslator, pickLanguage, type Translate } from '../report/page';
import { parseReportFilter } from '../report/query';
import { describeIssues } from '../config/server-config';
import type { FollowUpState } from '../store/store';
import { inboxItems } from './items';
import { renderInboxPage } from './page';
import { parseInboxQuery } from './routes';

const PAGE_ITEMS = 200;

const inboxPageDoc = doc({
  summary: "The owner's inbox page (signed in): filters, ratings, threads and forms",
  tag: 'web pages',
  callers: ['session'],
  query: { service: 'Only this service', state: 'Follow-up state', maxOverall: 'Overall score at most', from: 'First day', to: 'Last day' },
  ok: { status: 200, description: 'HTML', mediaType: 'text/html' },
  errors: [403],
});
const inboxFormDoc = doc({
  summary: 'Inbox form: reply to a rating (`reply`) or set its follow-up state (`state`); CSRF-checked',
  tag: 'web pages',
  callers: ['session'],
  body: { form: { csrf: 'The form\'s CSRF token', text: 'The reply (action `reply`)', state: 'The new state (action `state`)' } },
  ok: { status: 303, description: 'Done: back to the inbox' },
  errors: [400, 403],
});
const improvementFormDoc = doc({
  summary: 'Inbox form: publish an improvement for a service you own; CSRF-checked',
  tag: 'web pages',
  callers: ['session'],
  body: { form: { csrf: 'The form\'s CSRF token', text: 'The improvement' } },
  ok: { status: 303, description: 'Done: back to the inbox' },
  errors: [400, 403],
});

export function inboxPageRoutes({ store, config, now, access, sessions, limit, projectRoot }: Deps) {
  const translators: Record<Language, Translate> = {
    en: createTranslator(loadCatalog(projectRoot, 'en')),
    zh_CN: createTranslator(loadCatalog(projectRoot, 'zh_CN')),
  };
  const who = (c: Context) => access.identify(c, { cookie: true });

  async function show(c: Context, identity: Identity, status: 200 | 400 | 403, error?: string) {
    const query = c.req.query();
    const owned = ownedServices(identity, config.services);
    const services = config.services.filter((service) => owned === null || owned.has(service.id));
    const dates = parseReportFilter({ from: query.from, to: query.to });
    const rest = parseInboxQuery({ state: query.state ?? '', maxOverall: query.maxOverall ?? '' });
    let problem = error ?? (dates.ok ? undefined : dates.error) ?? (rest.ok ? undefined : rest.error);
    let service = query.service || undefined;
    if (service !== undefined && owned !== null && !owned.has(service)) {
      problem ??= `service: you are not an owner of "${service}"`;
      service = undefined;
    }
    const rows = await store.inbox({
      ...(rest.ok ? rest.filter : {}),
      ...(dates.ok ? dates.filter : {}),
      service,
      services: owned && [...owned],
      limit: PAGE_ITEMS,
    });
    const nonce = randomBytes(16).toString('base64');
    const language = pickLanguage(c.req.header('Accept-Language'));
    pageSecurityHeaders(c, nonce);
    c.header('Vary', 'Accept-Language, Cookie');
    const page = renderInboxPage({
      t: translators[language],
      language,
      styleNonce: nonce,
      csrf: await sessions.csrf(c),
      personName: identity.person?.name ?? translators[language]('inbox_admin'),
      services,
      query,
      items: await inboxItems(store, rows),
      error: problem,
    });
    return c.html(page, problem && status === 200 ? 400 : status);
  }

  /** The signed-in identity with a valid CSRF token on its form, or the answer that refuses it. */
  async function formOf(c: Context): Promise<{ identity: Identity; form: Record<string, unknown> } | Response> {
    const identity = await who(c);
    if (!identity) return c.redirect('/', 303);
    const limited = await limit(c, identity.name);
    if (limited) return limited;
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    if (!(await sessions.checkCsrf(c, form.csrf))) return show(c, identity, 403, 'csrf: the form is out of date, reload the page');
    return { identity, form };
  }

  return new Hono<Env>()
    .get('/', inboxPageDoc, async (c) => {
      const identity = await who(c);
      if (!identity) return c.redirect('/', 303);
      const limited = await limit(c, identity.name);
      if (limited) return limited;
      return show(c, identity, 200);
    })
    .post('/ratings/:id/:action{reply|state}', inboxFormDoc, async (c) => {
      const got = await formOf(c);
      if (got instanceof Response) return got;
      const { identity, form } = got;
      const rating = /^[0-9a-f-]{36}$/i.test(c.req.param('id')) ? await store.rating(c.req.param('id')) : null;
      if (rating === null) return show(c, identity, 400, 'id: no rating with this id');
      if (!mayOwn(identity, config.services, rating.serviceId)) return show(c, identity, 403, 'id: not a rating of a service you own');
      const at = new Date(now()).toISOString();
      if (c.req.param('action') === 'reply') {
        const body = ReplyBody.safeParse({ text: form.text });
        if (!body.success) return show(c, identity, 400, describeIssues(body.error).join('; '));
        const reply = { id: randomUUID(), ratingId: rating.id, text: body.data.text, authorName: authorName(identity), at };
        await store.addReply(reply, { actor: actorOf(identity), at, authorEmail: identity.person?.email ?? null });
      } else {
        const body = FollowUpBody.safeParse({ state: form.state });
        if (!body.success) return show(c, identity, 400, describeIssues(body.error).join('; '));
        await store.setFollowUp(rating.id, body.data.state as FollowUpState, { actor: actorOf(identity), at });
      }
      return c.redirect('/inbox', 303);
    })
    .post('/services/:id/improvements', improvementFormDoc, async (c) => {
      const got = await formOf(c);
      if (got instanceof Response) return got;
      const { identity, form } = got;
      const id = c.req.param('id');
      if (!config.services.some((service) => service.id === id) || !mayOwn(identity, config.services, id)) {
        return show(c, identity, 403, `id: you are not an owner of "${id}"`);
      }
      const body = ImprovementBody.safeParse({ text: form.text });
      if (!body.success) return show(c, identity, 400, describeIssues(body.error).join('; '));
      const at = new Date(now()).toISOString();
      const row = { id: randomUUID(), serviceId: id, text: body.data.text, authorName: authorName(identity), at };
      await store.addImprovement(row, { actor: actorOf(identity), at, authorEmail: identity.person?.email ?? null });
      return c.redirect('/inbox', 303);
    });
}
