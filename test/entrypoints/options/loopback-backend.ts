/**
 * A small real HTTP(S) server on loopback that answers like the backend's `/v1/health` and
 * `/v1/config`, with switchable misbehaviour (wrong token, invalid config, slow answers).
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export const DEMO_TOKEN = 'demo-ingest-token';
export const EXAMPLE_CONFIG = JSON.parse(readFileSync('config/example.json', 'utf8')) as { services: unknown[]; policies: unknown[] };

export interface LoopbackBackend {
  url: string;
  /** What `/v1/config` answers (mutable between requests). */
  config: unknown;
  delayMs: number;
  requests: Array<{ path: string; authorization?: string }>;
  close(): Promise<void>;
}

function handler(state: LoopbackBackend) {
  return (request: IncomingMessage, response: ServerResponse) => {
    state.requests.push({ path: request.url ?? '', authorization: request.headers.authorization });
    // Extension pages with host access skip CORS; happy-dom and plain pages do not.
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('access-control-allow-headers', 'authorization, accept');
    if (request.method === 'OPTIONS') return void response.writeHead(204).end();
    const reply = () => {
      if (request.url === '/v1/health') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      if (request.url === '/v1/config') {
        if (request.headers.authorization !== `Bearer ${DEMO_TOKEN}`) return void response.writeHead(401).end('{"error":"unknown token"}');
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state.config));
      }
      response.writeHead(404).end();
    };
    if (state.delayMs > 0) setTimeout(reply, state.delayMs);
    else reply();
  };
}

async function listen(server: Server, scheme: 'http' | 'https', state: LoopbackBackend): Promise<LoopbackBackend> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

function freshState(): LoopbackBackend {
  return { url: '', config: EXAMPLE_CONFIG, delayMs: 0, requests: [], close: async () => undefined };
}

export function startLoopbackBackend(): Promise<LoopbackBackend> {
  const state = freshState();
  return listen(createHttpServer(handler(state)), 'http', state);
}

/** HTTPS with a fresh self-signed certificate, which no client trusts. */
export function startUntrustedHttpsBackend(): Promise<LoopbackBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'sf-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const state = freshState();
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, handler(state));
  return listen(server, 'https', state);
}

/** A loopback port with nothing listening on it. */
export async function closedPortUrl(): Promise<string> {
  const backend = await startLoopbackBackend();
  await backend.close();
  return backend.url;
}

/** One server for the enclosing `describe`, reset to a well-behaved backend before each test. */
export function useLoopbackBackend(): () => LoopbackBackend {
  let backend: LoopbackBackend | undefined;
  beforeAll(async () => {
    backend = await startLoopbackBackend();
  });
  afterAll(() => backend?.close());
  beforeEach(() => {
    if (!backend) return;
    backend.config = EXAMPLE_CONFIG;
    backend.delayMs = 0;
    backend.requests = [];
  });
  return () => {
    if (!backend) throw new Error('the loopback backend is not running');
    return backend;
  };
}
