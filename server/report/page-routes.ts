/**
 * The report page for service owners: `GET /` (the login form, or the report once signed in),
 * `POST /login` with the admin token (sets the session cookie), `POST /logout`.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { loadCatalog, type Language } from '../../utils/i18n/catalog';
import { SESSION } from '../http/auth';
import type { Deps, Env } from '../http/context';
import { doc } from '../http/openapi';
import { pageSecurityHeaders } from '../http/security-headers';
import { createTranslator, pickLanguage, renderLoginPage, renderReportPage, type Translate } from './page';
import { loadReport, parseReportFilter, type ReportQuery } from './query';

const LATEST_COMMENTS = 20;

const reportPageDoc = doc({
  summary: 'The web UI: the sign-in form, or the report once signed in (owners are sent to /inbox)',
  tag: 'web pages',
  callers: ['anyone'],
  query: { service: 'Only this service', from: 'First day, YYYY-MM-DD', to: 'Last day, YYYY-MM-DD' },
  ok: { status: 200, description: 'HTML', mediaType: 'text/html' },
});
const loginDoc = doc({
  summary: 'Sign in to the web UI with a token (sets the session cookie)',
  tag: 'web pages',
  callers: ['anyone'],
  body: { form: { token: 'The admin token or a person\'s token' } },
  ok: { status: 303, description: 'Signed in: to the report or the inbox' },
  errors: [401, 429],
});
const logoutDoc = doc({
  summary: 'Sign out (ends the session)',
  tag: 'web pages',
  callers: ['session'],
  ok: { status: 303, description: 'Back to the sign-in form' },
});
const faviconDoc = doc({ summary: 'No icon (keeps logs quiet)', tag: 'web pages', callers: ['anyone'], ok: { status: 204, description: 'Empty' } });

export function pageRoutes({ store, config, now, access, sessions, limit, projectRoot }: Deps) {
  const translators: Record<Language, Translate> = {
    en: createTranslator(loadCatalog(projectRoot, 'en')),
    zh_CN: createTranslator(loadCatalog(projectRoot, 'zh_CN')),
  };

  function page(c: Context, status: 200 | 400 | 401, render: (nonce: string, t: Translate, language: Language) => string) {
    const nonce = randomBytes(16).toString('base64');
    const language = pickLanguage(c.req.header('Accept-Language'));
    pageSecurityHeaders(c, nonce);
    c.header('Vary', 'Accept-Language, Cookie');
    return c.html(render(nonce, translators[language], language), status);
  }

  return new Hono<Env>()
    .get('/', reportPageDoc, async (c) => {
      const who = await access.identify(c, { cookie: true });
      if (who && !who.roles.includes('admin')) return c.redirect('/inbox', 303);
      if (!who) {
        return page(c, 200, (styleNonce, t, language) => renderLoginPage({ t, language, styleNonce, error: false, oidc: config.auth.oidc !== undefined }));
      }
      const limited = await limit(c, SESSION.name);
      if (limited) return limited;
      const parsed = parseReportFilter(c.req.query());
      const filter = parsed.ok ? parsed.filter : {};
      const query: ReportQuery = parsed.ok ? parsed.query : {};
      const report = await loadReport(store, { filter, services: config.services, catalogue: config, query, now: new Date(now()) });
      const comments = await store.latestComments(filter, LATEST_COMMENTS);
      return page(c, parsed.ok ? 200 : 400, (styleNonce, t, language) =>
        renderReportPage({
          t,
          language,
          styleNonce,
          report,
          comments,
          services: config.services,
          query,
          error: parsed.ok ? undefined : parsed.error,
        }),
      );
    })
    .post('/login', loginDoc, async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const token = typeof form.token === 'string' ? form.token : '';
      const identity = access.matchToken(token);
      // People sign in with their personal token; the admin token keeps working.
      if (identity?.person) {
        await sessions.start(c, { email: identity.person.email });
        return c.redirect(identity.roles.includes('admin') ? '/' : '/inbox', 303);
      }
      if (!identity?.roles.includes('admin')) {
        const limited = await access.failedAttempt(c);
        if (limited) return limited;
        return page(c, 401, (styleNonce, t, language) => renderLoginPage({ t, language, styleNonce, error: true, oidc: config.auth.oidc !== undefined }));
      }
      await sessions.start(c);
      return c.redirect('/', 303);
    })
    .post('/logout', logoutDoc, async (c) => {
      await sessions.end(c);
      return c.redirect('/', 303);
    })
    // Browsers ask for it on every page view; an empty answer keeps the logs quiet.
    .get('/favicon.ico', faviconDoc, (c) => c.body(null, 204));
}
