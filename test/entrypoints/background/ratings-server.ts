/**
 * A real HTTP ratings backend on loopback for outbox tests: stores one row per rating id (an
 * edit with a newer ratedAt replaces the row), answers like `POST /v1/ratings`, and can be told
 * to misbehave for the next requests (500, hang, 401, whole-request 400, garbage) or to answer
 * `413` to bodies over a size limit, as the real backend does over 1 MB.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Rating, RatingsRequest } from '../../../utils/contracts/schema';

export type Misbehaviour =
  | { kind: 'status'; status: number; body?: unknown }
  /** Stores the ratings, then answers 500 (the reply is "lost"). */
  | { kind: 'store-then-fail' }
  | { kind: 'hang' }
  | { kind: 'garbage' };

export interface ReceivedRequest {
  authorization?: string;
  ratings: Rating[];
}

export interface RatingsServer {
  url: string;
  rows: Map<string, Rating>;
  requests: ReceivedRequest[];
  /** Applied to the next requests, one each, in order. */
  misbehave: (...plan: Misbehaviour[]) => void;
  /** Per-rating rejection rule (answered in `rejected`, the rest is stored). */
  rejectWhen: (rule: ((rating: Rating) => string | undefined) | undefined) => void;
  /** Answer 413 to `POST /v1/ratings` bodies over this many bytes (no limit while undefined). */
  limitBody: (bytes: number | undefined) => void;
  /** What `GET /v1/config` answers (404 while unset), with a strong ETag over the body. */
  setConfig: (config: unknown) => void;
  configRequests: Array<{ ifNoneMatch?: string; authorization?: string }>;
  close: () => Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startRatingsServer(): Promise<RatingsServer> {
  const rows = new Map<string, Rating>();
  const requests: ReceivedRequest[] = [];
  const plan: Misbehaviour[] = [];
  let rejectRule: ((rating: Rating) => string | undefined) | undefined;
  const hanging = new Set<() => void>();
  const configRequests: RatingsServer['configRequests'] = [];
  let configBody: string | undefined;
  let bodyLimit: number | undefined;

  const store = (ratings: Rating[]) => {
    let accepted = 0;
    let duplicates = 0;
    const rejected: Array<{ id: string; error: string }> = [];
    for (const rating of ratings) {
      const refusal = rejectRule?.(rating);
      if (refusal) {
        rejected.push({ id: rating.id, error: refusal });
        continue;
      }
      const known = rows.get(rating.id);
      if (known) duplicates++;
      else accepted++;
      if (!known || known.ratedAt < rating.ratedAt) rows.set(rating.id, rating);
    }
    return { accepted, duplicates, rejected };
  };

  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    // Like a backend reached without host permission: CORS for any origin (the popup tests run under happy-dom's fetch).
    response.setHeader('access-control-allow-origin', '*');
    response.setHeader('access-control-expose-headers', 'etag');
    if (request.method === 'OPTIONS') {
      return void response
        .writeHead(204, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'authorization, content-type, if-none-match' })
        .end();
    }
    if (request.method === 'GET' && request.url === '/v1/config') {
      const ifNoneMatch = request.headers['if-none-match'];
      configRequests.push({ ifNoneMatch, authorization: request.headers.authorization });
      if (configBody === undefined) return void response.writeHead(404).end();
      const etag = `"${createHash('sha1').update(configBody).digest('hex')}"`;
      if (ifNoneMatch === etag) return void response.writeHead(304, { etag }).end();
      return void response.writeHead(200, { 'content-type': 'application/json', etag }).end(configBody);
    }
    if (request.method !== 'POST' || request.url !== '/v1/ratings') {
      response.writeHead(404).end();
      return;
    }
    const parsed = RatingsRequest.safeParse(JSON.parse(body));
    requests.push({ authorization: request.headers.authorization, ratings: parsed.success ? parsed.data.ratings : [] });
    const json = (status: number, value: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (bodyLimit !== undefined && Buffer.byteLength(body) > bodyLimit) {
      return json(413, { error: `body: larger than the limit of ${bodyLimit} bytes` });
    }
    const next = plan.shift();
    if (next?.kind === 'hang') {
      hanging.add(() => response.destroy());
      return;
    }
    if (next?.kind === 'status') return json(next.status, next.body ?? { error: `status ${next.status}` });
    if (next?.kind === 'garbage') return json(200, { hello: 'world' });
    if (!parsed.success) return json(400, { error: `ratings: ${parsed.error.issues[0]?.message}` });
    const answer = store(parsed.data.ratings);
    if (next?.kind === 'store-then-fail') return json(500, { error: 'database hiccup after commit' });
    json(200, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    rows,
    requests,
    misbehave: (...steps) => plan.push(...steps),
    setConfig: (config) => {
      configBody = JSON.stringify(config);
    },
    configRequests,
    limitBody: (bytes) => {
      bodyLimit = bytes;
    },
    rejectWhen: (rule) => {
      rejectRule = rule;
    },
    close: async () => {
      for (const release of hanging) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
