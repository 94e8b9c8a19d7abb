/**
 * The HTTP surface (see ../shared/DESIGN.md, "Backend HTTP API"), assembled from one Hono sub-app
 * per resource: `/v1/*` JSON for extensions and admins, `/` the report page. Bad input always gets
 * a 4xx naming the problem; nothing internal (stack traces, SQL) ever reaches an answer.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { except } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { sharedIngestAllowed } from '../auth/config';
import { createOidcClient } from '../auth/oidc';
import { authRoutes } from '../auth/routes';
import { tokenRoutes } from '../auth/token-routes';
import { createPersonalTokens, createRaterKeys } from '../auth/tokens';
import { configRoutes } from '../config/routes';
import { digestRoutes } from '../notify/digest-routes';
import { deliveriesRoutes } from '../notify/routes';
import type { LiveCatalogue } from '../catalogue/live';
import { catalogueRoutes } from '../catalogue/routes';
import { ICS_UPLOAD_PATH } from '../catalogue/ics-fill';
import { cataloguePageRoutes } from '../catalogue/page-routes';
import type { ServerConfig } from '../config/server-config';
import { improvementRoutes } from '../improvements/routes';
import { detectionHealthRoutes } from '../health/detection-routes';
import { auditRoutes } from '../inbox/audit-routes';
import { inboxPageRoutes } from '../inbox/page-routes';
import { inboxRoutes } from '../inbox/routes';
import { ratingsRoutes } from '../ratings/routes';
import { repliesQueryRoutes } from '../replies/query-routes';
import { ratingLoopRoutes } from '../replies/routes';
import { pageRoutes } from '../report/page-routes';
import { ratingsCsvRoutes, reportRoutes } from '../report/routes';
import type { Store } from '../store/store';
import { createAccess } from './auth';
import { bodyLimit, MAX_BODY_BYTES } from './body-limit';
import { fail, type Deps, type Env, type Logger } from './context';
import { healthRoutes } from './health';
import { openApiRoute } from './openapi';
import { createRequestLimiter } from './rate-limit';
import { doc } from './openapi';
import { securityHeaders } from './security-headers';
import { createSessions } from './session';

export type { LogEntry, Logger } from './context';

export { MAX_BODY_BYTES };

/** The API version in the OpenAPI document; the routes are `/v1`. */
export const SERVER_VERSION = '1.0.0';

export interface AppOptions {
  store: Store;
  config: ServerConfig;
  catalogue: LiveCatalogue;
  /** Request and error logs; silent when omitted. Never receives tokens. */
  log?: Logger;
  /** Log one line per request (off for benchmarks). */
  logRequests?: boolean;
  /** Where `locales/` lives. */
  projectRoot?: string;
  now?: () => number;
}

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[\w-]+$/;
export const defaultProjectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function createApp(options: AppOptions) {
  const { config, store } = options;
  const log: Logger = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const limit = createRequestLimiter(store, config.rateLimit.requestsPerMinute, now);
  const sessions = createSessions(store, config.tokens.admin, now);
  const personalTokens = createPersonalTokens(store, now);
  const access = createAccess({
    tokens: config.tokens,
    people: config.people,
    admins: config.admins,
    sessions,
    limit,
    personalTokens,
    sharedIngest: sharedIngestAllowed(config.auth),
    adminGroups: config.auth.oidc?.adminGroups ?? [],
  });
  const raterKey = createRaterKeys(store);
  const deps: Deps = {
    store,
    config,
    catalogue: options.catalogue,
    now,
    access,
    limit,
    sessions,
    raterKey,
    projectRoot: options.projectRoot ?? defaultProjectRoot,
  };
  const oidc = config.auth.oidc ? createOidcClient(config.auth.oidc) : null;
  const allowedOrigins = new Set(config.corsOrigins);

  const app = new Hono<Env>();

  if (options.logRequests !== false && options.log) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      log({
        level: c.res.status >= 500 ? 'error' : 'info',
        msg: 'request',
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    });
  }
  app.use('*', securityHeaders());
  app.use(
    '/v1/*',
    cors({
      origin: (origin) => (EXTENSION_ORIGIN.test(origin) || allowedOrigins.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
      exposeHeaders: ['ETag', 'Retry-After'],
      maxAge: 600,
    }),
  );
  // The .ics upload has its own, smaller limit, answered as the Catalogue page.
  app.use('*', except(ICS_UPLOAD_PATH, bodyLimit(MAX_BODY_BYTES)));

  app.route('/v1/health', healthRoutes(deps));
  app.route('/v1/health', detectionHealthRoutes(deps));
  app.route('/v1/config', configRoutes(deps));
  app.route('/v1/ratings', ratingsRoutes(deps));
  app.route('/v1/ratings', ratingLoopRoutes(deps));
  app.route('/v1/inbox', inboxRoutes(deps));
  app.route('/v1/replies', repliesQueryRoutes(deps));
  app.route('/v1/services', improvementRoutes(deps));
  app.route('/v1/admin/audit', auditRoutes(deps));
  app.route('/v1/report', reportRoutes(deps));
  app.route('/v1/ratings.csv', ratingsCsvRoutes(deps));
  app.route('/inbox', inboxPageRoutes(deps));
  app.route('/v1/admin/catalogue', catalogueRoutes(deps));
  app.route('/catalogue', cataloguePageRoutes(deps));
  app.route('/v1/admin/deliveries', deliveriesRoutes(deps));
  app.route('/v1/admin/digests', digestRoutes(deps));
  app.route('/', tokenRoutes(deps, personalTokens));
  app.route('/', authRoutes(deps, oidc));
  app.route('/', pageRoutes(deps));
  // Last, so the document lists every route above; it is public, like the routes' shapes in docs/CONTRACTS.md.
  app.get('/v1/openapi.json', doc({ summary: 'This OpenAPI document', tag: 'health', callers: ['anyone'], ok: { status: 200, description: 'OpenAPI 3.1', mediaType: 'application/json' } }), openApiRoute(app, SERVER_VERSION));

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
