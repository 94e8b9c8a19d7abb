/**
 * The floor under bench:server's single-rating figure: a bare `node:http` server in a child
 * process that reads the body, parses it as JSON and answers a fixed `RatingsResponse`, driven at
 * the same fixed rate by the same open-loop client. What it shows is what loopback HTTP, Node and
 * the load generator cost on this machine before any validation or storage.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openLoop, type OpenLoopOptions, type OpenLoopResult } from './open-loop';
import { forkServer, stopChild } from './server-child';

function serve(): void {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"accepted":1,"duplicates":0,"rejected":[]}');
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  process.on('message', () => server.close(() => process.exit(0)));
}

/** The open-loop figures of the bare server for this request shape (`url` is filled in here). */
export async function httpFloor(options: Omit<OpenLoopOptions, 'url'>): Promise<OpenLoopResult> {
  const { child, url } = await forkServer(fileURLToPath(import.meta.url), ['--serve']);
  try {
    return await openLoop({ ...options, url: `${url}/v1/ratings` });
  } finally {
    await stopChild(child);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--serve')) serve();
