/**
 * Part of `npm run bench:server`: the time from a low rating's `2xx` to its webhook delivery.
 * The real server runs as a child process (`server/main.ts`, production delivery settings) on a
 * temporary SQLite file; a healthy webhook receiver on loopback in this process notes when each
 * event arrives, so both ends read one clock. 200 single low ratings, one every 25 ms.
 * Target: p95 ≤ 2 s. Run alone with `npx tsx bench/notify-latency.ts`.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from './percentile';

const RATINGS = 200;
const GAP_MS = 25;
const INGEST = 'bench-notify-ingest-token-0';
const ADMIN = 'bench-notify-admin-token-00';


export async function measureNotifyLatency(): Promise<{ p50: number; p95: number; max: number; delivered: number }> {
  const arrived = new Map<string, number>();
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { rating?: { id: string } };
      if (body.rating && !arrived.has(body.rating.id)) arrived.set(body.rating.id, at);
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const dir = mkdtempSync(join(tmpdir(), 'sf-bench-notify-'));
  const config = JSON.parse(readFileSync('config/example.json', 'utf8')) as { services: Record<string, unknown>[] };
  config.services[0] = { ...config.services[0], notify: [{ type: 'webhook', url: hook, on: ['low'] }] };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../server/main.ts', import.meta.url))], {
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: join(dir, 'bench.db'),
      SERVICE_FEEDBACK_CONFIG: join(dir, 'config.json'),
      SERVICE_FEEDBACK_INGEST_TOKENS: INGEST,
      SERVICE_FEEDBACK_ADMIN_TOKEN: ADMIN,
      SERVICE_FEEDBACK_RATE_LIMIT: '10000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-5_000)));
  try {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-10_000)));
    let url: string | undefined;
    for (let waited = 0; !url; waited += 50) {
      if (waited > 30_000 || child.exitCode !== null) throw new Error(`notify bench: the server did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      url = stdout.match(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/)?.[1];
    }
    const acknowledged = new Map<string, number>();
    for (let index = 0; index < RATINGS; index++) {
      const id = randomUUID();
      const rating = {
        id,
        ticketKey: `IT-${index}`,
        ticketUrl: `https://acme.atlassian.net/browse/IT-${index}`,
        tracker: 'jira',
        origin: 'https://acme.atlassian.net',
        serviceId: config.services[0]!.id,
        overall: 1 + (index % 2),
        tags: ['slow'],
        comment: 'Took a week to get an answer.',
        ratedAt: new Date().toISOString(),
      };
      const answer = await fetch(`${url}/v1/ratings`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${INGEST}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ratings: [rating] }),
      });
      await answer.arrayBuffer();
      if (answer.ok) acknowledged.set(id, performance.now());
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    }
    const until = performance.now() + 30_000;
    while (arrived.size < acknowledged.size && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    const latencies = [...acknowledged]
      .filter(([id]) => arrived.has(id))
      .map(([id, at]) => arrived.get(id)! - at)
      .sort((a, b) => a - b);
    if (latencies.length === 0) throw new Error(`notify bench: nothing was delivered: ${stderr}`);
    return { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), max: latencies.at(-1)!, delivered: latencies.length };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await new Promise((resolve) => receiver.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line in the bench:server table; sets a failing exit code when a rating was not delivered. */
export async function printNotifyLatency(): Promise<void> {
  const result = await measureNotifyLatency();
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(
    `${`low rating 2xx → webhook delivery, ${RATINGS} ratings`.padEnd(62)} ${`p50 ${ms(result.p50)}, p95 ${ms(result.p95)}`.padEnd(26)} ` +
      `max ${ms(result.max)}; ${result.delivered}/${RATINGS} delivered; healthy receiver, default delivery settings; target p95 ≤ 2 s → ${result.p95 <= 2000 ? 'met' : 'MISSED'}`,
  );
  if (result.delivered < RATINGS) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void printNotifyLatency();
