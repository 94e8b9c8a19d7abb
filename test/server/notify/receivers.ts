/**
 * Local chat receivers on loopback for the notification tests. Each path plays one provider and
 * checks the signature the way that provider documents it, written here from the docs and never
 * by calling server/notify/sign.ts. The receiver can fail on demand (status, Retry-After, hang)
 * and counts what arrived per event id.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  eventId: string | undefined;
  body: Record<string, unknown>;
  signatureOk: boolean;
}

export type Answer = { status: number; retryAfter?: string } | 'hang';

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Feishu: sign = base64(HmacSHA256(key = timestamp + "\n" + secret, data = "")). */
function feishuOk(body: Record<string, unknown>, secret: string): boolean {
  const { timestamp, sign } = body as { timestamp?: string; sign?: string };
  if (typeof timestamp !== 'string' || typeof sign !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 3600) return false;
  const hmac = createHmac('sha256', Buffer.from(`${timestamp}\n${secret}`, 'utf8'));
  return same(hmac.digest('base64'), sign);
}

/** DingTalk: sign = urlEncode(base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret))), ms timestamp. */
function dingtalkOk(rawUrl: string, secret: string): boolean {
  const query = rawUrl.split('?')[1] ?? '';
  const pairs = Object.fromEntries(query.split('&').map((pair) => pair.split('=') as [string, string]));
  const timestamp = pairs.timestamp;
  const encodedSign = pairs.sign;
  if (!timestamp || !encodedSign || Math.abs(Date.now() - Number(timestamp)) > 3_600_000) return false;
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${timestamp}\n${secret}`, 'utf8')).digest('base64');
  return same(decodeURIComponent(encodedSign), expected) && !/[+/=]/.test(encodedSign);
}

/** Our webhook: Service-Feedback-Signature: t=<s>,v1=hex(HMAC-SHA256(secret, t + "." + raw body)). */
function webhookOk(request: IncomingMessage, raw: string, secret: string): boolean {
  const header = String(request.headers['service-feedback-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${raw}`).digest('hex');
  return same(expected, match[2]!);
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Decides each answer; default 200 with a provider-style success body. */
  answer: (request: Received, index: number) => Answer;
  byEvent(): Map<string, number>;
  close(): Promise<void>;
  /** Listen again on the same port (after `close()`: "down for a while"). */
  reopen(): Promise<void>;
}

export async function startReceiver(secrets: { feishu?: string; dingtalk?: string; webhook?: string } = {}, port = 0): Promise<Receiver> {
  const hanging = new Set<import('node:http').ServerResponse>();
  const receiver: Receiver = {
    url: '',
    port,
    received: [],
    answer: () => ({ status: 200 }),
    byEvent() {
      const counts = new Map<string, number>();
      for (const entry of this.received) if (entry.eventId && entry.signatureOk) counts.set(entry.eventId, (counts.get(entry.eventId) ?? 0) + 1);
      return counts;
    },
    close: async () => {},
    reopen: async () => {},
  };
  let server: Server;
  const listen = async (onPort: number) => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const path = (request.url ?? '/').split('?')[0]!;
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          body = {};
        }
        const provider = path.slice(1);
        const signatureOk =
          provider === 'feishu' && secrets.feishu ? feishuOk(body, secrets.feishu)
          : provider === 'dingtalk' && secrets.dingtalk ? dingtalkOk(request.url ?? '', secrets.dingtalk)
          : provider === 'webhook' && secrets.webhook ? webhookOk(request, raw, secrets.webhook)
          : true;
        const entry: Received = { path, eventId: request.headers['service-feedback-event-id'] as string | undefined, body, signatureOk };
        const answer = receiver.answer(entry, receiver.received.length);
        receiver.received.push(entry);
        if (answer === 'hang') {
          hanging.add(response);
          return;
        }
        if (!signatureOk) {
          // Feishu and DingTalk refuse a bad signature with 200 and an error code.
          response.writeHead(provider === 'webhook' ? 401 : 200, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify(provider === 'feishu' ? { code: 19021, msg: 'sign match fail' } : { errcode: 310000, errmsg: 'sign not match' }));
          return;
        }
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (answer.retryAfter !== undefined) headers['Retry-After'] = answer.retryAfter;
        response.writeHead(answer.status, headers);
        response.end(provider === 'feishu' ? '{"code":0,"msg":"success"}' : provider === 'dingtalk' || provider === 'wecom' ? '{"errcode":0,"errmsg":"ok"}' : 'ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(onPort, '127.0.0.1', resolve));
    receiver.port = (server.address() as AddressInfo).port;
    receiver.url = `http://127.0.0.1:${receiver.port}`;
  };
  await listen(port);
  receiver.close = async () => {
    for (const response of hanging) response.destroy();
    hanging.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  receiver.reopen = () => listen(receiver.port);
  return receiver;
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
