/**
 * `npm run bench:server`: the real backend on loopback, once on a temporary SQLite file and once
 * on a throwaway PostgreSQL cluster (durable defaults), figures printed side by side. The server
 * runs in a child process and autocannon drives it from this one (no shared event loop).
 *
 *   0. the floor: a bare node:http server at the fixed rate of (3) (bench/http-floor.ts), printed first;
 *   1. raw driver insert, one transaction per 100 (better-sqlite3 / pg alone) — the limit;
 *   2. POST /v1/ratings with batches of 100 fresh ratings: ratings/s and the ratio to (1);
 *   3. p50/p99 of single-rating POSTs at a fixed 200 requests/s (durable commits), on the fresh
 *      database and again after the batch phase, open-loop: sent
 *      on a schedule, latency from the scheduled time (bench/open-loop.ts); beside it autocannon's
 *      `overallRate` (10 connections sending each second's share back to back), a burst figure;
 *   4. GET /v1/report p95 over a large data set (BENCH_REPORT_ROWS, default 2,000,000, 3 years, 20
 *      services), loaded straight into the database with the driver plus the rating_days backfill;
 *      date-only bounds read the per-day sums, an instant bound the ratings (a few runs, for scale);
 *   5. GET /v1/ratings.csv of that data set: the server's RSS growth and /v1/health p99 while it streams.
 *
 * Targets (issue 12): p99 ≤ 10 ms at 200 req/s; report p95 ≤ 200 ms; export RSS growth ≤ 100 MB and
 * health p99 ≤ 50 ms. BENCH_ENGINES=sqlite or =postgres runs one engine only.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import type { Rating } from '../utils/contracts/schema';
import { httpFloor } from './http-floor';
import { percentileOf } from './percentile';
import { openLoop, type OpenLoopResult } from './open-loop';
import { ADMIN_TOKEN, INGEST_TOKEN, startChild, stopChild } from './server-child';
import { largeDataSet, onEachEngine, type BenchEngine } from './server-engines';

interface AutocannonResult {
  duration: number;
  latency: { p50: number; p99: number; max: number };
  errors: number;
  non2xx: number;
  '2xx': number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const BATCH = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const FIXED_RATE = 200;
const REPORT_ROWS = Number(process.env.BENCH_REPORT_ROWS ?? 2_000_000);
const REPORT_RUNS = 40;

function sampleRating(id: string, index: number): Rating {
  return {
    id,
    ticketKey: `IT-${index}`,
    ticketUrl: `https://acme.atlassian.net/browse/IT-${index}`,
    tracker: 'jira',
    origin: 'https://acme.atlassian.net',
    serviceId: index % 2 === 0 ? 'it-helpdesk' : 'platform',
    ticketTitle: 'VPN drops every few minutes on the office Wi-Fi',
    overall: (index % 5) + 1,
    communication: ((index + 1) % 5) + 1,
    understanding: ((index + 2) % 5) + 1,
    proactiveness: ((index + 3) % 5) + 1,
    tags: ['fast', 'friendly'],
    comment: 'Quick and clear answer, thanks!',
    rater: `user${index}@example.com`,
    ratedAt: new Date(Date.UTC(2026, 2, 2) + index * 60_000).toISOString(),
    slaMet: index % 3 !== 0,
  };
}

const freshRatings = (count: number) => Array.from({ length: count }, (_, index) => sampleRating(randomUUID(), index));

/** Bodies with fresh random UUIDs (like real clients), serialised once around the ids. */
function bodyFactory(size: number): () => string {
  const marker = '00000000-0000-4000-8000-000000000000';
  const parts = JSON.stringify({ ratings: Array.from({ length: size }, (_, index) => sampleRating(marker, index)) }).split(marker);
  return () => {
    let body = parts[0]!;
    for (let index = 1; index < parts.length; index++) body += randomUUID() + parts[index]!;
    return body;
  };
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const authorised = { Authorization: `Bearer ${ADMIN_TOKEN}` };

async function storedCount(url: string): Promise<number> {
  const report = (await (await fetch(`${url}/v1/report`, { headers: authorised })).json()) as { services: { count: number }[] };
  return report.services.reduce((sum, service) => sum + service.count, 0);
}

interface Figures {
  raw: number;
  batched: number;
  batchedProblems: number;
  freshSingle: OpenLoopResult;
  single: OpenLoopResult;
  burst: AutocannonResult;
  loadSeconds: number;
  reportP50: number;
  reportP95: number;
  rowsReportP50: number;
  csvMb: number;
  csvSeconds: number;
  rssGrowth: number;
  healthP99: number;
  healthMax: number;
  healthFailures: number;
}

async function measure(engine: BenchEngine): Promise<Figures> {
  const raw = await engine.rawInsertRate(freshRatings, BATCH, 3);
  const database = await engine.freshDatabase('server');
  const { child, url } = await startChild(database);
  try {
    const post = (body: () => string, options: Record<string, unknown>) =>
      autocannon({
        url: `${url}/v1/ratings`,
        method: 'POST',
        headers: { Authorization: `Bearer ${INGEST_TOKEN}`, 'Content-Type': 'application/json' },
        requests: [{ setupRequest: (request: object) => ({ ...request, body: body() }) }],
        ...options,
      });
    const singleBody = bodyFactory(1);
    const singleOptions = { headers: { Authorization: `Bearer ${INGEST_TOKEN}`, 'Content-Type': 'application/json' }, body: singleBody, rate: FIXED_RATE, seconds: SECONDS };
    // On the fresh database first (after a short warm-up), then again after the batch phase.
    await openLoop({ ...singleOptions, url: `${url}/v1/ratings`, seconds: 2 });
    const freshSingle = await openLoop({ ...singleOptions, url: `${url}/v1/ratings` });
    const batchBody = bodyFactory(BATCH);
    await post(batchBody, { connections: 4, duration: 2 }); // warm-up: JIT, caches
    const before = await storedCount(url);
    const batchedRun = await post(batchBody, { connections: 4, duration: SECONDS });
    const batched = ((await storedCount(url)) - before) / batchedRun.duration;
    const single = await openLoop({ ...singleOptions, url: `${url}/v1/ratings` });
    const burst = await post(singleBody, { connections: 10, overallRate: FIXED_RATE, duration: SECONDS });

    // The large data set goes straight into the server's database with the driver.
    const loadStarted = performance.now();
    await engine.load(database, largeDataSet(REPORT_ROWS));
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const timeReport = async (query: string) => {
      const started = performance.now();
      const response = await fetch(`${url}/v1/report${query}`, { headers: authorised });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`report answered ${response.status}`);
      return performance.now() - started;
    };
    const reportTimes: number[] = [];
    for (let run = 0; run < REPORT_RUNS; run++) {
      reportTimes.push(await timeReport(run % 2 === 0 ? '' : `?service=service-${run % 20}&from=2024-01-01&to=2024-12-31`));
    }
    // An instant bound inside a day cannot use the per-day sums: the ratings are read.
    const rowsTimes: number[] = [];
    for (let run = 0; run < 3; run++) rowsTimes.push(await timeReport(`?from=2023-01-02T12:00:00Z`));

    // The export, read as fast as this process can, while /v1/health is asked every 10 ms.
    const rssBefore = rssMb(child.pid!);
    let rssPeak = rssBefore;
    const healthTimes: number[] = [];
    let streaming = true;
    let healthFailures = 0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(child.pid!))), 20);
    const probe = (async () => {
      while (streaming) {
        const started = performance.now();
        const ok = await fetch(`${url}/v1/health`).then(
          async (response) => (await response.arrayBuffer(), response.ok),
          () => false,
        );
        if (!ok) healthFailures++;
        healthTimes.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const csvStarted = performance.now();
    const csv = await fetch(`${url}/v1/ratings.csv`, { headers: authorised });
    let bytes = 0;
    const reader = csv.body!.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) bytes += part.value.byteLength;
    const csvSeconds = (performance.now() - csvStarted) / 1000;
    streaming = false;
    await probe;
    clearInterval(sampler);
    return {
      raw,
      batched,
      batchedProblems: batchedRun.non2xx + batchedRun.errors,
      freshSingle,
      single,
      burst,
      loadSeconds,
      reportP50: percentileOf(reportTimes, 0.5),
      rowsReportP50: percentileOf(rowsTimes, 0.5),
      reportP95: percentileOf(reportTimes, 0.95),
      csvMb: bytes / 1024 / 1024,
      csvSeconds,
      rssGrowth: rssPeak - rssBefore,
      healthP99: percentileOf(healthTimes, 0.99),
      healthMax: Math.max(...healthTimes),
      healthFailures,
    };
  } finally {
    await stopChild(child);
  }
}

const number = (value: number, digits = 0) => value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Service Feedback backend benchmark — node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}`);
  console.log(`load average before: ${loadavg().map((value) => value.toFixed(2)).join(' ')}; report data set: ${number(REPORT_ROWS)} ratings`);
  // The floor under the single-rating figure: bare node:http, same client, same rate, same bodies.
  const floor = await httpFloor({ headers: { 'Content-Type': 'application/json' }, body: bodyFactory(1), rate: FIXED_RATE, seconds: SECONDS });
  console.log(`floor: a bare node:http server (parse the JSON, fixed answer) at ${FIXED_RATE} req/s, open-loop: p50 / p99 (max) ${floor.p50} / ${floor.p99} (${floor.max}) ms`);
  const results = await onEachEngine(measure);
  console.log(`load average after: ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`);
  const rows: [string, (figures: Figures) => string][] = [
    [`raw driver insert, 1 transaction per ${BATCH}`, (f) => `${number(f.raw)} ratings/s`],
    [`POST /v1/ratings, batches of ${BATCH}, 4 connections`, (f) => `${number(f.batched)} ratings/s (${number((f.batched / f.raw) * 100)}% of raw)`],
    [`POST 1 rating, ${FIXED_RATE}/s open-loop, fresh: p50/p99 (max)`, (f) => `${f.freshSingle.p50} / ${f.freshSingle.p99} (${f.freshSingle.max}) ms (≤ 10: ${verdict(f.freshSingle.p99 <= 10)})`],
    [`  same after the batch phase: p50/p99 (max)`, (f) => `${f.single.p50} / ${f.single.p99} (${f.single.max}) ms (≤ 10: ${verdict(f.single.p99 <= 10)})`],
    [`  autocannon's bursts, same rate: p50/p99`, (f) => `${f.burst.latency.p50} / ${f.burst.latency.p99} ms`],
    [`  load ${number(REPORT_ROWS)} (driver + rating_days backfill)`, (f) => `${number(f.loadSeconds)} s`],
    [`GET /v1/report over ${number(REPORT_ROWS)}: p50 / p95`, (f) => `${number(f.reportP50)} / ${number(f.reportP95)} ms (≤ 200: ${verdict(f.reportP95 <= 200)})`],
    ['  same, an instant bound (reads the ratings): p50', (f) => `${number(f.rowsReportP50)} ms`],
    ['GET /v1/ratings.csv: size, time', (f) => `${number(f.csvMb, 1)} MB in ${number(f.csvSeconds, 1)} s`],
    ['  server RSS growth while streaming', (f) => `${number(f.rssGrowth, 1)} MB (≤ 100: ${verdict(f.rssGrowth <= 100)})`],
    ['  /v1/health p99 (max) while streaming', (f) => `${number(f.healthP99, 1)} (${number(f.healthMax, 1)}) ms (≤ 50: ${verdict(f.healthP99 <= 50 && f.healthFailures === 0)})${f.healthFailures ? `, ${f.healthFailures} failed` : ''}`],
  ];
  console.log(`${''.padEnd(50)} ${results.map((result) => result.name.padEnd(36)).join(' ')}`);
  for (const [label, show] of rows) console.log(`${label.padEnd(50)} ${results.map((result) => show(result.figures).padEnd(36)).join(' ')}`);
  const problems = results.reduce(
    (sum, { figures }) => sum + figures.batchedProblems + figures.freshSingle.non2xx + figures.freshSingle.errors + figures.single.non2xx + figures.single.errors + figures.burst.non2xx + figures.burst.errors + figures.healthFailures,
    0,
  );
  if (problems > 0) {
    console.log(`${problems} requests failed`);
    process.exitCode = 1;
  }
  console.log('');
  await (await import('./notify-latency')).printNotifyLatency();
}

void main();
