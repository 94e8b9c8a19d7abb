/**
 * A real HTTP backend on loopback that speaks `POST /v1/replies/query` as DESIGN.md describes it
 * (until the real backend's route lands): threads per rating id, only ids with a thread answered.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Answer, RepliesQueryRequest, type ReplyThread } from '../../../utils/contracts/replies';

export interface RepliesServer {
  url: string;
  threads: Map<string, ReplyThread>;
  /** How many queries were answered 304 (their If-None-Match matched). */
  notModified: () => number;
  /** Every query's ids and authorization header. */
  queries: Array<{ ids: string[]; authorization?: string }>;
  /** `POST /v1/ratings/:id/answer`: the latest answer per rating (idempotent, latest wins) and every request. */
  answers: Map<string, Answer>;
  answerRequests: Array<{ ratingId: string; answer: Answer }>;
  /** The next answer request is stored, then answered 500 (the reply is "lost", as when the worker dies mid-send). */
  loseNextAnswerReply: () => void;
  /** The next requests answer these statuses, one each. */
  failNext: (...statuses: number[]) => void;
  close: () => Promise<void>;
}

export async function startRepliesServer(): Promise<RepliesServer> {
  const threads = new Map<string, ReplyThread>();
  const queries: RepliesServer['queries'] = [];
  const failures: number[] = [];
  const answers = new Map<string, Answer>();
  const answerRequests: RepliesServer['answerRequests'] = [];
  let loseReply = false;
  let notModified = 0;
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    // Like a backend reached without host permission: CORS for any origin (the popup tests run under happy-dom's fetch).
    response.setHeader('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') {
      return void response.writeHead(204, { 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'authorization, content-type' }).end();
    }
    const answerPath = /^\/v1\/ratings\/([0-9a-f-]{36})\/answer$/.exec(request.url ?? '');
    if (request.method === 'POST' && answerPath) {
      const failed = failures.shift();
      if (failed) return void response.writeHead(failed).end(JSON.stringify({ error: `planned ${failed}` }));
      const answer = Answer.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      if (!answer.success) return void response.writeHead(400).end(JSON.stringify({ error: 'resolved: boolean required' }));
      answerRequests.push({ ratingId: answerPath[1]!, answer: answer.data });
      answers.set(answerPath[1]!, answer.data);
      if (loseReply) {
        loseReply = false;
        return void response.writeHead(500).end();
      }
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answer: answer.data }));
    }
    if (request.method !== 'POST' || request.url !== '/v1/replies/query') return void response.writeHead(404).end();
    const failure = failures.shift();
    if (failure) return void response.writeHead(failure, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `planned ${failure}` }));
    const parsed = RepliesQueryRequest.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
    if (!parsed.success) return void response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'ids: 1–500 UUIDs' }));
    queries.push({ ids: parsed.data.ids, authorization: request.headers.authorization });
    const items = parsed.data.ids.flatMap((id) => (threads.has(id) ? [threads.get(id)!] : []));
    // Like the real route: a strong ETag over the body, 304 when If-None-Match names it.
    const text = JSON.stringify({ items });
    const etag = `"${createHash('sha256').update(text).digest('base64url')}"`;
    if (request.headers['if-none-match'] === etag) {
      notModified++;
      return void response.writeHead(304, { etag }).end();
    }
    response.writeHead(200, { 'content-type': 'application/json', etag }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    threads,
    queries,
    answers,
    answerRequests,
    notModified: () => notModified,
    loseNextAnswerReply: () => {
      loseReply = true;
    },
    failNext: (...statuses) => failures.push(...statuses),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
