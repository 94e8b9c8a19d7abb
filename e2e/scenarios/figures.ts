/**
 * Figures (issue 7): badge latency after soft navigation, and the main-thread time the content
 * script adds to a large ticket page. Both print; the latency target (p95 ≤ 50 ms) and the
 * main-thread target (≤ 5 ms) are reported beside the measurement rather than failing the run,
 * because a loaded 2-core CI box moves them; a badge that never appears does fail.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../harness/browser';
import { writeMinimalExtension } from '../harness/minimal-extension';
import { configureBackend } from '../harness/options-page';
import type { E2E, Scenario } from '../harness/scenario';
import { slaPill, waitForSingleHost } from '../harness/ticket-ui';
import { sleep } from '../harness/wait';
import { GITHUB_STYLE, githubIssueListPage, githubIssuePage, githubIssuePath, githubIssueView, githubRepoCodePage, type GitHubIssue } from '../pages/github';
import { daysAgo } from '../pages/html';
import { spaShell } from '../pages/spa';

const NAVIGATIONS = 50;
const FIRST_NUMBER = 100;

const openIssue = (number: number, extra: Partial<GitHubIssue> = {}): GitHubIssue => ({
  owner: 'acme', repo: 'platform', number, title: `Platform request ${number}`, state: 'open', author: 'ana', viewer: 'ana', createdAt: daysAgo(1), ...extra,
});

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 0.5);

export const badgeLatency: Scenario = {
  name: 'figure: status element inserted → badge first painted, 50 soft navigations',
  timeoutMs: 60_000,
  async run(e2e) {
    const numbers = Array.from({ length: NAVIGATIONS + 1 }, (_, index) => FIRST_NUMBER + index);
    const shell = spaShell({
      title: 'Issues · acme/platform',
      head: `<meta name="user-login" content="ana">${GITHUB_STYLE}`,
      routes: numbers.map((number) => ({ path: githubIssuePath(openIssue(number)), label: `#${number}`, html: githubIssueView(openIssue(number)), mode: 'replace' as const })),
    });
    e2e.pages.page('github.com', githubIssuePath(openIssue(FIRST_NUMBER)), shell);

    const backend = await e2e.backend();
    const browser = await e2e.launch();
    await configureBackend(browser, e2e.message, backend);
    const page = await browser.context.newPage();
    await page.goto(`https://github.com${githubIssuePath(openIssue(FIRST_NUMBER))}`);
    await waitForSingleHost(page, `acme/platform#${FIRST_NUMBER}`);
    await slaPill(page).waitFor();

    const latencies: number[] = [];
    for (const number of numbers.slice(1)) {
      const issue = openIssue(number);
      const ms = await page.evaluate(
        ([path, key]) => (window as unknown as { __sfMeasureNavigation(path: string, key: string, timeout: number): Promise<number | null> }).__sfMeasureNavigation(path, key, 3000),
        [githubIssuePath(issue), `acme/platform#${number}`] as const,
      );
      assert.ok(ms !== null, `no badge within 3 s after soft navigation to #${number}`);
      latencies.push(ms);
    }
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    e2e.figure(
      `badge latency over ${NAVIGATIONS} soft navigations (status inserted → badge painted)`,
      `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms (target p95 ≤ 50 ms: ${p95 <= 50 ? 'met' : 'NOT met'})`,
    );
  },
};

interface MainThread {
  /** CPU time of every task on the page's main thread. */
  taskMs: number;
  /** CPU time of JavaScript entered from the event loop: scripts run, callbacks, microtask checkpoints (promise continuations). */
  scriptMs: number;
  /** The longest of those entries: what one piece of script keeps the page from responding. */
  longestScriptMs: number;
}

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } };
/** Where the event loop enters JavaScript. `Performance.getMetrics`' ScriptDuration leaves out microtask checkpoints, where an async content script does most of its work. */
const SCRIPT_ENTRIES = new Set(['EvaluateScript', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'BlinkScheduler_PerformMicrotaskCheckpoint']);

/** Main-thread CPU time of one page load, settled, from a light trace of the renderer (thread time, so other processes on the shared machine count less). */
async function loadAndMeasure(browser: ExtensionBrowser, url: string, ready: (page: Page) => Promise<void>): Promise<MainThread> {
  const page = await browser.context.newPage();
  try {
    const cdp = await browser.context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as TraceEvent[])));
    const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,toplevel', transferMode: 'ReportEvents' });
    await page.goto(url);
    await ready(page);
    await sleep(300);
    await cdp.send('Tracing.end');
    await complete;
    const cpuMs = (event: TraceEvent) => (event.tdur ?? event.dur ?? 0) / 1000;
    const total = { taskMs: 0, scriptMs: 0, longestScriptMs: 0 };
    for (const thread of events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain')) {
      const onThread = events.filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.ph === 'X');
      const entries = onThread.filter((event) => SCRIPT_ENTRIES.has(event.name));
      const within = (inner: TraceEvent, outer: TraceEvent) => inner !== outer && inner.ts >= outer.ts && inner.ts < outer.ts + (outer.dur ?? 0);
      for (const event of onThread) if (event.name === 'ThreadControllerImpl::RunTask') total.taskMs += cpuMs(event);
      // Outermost entries only: a microtask checkpoint inside a script run is already in its time.
      for (const entry of entries) {
        if (entries.some((outer) => within(entry, outer))) continue;
        total.scriptMs += cpuMs(entry);
        total.longestScriptMs = Math.max(total.longestScriptMs, cpuMs(entry));
      }
    }
    return total;
  } finally {
    await page.close();
  }
}

/** domInteractive → the first `[data-service-feedback]` host in the DOM, seen from the page's own world (mutation records cross worlds). */
async function fullLoadLatency(browser: ExtensionBrowser, url: string, ready: (page: Page) => Promise<void>): Promise<number> {
  const page = await browser.context.newPage();
  try {
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector('[data-service-feedback]')) return;
        observer.disconnect();
        (window as unknown as { __sfBadgeAt?: number }).__sfBadgeAt = performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(url);
    await ready(page);
    await page.waitForFunction(() => (window as unknown as { __sfBadgeAt?: number }).__sfBadgeAt !== undefined, undefined, { timeout: 5000 });
    return await page.evaluate(
      () => (window as unknown as { __sfBadgeAt: number }).__sfBadgeAt - (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive,
    );
  } finally {
    await page.close();
  }
}

const RUNS = Number(process.env.E2E_FIGURE_RUNS ?? 5);

export const mainThreadCost: Scenario = {
  name: 'figure: main-thread time the content script adds to a 500-item ticket page',
  timeoutMs: 150_000,
  async run(e2e: E2E) {
    const issue = openIssue(500, { title: 'Large incident review', timelineItems: 500 });
    const url = `https://github.com${githubIssuePath(issue)}`;
    e2e.pages.page('github.com', githubIssuePath(issue), githubIssuePage(issue));

    const backend = await e2e.backend();
    const ours = await e2e.launch();
    await configureBackend(ours, e2e.message, backend);
    const minimalDir = mkdtempSync(join(tmpdir(), 'sf-e2e-minimal-'));
    e2e.defer(() => rmSync(minimalDir, { recursive: true, force: true }));
    const minimal = await e2e.launchWithOtherExtension(writeMinimalExtension(minimalDir));
    const without = await e2e.launchWithoutExtension();

    const pillShown = async (page: Page) => {
      await waitForSingleHost(page, 'acme/platform#500');
      await slaPill(page).waitFor();
    };
    const loaded = async (page: Page) => void (await page.waitForLoadState('load'));
    const samples = { ours: [] as MainThread[], minimal: [] as MainThread[], without: [] as MainThread[] };
    // Interleaved, so drift on the shared machine hits all three alike.
    for (let run = 0; run < RUNS; run++) {
      samples.ours.push(await loadAndMeasure(ours, url, pillShown));
      samples.minimal.push(await loadAndMeasure(minimal, url, pillShown));
      samples.without.push(await loadAndMeasure(without, url, loaded));
    }
    const task = (side: MainThread[]) => median(side.map((sample) => sample.taskMs));
    const script = (side: MainThread[]) => median(side.map((sample) => sample.scriptMs));
    const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)} ms`;
    const added = script(samples.ours) - script(samples.without);
    e2e.figure(
      `main-thread CPU on a 500-item GitHub issue (median of ${RUNS} loads each; "JS" = scripts, callbacks and promise continuations)`,
      `page alone: tasks ${task(samples.without).toFixed(1)} ms, JS ${script(samples.without).toFixed(1)} ms; ` +
        `with the extension: JS ${signed(added)}, tasks ${signed(task(samples.ours) - task(samples.without))}; ` +
        `a minimal content script that shows one pill (e2e/harness/minimal-extension.ts): JS ${signed(script(samples.minimal) - script(samples.without))}, tasks ${signed(task(samples.minimal) - task(samples.without))}; ` +
        `ours beyond the minimal one: JS ${signed(script(samples.ours) - script(samples.minimal))}, tasks ${signed(task(samples.ours) - task(samples.minimal))}; ` +
        `longest piece of JS with ours ${median(samples.ours.map((sample) => sample.longestScriptMs)).toFixed(1)} ms (a long task is ≥ 50 ms) ` +
        `(target ≤ 5 ms of added JS: ${added <= 5 ? 'met' : 'NOT met'})`,
    );

    // Full load: the status element is in the parsed DOM (domInteractive) → the badge host inserted,
    // ours and the minimal script's pill (one round trip to its worker, at document_idle) interleaved.
    const fullLoad = { ours: [] as number[], minimal: [] as number[] };
    // Twice the loads of the other figures: with 5 a p95 is just the slowest load.
    for (let run = 0; run < 2 * RUNS; run++) {
      fullLoad.ours.push(await fullLoadLatency(ours, url, pillShown));
      fullLoad.minimal.push(await fullLoadLatency(minimal, url, pillShown));
    }
    const [oursLoad, minimalLoad] = [fullLoad.ours, fullLoad.minimal].map((values) => [...values].sort((a, b) => a - b));
    const spread = (sorted: number[]) => `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms`;
    e2e.figure(
      `badge latency on a full load of the 500-item issue (${2 * RUNS} loads each: DOM parsed (domInteractive) → badge host inserted, the watcher runs at document_start, its loop from DOMContentLoaded; ticket UI injection included)`,
      `ours ${spread(oursLoad!)}; the minimal content script's pill ${spread(minimalLoad!)} ` +
        `(target p95 ≤ 50 ms: ${percentile(oursLoad!, 0.95) <= 50 ? 'met' : 'NOT met'}; no slower than the minimal script at p95: ${percentile(oursLoad!, 0.95) <= percentile(minimalLoad!, 0.95) ? 'yes' : 'NO'})`,
    );

    // Pages that are no ticket: only the watcher runs (no ticket UI, no DOM observer).
    const nonTickets = [
      ['a repository code view', '/acme/platform', githubRepoCodePage('acme', 'platform')],
      ['an issue list', '/acme/platform/issues', githubIssueListPage('acme', 'platform')],
    ] as const;
    for (const [label, path, html] of nonTickets) {
      e2e.pages.page('github.com', path, html);
      const plain = { ours: [] as MainThread[], minimal: [] as MainThread[], without: [] as MainThread[] };
      for (let run = 0; run < RUNS; run++) {
        plain.ours.push(await loadAndMeasure(ours, `https://github.com${path}`, loaded));
        plain.minimal.push(await loadAndMeasure(minimal, `https://github.com${path}`, loaded));
        plain.without.push(await loadAndMeasure(without, `https://github.com${path}`, loaded));
      }
      const oursAdded = script(plain.ours) - script(plain.without);
      const minimalAdded = script(plain.minimal) - script(plain.without);
      e2e.figure(
        `main-thread JS on ${label} (no ticket; median of ${RUNS} loads each)`,
        `page alone: JS ${script(plain.without).toFixed(1)} ms; with the extension: JS ${signed(oursAdded)}; the minimal content script: JS ${signed(minimalAdded)}; ` +
          `ours beyond the minimal one: ${signed(oursAdded - minimalAdded)} (target ≤ +1 ms: ${oursAdded - minimalAdded <= 1 ? 'met' : 'NOT met'})`,
      );
    }
  },
};
