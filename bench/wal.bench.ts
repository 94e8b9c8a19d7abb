/**
 * `npm run bench:wal`: the write-ahead log under sustained single-rating writes, per engine side by
 * side. The real backend (child process, durable defaults) takes single-rating POSTs at a fixed
 * 300 requests/s for BENCH_WAL_SECONDS (default 300, the 5 minutes of issue 12) while the WAL is
 * sampled every second; then it idles for BENCH_WAL_IDLE_SECONDS (default 60).
 *
 * SQLite: the `-wal` file (target ≤ 64 MB under load, ≤ 4 MB within a minute of idling).
 * PostgreSQL: the cluster's pg_wal folder (segments are recycled up to `max_wal_size`; for scale).
 * BENCH_ENGINES=sqlite or =postgres runs one engine only.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { ADMIN_TOKEN, INGEST_TOKEN, startChild, stopChild } from './server-child';
import { onEachEngine, type BenchEngine } from './server-engines';

type Autocannon = (options: Record<string, unknown>) => Promise<{ latency: { p50: number; p99: number }; non2xx: number; errors: number; '2xx': number }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const RATE = 300;
const SECONDS = Number(process.env.BENCH_WAL_SECONDS ?? 300);
const IDLE_SECONDS = Number(process.env.BENCH_WAL_IDLE_SECONDS ?? 60);
const MB = 1024 * 1024;

function body(): string {
  const index = Math.floor(Math.random() * 1_000_000);
  return JSON.stringify({
    ratings: [
      {
        id: randomUUID(),
        ticketKey: `IT-${index}`,
        ticketUrl: `https://acme.atlassian.net/browse/IT-${index}`,
        tracker: 'jira',
        origin: 'https://acme.atlassian.net',
        serviceId: index % 2 === 0 ? 'it-helpdesk' : 'platform',
        overall: (index % 5) + 1,
        communication: ((index + 1) % 5) + 1,
        tags: ['fast'],
        comment: 'Quick and clear answer, thanks!',
        rater: `user${index}@example.com`,
        ratedAt: new Date(Date.now() - index * 1000).toISOString(),
        slaMet: index % 3 !== 0,
      },
    ],
  });
}

interface WalFigures {
  stored: number;
  p99: number;
  peak: number;
  atEnd: number;
  afterIdle: number;
  problems: number;
}

async function measure(engine: BenchEngine): Promise<WalFigures> {
  const database = await engine.freshDatabase('wal');
  const { child, url } = await startChild(database);
  try {
    let peak = 0;
    const sampler = setInterval(() => void engine.walBytes(database).then((bytes) => (peak = Math.max(peak, bytes))), 1000);
    const run = await autocannon({
      url: `${url}/v1/ratings`,
      method: 'POST',
      headers: { Authorization: `Bearer ${INGEST_TOKEN}`, 'Content-Type': 'application/json' },
      requests: [{ setupRequest: (request: object) => ({ ...request, body: body() }) }],
      connections: 10,
      overallRate: RATE,
      duration: SECONDS,
    });
    clearInterval(sampler);
    const atEnd = await engine.walBytes(database);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const afterIdle = await engine.walBytes(database);
    const report = (await (await fetch(`${url}/v1/report`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { services: { count: number }[] };
    return {
      stored: report.services.reduce((sum, service) => sum + service.count, 0),
      p99: run.latency.p99,
      peak: Math.max(peak, atEnd),
      atEnd,
      afterIdle,
      problems: run.non2xx + run.errors,
    };
  } finally {
    await stopChild(child);
  }
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

async function main(): Promise<void> {
  console.log(`Service Feedback WAL benchmark — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`);
  console.log(`load average before: ${loadavg().map((value) => value.toFixed(2)).join(' ')}; ${RATE} single ratings/s for ${SECONDS} s, then ${IDLE_SECONDS} s idle`);
  const results = await onEachEngine(measure);
  console.log(`load average after: ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
  const rows: [string, (figures: WalFigures) => string][] = [
    ['ratings stored', (f) => f.stored.toLocaleString('en')],
    [`single-rating POST at ${RATE} req/s: p99`, (f) => `${f.p99} ms`],
    ['WAL: peak while writing', (f) => mb(f.peak)],
    [`WAL: after ${SECONDS} s of writes`, (f) => mb(f.atEnd)],
    [`WAL: after ${IDLE_SECONDS} s idle`, (f) => mb(f.afterIdle)],
  ];
  console.log(`${''.padEnd(42)} ${results.map((result) => result.name.padEnd(20)).join(' ')}`);
  for (const [label, show] of rows) console.log(`${label.padEnd(42)} ${results.map((result) => show(result.figures).padEnd(20)).join(' ')}`);
  const problems = results.reduce((sum, { figures }) => sum + figures.problems, 0);
  if (problems > 0) {
    console.log(`${problems} requests failed`);
    process.exitCode = 1;
  }
}

void main();
