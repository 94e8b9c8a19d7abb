/**
 * A real HTTP server on loopback that answers the paths a test sets, and records what it was
 * asked (path, Accept, Cookie). Shared by the Redmine and ZenTao enrichment tests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  url: string;
  accept?: string;
  cookie?: string;
}

export interface TrackerServer {
  origin: string;
  seen: Seen[];
  answer(path: string, body: unknown, status?: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startTrackerServer(): Promise<TrackerServer> {
  const answers = new Map<string, { status: number; body: string; headers: Record<string, string> }>();
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', accept: request.headers.accept, cookie: request.headers.cookie });
    const reply = answers.get(request.url ?? '') ?? { status: 404, body: '', headers: {} };
    response.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
    response.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    answer(path, body, status = 200, headers = {}) {
      answers.set(path, { status, body: typeof body === 'string' ? body : JSON.stringify(body), headers });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An origin nobody listens on (a server started and closed again). */
export async function deadOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The real fetch, recording the init each call was made with (to check credentials). */
export function recordingFetch(inits: RequestInit[]): typeof fetch {
  return (input, init) => {
    inits.push(init ?? {});
    return fetch(input, init);
  };
}
