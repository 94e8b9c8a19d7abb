/** `GET /v1/config`: the RemoteConfig extensions download, with a strong ETag and `304` on `If-None-Match`. */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { Deps, Env } from '../http/context';
import { toRemoteConfig } from './server-config';

export function configRoutes({ config, access }: Deps) {
  // The configuration is fixed for the life of the process: serialise and hash it once.
  const body = JSON.stringify(toRemoteConfig(config));
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;

  return new Hono<Env>().get('/', access.requireRole(['ingest', 'admin']), (c) => {
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    const ifNoneMatch = c.req.header('If-None-Match');
    if (ifNoneMatch) {
      const tags = ifNoneMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
      if (tags.includes('*') || tags.includes(etag)) return c.body(null, 304);
    }
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(body);
  });
}
