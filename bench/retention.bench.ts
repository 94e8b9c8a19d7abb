/**
 * `npx tsx bench/retention.bench.ts [count]` (meant to become `npm run bench:retention`): retention
 * on real IndexedDB in headless Chromium (/usr/bin/chromium, or CHROMIUM_PATH). The database code
 * (entrypoints/background/storage/db.ts, entrypoints/background/storage/retention.ts, entrypoints/background/outbox/outbox.ts) is bundled with esbuild and served from
 * loopback; the page seeds `count` (default 10,000) ratings synced 400 days ago plus 50 unsent
 * ones, then measures:
 *   - what the popup pays per open for the outbox (`outboxStatus`: reads every live rating),
 *     before and after the prune;
 *   - the prune itself (`pruneLocalData`, batches of PRUNE_BATCH_SIZE).
 * Each figure is the median of a few runs on fresh databases. Exits non-zero when the prune
 * leaves anything wrong (a rating lost, an unsent one touched).
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const COUNT = Number(process.argv[2] ?? 10_000);
const RUNS = 3;

/** Runs in the page: everything it needs comes from the bundle below. */
const PAGE_ENTRY = `
import { openFeedbackDb, DB_NAME } from './utils/db';
import { outboxStatus } from './utils/outbox';
import { pruneLocalData } from './utils/retention';

const DAY_MS = 24 * 60 * 60_000;

async function seed(db, count, now) {
  const tx = db.transaction('ratings', 'readwrite');
  const record = (n, syncState, at) => {
    const id = crypto.randomUUID();
    const ticketUrl = 'https://acme.atlassian.net/browse/IT-' + n;
    const ratedAt = new Date(at).toISOString();
    return {
      id, ticketUrl, syncState, attempts: 1, nextAttemptAt: 0, updatedAt: ratedAt, revision: 0,
      ...(syncState === 'synced' ? { syncedAt: ratedAt } : {}),
      ticketResolvedAt: ratedAt,
      rating: {
        id, ticketUrl, ticketKey: 'IT-' + n, tracker: 'jira', origin: 'https://acme.atlassian.net', ticketTitle: 'VPN ' + n + ' drops after the update',
        overall: 1 + (n % 5), communication: 4, tags: ['fast', 'clear'], comment: 'Solved quickly, thanks. '.repeat(4), rater: 'ada@example.com', ratedAt,
      },
    };
  };
  for (let n = 1; n <= count; n++) void tx.store.put(record(n, 'synced', now - 400 * DAY_MS + n * 1000));
  for (let n = 1; n <= 50; n++) void tx.store.put(record(count + n, 'waiting', now - 400 * DAY_MS));
  await tx.done;
}

const time = async (work) => {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
};

window.runRetention = async (count) => {
  await new Promise((done) => { const request = indexedDB.deleteDatabase(DB_NAME); request.onsuccess = request.onerror = done; });
  const db = await openFeedbackDb();
  const now = Date.now();
  await seed(db, count, now);
  const [statusBeforeMs, before] = await time(() => outboxStatus(db, true));
  const [pruneMs, result] = await time(() => pruneLocalData(db, { now: new Date(now), historyDays: 90, ratingWindowDays: 28 }));
  const [statusAfterMs, after] = await time(() => outboxStatus(db, true));
  const live = await db.count('ratings');
  db.close();
  return { statusBeforeMs, pruneMs, statusAfterMs, result, before: before.counts, after: after.counts, live };
};
`;

async function bundle(): Promise<string> {
  const output = await build({
    stdin: { contents: PAGE_ENTRY, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    write: false,
    // pruneLocalData never touches the extension APIs; the alarm helper beside it does.
    plugins: [
      {
        name: 'no-extension-apis',
        setup(context) {
          context.onResolve({ filter: /^wxt\/browser$/ }, () => ({ path: 'wxt-browser', namespace: 'stub' }));
          context.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export const browser = {};' }));
        },
      },
    ],
  });
  return output.outputFiles[0]!.text;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const script = await bundle();
  const server = createServer((request, response) => {
    if (request.url === '/bench.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bench.js"></script>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'runRetention' in window);
    type Run = { statusBeforeMs: number; pruneMs: number; statusAfterMs: number; result: { ratingsCompacted: number; batches: number }; before: Record<string, number>; after: Record<string, number>; live: number };
    const runs: Run[] = [];
    for (let run = 0; run < RUNS; run++) runs.push(await page.evaluate((count) => (window as unknown as { runRetention: (count: number) => Promise<Run> }).runRetention(count), COUNT));

    const last = runs.at(-1)!;
    const problems: string[] = [];
    if (last.result.ratingsCompacted !== COUNT) problems.push(`compacted ${last.result.ratingsCompacted} of ${COUNT}`);
    if (last.live !== 50) problems.push(`${last.live} live ratings left, expected the 50 unsent`);
    if (JSON.stringify(last.before) !== JSON.stringify(last.after)) problems.push(`outbox counts changed: ${JSON.stringify(last.before)} → ${JSON.stringify(last.after)}`);

    const pruneMs = median(runs.map((run) => run.pruneMs));
    console.log(`retention, real IndexedDB in Chromium ${browser.version()}, ${COUNT.toLocaleString('en')} synced ratings + 50 unsent, median of ${RUNS}:`);
    console.log(`  prune: ${pruneMs.toFixed(0)} ms in ${last.result.batches} batches (${((COUNT / pruneMs) * 1000).toFixed(0)} ratings/s)`);
    console.log(`  popup outbox read (outboxStatus): ${median(runs.map((run) => run.statusBeforeMs)).toFixed(1)} ms before → ${median(runs.map((run) => run.statusAfterMs)).toFixed(1)} ms after`);
    if (problems.length) {
      console.error(`FAILED: ${problems.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
