/**
 * `npx tsx bench/content-main-thread.ts [runs] [extension dir]`: where the main-thread time the
 * content script adds to the e2e's 500-item GitHub issue goes (issue 7's figure; target ≤ 5 ms).
 * Loads the page in real Chromium with and without the built extension (`.output/chrome-mv3` by
 * default; build first), interleaved, and prints:
 *   - a trace breakdown: renderer main-thread CPU time by trace event, for our extension, for a
 *     minimal content script that shows one pill (e2e/harness/minimal-extension.ts: Chromium's
 *     fixed cost of any content script), and without an extension;
 *   - a CPU profile of the content script (functions on the stack from chrome-extension://),
 *     self and inclusive, per load; with a minified build the names are minified too, so for
 *     readable names build with `SF_NO_MINIFY=1 npx wxt build`, copy `.output/chrome-mv3`
 *     elsewhere, rebuild normally, and pass the copy;
 *   - call counts of the content script's functions (CDP precise coverage) for a few names
 *     that show how often detection and rendering ran.
 * Knobs: TRACE_CATEGORIES (default: timeline + v8, detailed but slow; `devtools.timeline,toplevel`
 * is light and closer to real time), PROFILE_INTERVAL_US (default 100; the profiler inflates
 * what it samples, so read its shares, not its milliseconds).
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { startBackend } from '../e2e/harness/backend';
import { launchBrowser, TRACKER_HOSTS, type ExtensionBrowser } from '../e2e/harness/browser';
import { makeCertificate } from '../e2e/harness/certificate';
import { writeMinimalExtension } from '../e2e/harness/minimal-extension';
import { builtMessages } from '../e2e/harness/messages';
import { configureBackend } from '../e2e/harness/options-page';
import { startPageServer } from '../e2e/harness/page-server';
import { slaPill, waitForSingleHost } from '../e2e/harness/ticket-ui';
import { githubIssuePage, githubIssuePath } from '../e2e/pages/github';
import { daysAgo } from '../e2e/pages/html';

const RUNS = Number(process.argv[2] ?? 3);
const BUILD_DIR = resolve(process.argv[3] ?? join(import.meta.dirname, '..', '.output', 'chrome-mv3'));
const COUNTED = ['detectTicket', 'readGitHubPage', 'firstResponseOnTimeline', 'evaluateSla', 'SlaBadge', 'TicketUi', 'mountTicketView', 'check'];
if (!existsSync(join(BUILD_DIR, 'manifest.json'))) throw new Error(`${BUILD_DIR}: no built extension (run npm run build first)`);

type TraceEvent = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };
type Tally = Map<string, number>;
const add = (tally: Tally, key: string, ms: number) => tally.set(key, (tally.get(key) ?? 0) + ms);

/** Renderer main-thread time by event name over one load (the renderer with the most RunTask time). */
async function traced(cdp: CDPSession, load: () => Promise<void>): Promise<Tally> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
  await cdp.send('Tracing.start', { categories: process.env.TRACE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline,v8,toplevel', transferMode: 'ReportEvents' });
  await load();
  await cdp.send('Tracing.end');
  await complete;
  const mains = events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  const onThread = (thread: TraceEvent) => events.filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.ph === 'X');
  const busy = (thread: TraceEvent) => onThread(thread).reduce((sum, event) => sum + (event.name === 'RunTask' ? (event.dur ?? 0) : 0), 0);
  const main = mains.sort((a, b) => busy(b) - busy(a))[0];
  const tally: Tally = new Map();
  // Thread CPU time (tdur) where the trace has it: what the page's main thread spent, not how long other processes kept it waiting.
  if (main) for (const event of onThread(main)) add(tally, event.name, (event.tdur ?? event.dur ?? 0) / 1000);
  return tally;
}

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };

/** Content-script CPU by function: self and inclusive ms, from a sampling profile. */
function contentScriptTime(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, self: Tally, inclusive: Tally): number {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\//, '')}:${node.callFrame.lineNumber + 1}`;
  let total = 0;
  (profile.samples ?? []).forEach((id, index) => {
    const ms = (profile.timeDeltas?.[index + 1] ?? 0) / 1000;
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = nodes.get(at)!;
      if (node.callFrame.url.startsWith('chrome-extension://')) onStack.add(label(node));
    }
    if (onStack.size === 0) return;
    total += ms;
    add(self, label(nodes.get(id)!), ms);
    for (const name of onStack) add(inclusive, name, ms);
  });
  return total;
}

const issue = { owner: 'acme', repo: 'platform', number: 500, title: 'Large incident review', state: 'open' as const, author: 'ana', viewer: 'ana', createdAt: daysAgo(1), timelineItems: 500 };
const url = `https://github.com${githubIssuePath(issue)}`;
const workDir = mkdtempSync(join(tmpdir(), 'sf-main-thread-'));
const extensionDir = join(workDir, 'chrome-mv3');
cpSync(BUILD_DIR, extensionDir, { recursive: true });
const pages = await startPageServer(makeCertificate(workDir, TRACKER_HOSTS));
pages.page('github.com', githubIssuePath(issue), githubIssuePage(issue));
const backend = await startBackend();
const browsers: ExtensionBrowser[] = [];
try {
  const withExtension = await launchBrowser({ pagePort: pages.port, extensionDir });
  browsers.push(withExtension);
  await configureBackend(withExtension, builtMessages(extensionDir), backend);
  const without = await launchBrowser({ pagePort: pages.port });
  browsers.push(without);
  const minimal = await launchBrowser({ pagePort: pages.port, extensionDir: writeMinimalExtension(join(workDir, 'minimal')) });
  browsers.push(minimal);

  const settle = () => new Promise((done) => setTimeout(done, 300));
  const traceWith: Tally[] = [];
  const traceWithout: Tally[] = [];
  const traceMinimal: Tally[] = [];
  const self: Tally = new Map();
  const inclusive: Tally = new Map();
  let profiled = 0;
  const calls: Tally = new Map();
  const open = async (browser: ExtensionBrowser, work: (page: Page, cdp: CDPSession) => Promise<void>) => {
    const page = await browser.context.newPage();
    try {
      await work(page, await browser.context.newCDPSession(page));
    } finally {
      await page.close();
    }
  };
  const badgeShown = async (page: Page) => {
    await waitForSingleHost(page, 'acme/platform#500');
    await slaPill(page).waitFor();
  };
  const traceLoad = (browser: ExtensionBrowser, into: Tally[], ready: (page: Page) => Promise<void>) =>
    open(browser, async (page, cdp) => {
      into.push(
        await traced(cdp, async () => {
          await page.goto(url);
          await ready(page);
          await settle();
        }),
      );
    });
  for (let run = 0; run < RUNS; run++) {
    await traceLoad(withExtension, traceWith, badgeShown);
    await traceLoad(without, traceWithout, async (page) => void (await page.waitForLoadState('load')));
    await traceLoad(minimal, traceMinimal, badgeShown);
    await open(withExtension, async (page, cdp) => {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: Number(process.env.PROFILE_INTERVAL_US ?? 100) });
      await cdp.send('Profiler.start');
      await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
      await page.goto(url);
      await badgeShown(page);
      await settle();
      const coverage = await cdp.send('Profiler.takePreciseCoverage');
      for (const script of coverage.result) {
        if (!script.url.startsWith('chrome-extension://')) continue;
        for (const fn of script.functions) if (COUNTED.includes(fn.functionName)) add(calls, fn.functionName, (fn.ranges[0]?.count ?? 0) / RUNS);
      }
      const { profile } = await cdp.send('Profiler.stop');
      profiled += contentScriptTime(profile as never, self, inclusive);
    });
  }

  const mean = (tallies: Tally[], key: string) => tallies.reduce((sum, tally) => sum + (tally.get(key) ?? 0), 0) / tallies.length;
  const names = new Set([...traceWith, ...traceWithout, ...traceMinimal].flatMap((tally) => [...tally.keys()]));
  const rows = [...names]
    .map((name) => ({ name, with: mean(traceWith, name), minimal: mean(traceMinimal, name), without: mean(traceWithout, name) }))
    .sort((a, b) => b.with - b.minimal - (a.with - a.minimal));
  const ms = (value: number) => value.toFixed(1).padStart(7);
  console.log(`Renderer main thread CPU, mean of ${RUNS} traced loads (event times nest: RunTask holds the rest)`);
  console.log(`   ours  minimal  without  ours−minimal  event   (minimal: e2e/harness/minimal-extension.ts)`);
  for (const row of rows.slice(0, 20)) console.log(`${ms(row.with)}  ${ms(row.minimal)}  ${ms(row.without)}  ${ms(row.with - row.minimal)}       ${row.name}`);
  const top = (tally: Tally, count: number) => [...tally].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, value]) => `${ms(value / RUNS)}  ${name}`).join('\n');
  console.log(`\nContent script CPU (sampled every ${process.env.PROFILE_INTERVAL_US ?? 100} µs; the profiler slows it), ${(profiled / RUNS).toFixed(1)} ms per load`);
  console.log(`self:\n${top(self, 15)}\ninclusive:\n${top(inclusive, 20)}`);
  const counted = [...calls].filter(([, count]) => count > 0);
  console.log(`\nCalls per load: ${counted.map(([name, count]) => `${name} ×${count}`).join(', ') || '(names minified: pass an unminified build)'}`);
} finally {
  for (const browser of browsers) await browser.close();
  await backend.dispose();
  await pages.close();
  rmSync(workDir, { recursive: true, force: true });
}
