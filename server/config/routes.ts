/**
 * `GET /v1/config`: the RemoteConfig extensions download, each service with its latest
 * `improvements`, a strong ETag over the body and `304` on `If-None-Match`. The ETag changes
 * whenever an improvement is published (or one ages out of the 90 days).
 */
import { Hono } from 'hono';
import { RemoteConfig } from '../../utils/contracts/schema';
import type { Deps, Env } from '../http/context';
import { doc } from '../http/openapi';
import { configImprovements } from '../improvements/routes';
import { etagOf, matchesEtag } from '../replies/query-routes';
import { toRemoteConfig } from './server-config';

const configDoc = doc({
  summary: 'The catalogue extensions download: services (with their latest improvements), SLA policies, calendars, trackers',
  tag: 'config',
  callers: ['ingest', 'admin', 'person'],
  ok: { status: 200, description: 'The remote configuration, with a strong `ETag`', json: { schema: RemoteConfig } },
  etag: true,
});

export function configRoutes({ config, catalogue, access, store, now }: Deps) {

  return new Hono<Env>().get('/', configDoc, access.requireRole(['ingest', 'admin', 'person']), async (c) => {
    // A version another instance saved is applied before answering, so extensions never wait 5 s more.
    await catalogue.refresh();
    const remote = toRemoteConfig(config);
    const improvements = await configImprovements(store, now());
    const body = JSON.stringify({
      ...remote,
      services: remote.services.map((service) => ({ ...service, improvements: improvements.get(service.id) ?? [] })),
    });
    const etag = etagOf(body);
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    if (matchesEtag(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(body);
  });
}
