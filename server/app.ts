/**
 * The HTTP surface (see ../shared/DESIGN.md, "Backend HTTP API"): `/v1/*` JSON for extensions
 * and admins, `/` the report page. Bad input always gets a 4xx naming the problem; nothing
 * internal (stack traces, SQL) ever reaches an answer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { loadCatalog, type Language } from '../utils/i18n/catalog';
import { Rating } from '../utils/contracts/schema';
import {
  SESSION_COOKIE,
  SESSION_SECONDS,
  bearerToken,
  createSessionValue,
  createTokenChecker,
  isValidSession,
  sessionExpiry,
  type Role,
  type TokenMatch,
} from './auth';
import { describeIssues, toRemoteConfig, type ServerConfig } from './config';
import { ratingsCsv } from './csv';
import { createRatingStore, type SqliteDatabase } from './db';
import { buildReport, parseReportFilter, type ReportQuery } from './report';
import { createTranslator, pickLanguage, renderLoginPage, renderReportPage, type Translate } from './report-page';
import { createRateLimiter } from './rate-limit';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_RATINGS_PER_REQUEST = 500;
const LATEST_COMMENTS = 20;

export type LogEntry = { level: 'info' | 'warn' | 'error'; msg: string } & Record<string, unknown>;
export type Logger = (entry: LogEntry) => void;

export interface AppOptions {
  db: SqliteDatabase;
  config: ServerConfig;
  /** Request and error logs; silent when omitted. Never receives tokens. */
  log?: Logger;
  /** Log one line per request (off for benchmarks). */
  logRequests?: boolean;
  /** Where `locales/` lives. */
  projectRoot?: string;
  now?: () => number;
}

type Env = { Variables: { role: Role } };

/** The report page's session acts as the admin, with its own rate-limit bucket. */
const SESSION: TokenMatch = { role: 'admin', name: 'admin-session' };
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[\w-]+$/;
const defaultProjectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const fail = (c: Context, status: 400 | 401 | 403 | 404 | 413 | 429, error: string) => c.json({ error }, status);

export function createApp(options: AppOptions) {
  const { config } = options;
  const log: Logger = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const store = createRatingStore(options.db);
  const matchToken = createTokenChecker(config.tokens);
  const takeRequest = createRateLimiter(config.rateLimit.requestsPerMinute, now);
  const root = options.projectRoot ?? defaultProjectRoot;
  const translators: Record<Language, Translate> = {
    en: createTranslator(loadCatalog(root, 'en')),
    zh_CN: createTranslator(loadCatalog(root, 'zh_CN')),
  };
  const configBody = JSON.stringify(toRemoteConfig(config));
  const configEtag = `"${createHash('sha256').update(configBody).digest('base64url')}"`;
  const allowedOrigins = new Set(config.corsOrigins);

  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    if (!c.res.headers.has('Content-Security-Policy')) {
      c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    }
    if (options.logRequests !== false && options.log) {
      log({
        level: c.res.status >= 500 ? 'error' : 'info',
        msg: 'request',
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    }
  });

  app.use(
    '/v1/*',
    cors({
      origin: (origin) => (EXTENSION_ORIGIN.test(origin) || allowedOrigins.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
      exposeHeaders: ['ETag', 'Retry-After'],
      maxAge: 600,
    }),
  );

  app.use(
    '*',
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => fail(c, 413, `body: larger than ${MAX_BODY_BYTES} bytes`) }),
  );

  const clientAddress = (c: Context) => {
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };

  function limit(c: Context, key: string): Response | undefined {
    const decision = takeRequest(key);
    if (decision.allowed) return undefined;
    c.header('Retry-After', String(decision.retryAfterSeconds));
    return fail(c, 429, `rate limit: too many requests, retry after ${decision.retryAfterSeconds} s`);
  }

  // Signed-out session values, kept until they would have expired anyway.
  const signedOut = new Map<string, number>();
  const hasSession = (c: Context) => {
    const value = getCookie(c, SESSION_COOKIE);
    return isValidSession(value, config.tokens.admin, now()) && !signedOut.has(value!);
  };

  /** Bearer token (or, where `cookie` is true, the report page's session) with one of `roles`. */
  function requireRole(roles: readonly Role[], { cookie = false } = {}): MiddlewareHandler<Env> {
    return async (c, next) => {
      const header = c.req.header('Authorization');
      const token = bearerToken(header);
      const match = token !== null ? matchToken(token) : cookie && !header && hasSession(c) ? SESSION : null;
      if (match === null) {
        // Failed attempts are limited per address, so guessing tokens is slow too.
        const limited = limit(c, `address:${clientAddress(c)}`);
        if (limited) return limited;
        c.header('WWW-Authenticate', 'Bearer realm="service-feedback"');
        if (header && token === null) return fail(c, 401, 'authorization: expected "Authorization: Bearer <token>"');
        return fail(c, 401, token === null ? 'authorization: token required' : 'authorization: unknown token');
      }
      const limited = limit(c, match.name);
      if (limited) return limited;
      if (!roles.includes(match.role)) return fail(c, 403, `authorization: an ${match.role} token may not use this route`);
      c.set('role', match.role);
      await next();
    };
  }

  app.get('/v1/health', (c) => {
    options.db.prepare('SELECT 1').get();
    return c.json({ status: 'ok', time: new Date(now()).toISOString() });
  });

  app.get('/v1/config', requireRole(['ingest', 'admin']), (c) => {
    c.header('ETag', configEtag);
    c.header('Cache-Control', 'private, no-cache');
    const ifNoneMatch = c.req.header('If-None-Match');
    if (ifNoneMatch) {
      const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
      if (tags.includes('*') || tags.includes(configEtag)) return c.body(null, 304);
    }
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(configBody);
  });

  app.post('/v1/ratings', requireRole(['ingest', 'admin']), async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return fail(c, 400, 'body: not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !('ratings' in body)) {
      return fail(c, 400, 'ratings: required, the body must be {"ratings": [...]}');
    }
    const raw = (body as { ratings: unknown }).ratings;
    if (!Array.isArray(raw)) return fail(c, 400, 'ratings: must be an array of ratings');
    if (raw.length === 0) return fail(c, 400, 'ratings: must hold at least one rating');
    if (raw.length > MAX_RATINGS_PER_REQUEST) {
      return fail(c, 400, `ratings: at most ${MAX_RATINGS_PER_REQUEST} per request (got ${raw.length})`);
    }
    const valid: Rating[] = [];
    const rejected: { id: string; error: string }[] = [];
    raw.forEach((candidate: unknown, index) => {
      const parsed = Rating.safeParse(candidate);
      if (parsed.success) valid.push(parsed.data);
      else rejected.push({ id: idOf(candidate, index), error: describeIssues(parsed.error).join('; ') });
    });
    let accepted = 0;
    let duplicates = 0;
    store.save(valid, now()).forEach((outcome, index) => {
      if (outcome === 'inserted' || outcome === 'updated') accepted++;
      else if (outcome === 'duplicate') duplicates++;
      else rejected.push({ id: valid[index]!.id, error: 'id: already used by a rating from another rater' });
    });
    return c.json({ accepted, duplicates, rejected });
  });

  app.get('/v1/report', requireRole(['admin'], { cookie: true }), (c) => {
    const parsed = parseReportFilter(c.req.query());
    if (!parsed.ok) return fail(c, 400, parsed.error);
    return c.json(
      buildReport({
        totals: store.totals(parsed.filter),
        weeks: store.weeks(parsed.filter),
        services: config.services,
        query: parsed.query,
        now: new Date(now()),
      }),
    );
  });

  app.get('/v1/ratings.csv', requireRole(['admin'], { cookie: true }), (c) => {
    const parsed = parseReportFilter(c.req.query());
    if (!parsed.ok) return fail(c, 400, parsed.error);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="ratings.csv"');
    c.header('Cache-Control', 'no-store');
    return c.body(ratingsCsv(store.list(parsed.filter)));
  });

  // --- the report page -------------------------------------------------------------------

  function page(c: Context, status: 200 | 400 | 401, render: (nonce: string, t: Translate, language: Language) => string) {
    const nonce = randomBytes(16).toString('base64');
    const language = pickLanguage(c.req.header('Accept-Language'));
    c.header(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    );
    c.header('X-Frame-Options', 'DENY');
    c.header('Cache-Control', 'no-store');
    c.header('Vary', 'Accept-Language, Cookie');
    return c.html(render(nonce, translators[language], language), status);
  }

  app.get('/', (c) => {
    if (!hasSession(c)) {
      return page(c, 200, (styleNonce, t, language) => renderLoginPage({ t, language, styleNonce, error: false }));
    }
    const limited = limit(c, SESSION.name);
    if (limited) return limited;
    const parsed = parseReportFilter(c.req.query());
    const filter = parsed.ok ? parsed.filter : {};
    const query: ReportQuery = parsed.ok ? parsed.query : {};
    const report = buildReport({
      totals: store.totals(filter),
      weeks: store.weeks(filter),
      services: config.services,
      query,
      now: new Date(now()),
    });
    const comments = store.latestComments(filter, LATEST_COMMENTS);
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
  });

  app.post('/login', async (c) => {
    const limited = limit(c, `address:${clientAddress(c)}`);
    if (limited) return limited;
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.token === 'string' ? form.token : '';
    if (matchToken(token)?.role !== 'admin') {
      return page(c, 401, (styleNonce, t, language) => renderLoginPage({ t, language, styleNonce, error: true }));
    }
    setCookie(c, SESSION_COOKIE, createSessionValue(config.tokens.admin, now()), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: SESSION_SECONDS,
      secure: new URL(c.req.url).protocol === 'https:',
    });
    return c.redirect('/', 303);
  });

  app.post('/logout', (c) => {
    const value = getCookie(c, SESSION_COOKIE);
    if (value !== undefined && isValidSession(value, config.tokens.admin, now())) {
      for (const [old, expiresAt] of signedOut) if (expiresAt <= now()) signedOut.delete(old);
      signedOut.set(value, sessionExpiry(value));
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });

  // Browsers ask for it on every page view; an empty answer keeps the logs quiet.
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.notFound((c) => fail(c, 404, `route: ${c.req.method} ${c.req.path} does not exist`));

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ error: error.message || 'bad request' }, error.status);
    }
    log({ level: 'error', msg: 'unhandled error', path: c.req.path, error: String(error) });
    return c.json({ error: 'internal error' }, 500);
  });

  return app;
}

function idOf(candidate: unknown, index: number): string {
  const id = typeof candidate === 'object' && candidate !== null ? (candidate as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : `ratings[${index}]`;
}
