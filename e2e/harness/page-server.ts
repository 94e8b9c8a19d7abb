/**
 * One HTTPS server on loopback that plays every tracker host: Chromium maps github.com,
 * acme.atlassian.net, gitlab.com and gitlab.internal.example to it (`--host-resolver-rules`),
 * and it answers by Host header + path. Scenarios register the pages (and Jira REST answers)
 * they need; anything unregistered is a 404 so a wrong URL fails loudly instead of passing.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Certificate } from './certificate';

export interface Reply {
  status?: number;
  type?: string;
  body: string;
  headers?: Record<string, string>;
}

export type Route = Reply | ((request: { host: string; path: string; query: URLSearchParams }) => Reply);

export interface PageServer {
  port: number;
  /** Serve `route` at `https://<host><path>` (path without the query). */
  serve(host: string, path: string, route: Route): void;
  /** Serve an HTML page. */
  page(host: string, path: string, html: string): void;
  /** Forget every registered route (between scenarios). */
  clear(): void;
  /** Requests seen, newest last, as `host path?query` (to assert on REST calls). */
  requests: string[];
  close(): Promise<void>;
}

export async function startPageServer(certificate: Certificate): Promise<PageServer> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(request.url ?? '/', `https://${host}`);
    requests.push(`${host} ${url.pathname}${url.search}`);
    const route = routes.get(`${host}${url.pathname}`);
    const reply: Reply = route === undefined
      ? { status: 404, type: 'text/plain', body: `e2e page server: nothing registered for https://${host}${url.pathname}` }
      : typeof route === 'function'
        ? route({ host, path: url.pathname, query: url.searchParams })
        : route;
    response.writeHead(reply.status ?? 200, {
      'content-type': reply.type ?? 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...reply.headers,
    });
    response.end(reply.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    serve: (host, path, route) => void routes.set(`${host}${path}`, route),
    page: (host, path, html) => void routes.set(`${host}${path}`, { body: html }),
    clear: () => {
      routes.clear();
      requests.length = 0;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
