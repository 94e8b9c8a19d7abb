/**
 * End-to-end run: builds the extension, starts the loopback HTTPS page server (tracker hosts)
 * and runs every scenario in real Chromium, one after the other. Prints `✓ name (ms)` /
 * `✗ name: error`, the figures, and a last line `N passed, N failed`; exits non-zero on any
 * failure. `npm run test:e2e -- <text>` runs only the scenarios whose name starts with (else contains) <text>.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startBackendWith } from './harness/backend';
import { runGuarded } from './harness/run-guard';
import { launchBrowser, TRACKER_HOSTS, type ExtensionBrowser } from './harness/browser';
import { makeCertificate } from './harness/certificate';
import { builtMessages, type Messages } from './harness/messages';
import { startPageServer, type PageServer } from './harness/page-server';
import type { E2E, Scenario } from './harness/scenario';
import { withTimeout } from './harness/wait';
import { scenarios } from './scenarios';

const ROOT = resolve(import.meta.dirname, '..');
/** `E2E_EXTENSION_DIR` points at an already built extension (no build), e.g. one built from a clean checkout. */
const PREBUILT_DIR = process.env.E2E_EXTENSION_DIR ? resolve(process.env.E2E_EXTENSION_DIR) : undefined;
const BUILD_DIR = PREBUILT_DIR ?? join(ROOT, '.output', 'chrome-mv3');
/**
 * The run loads a private copy of the build: a `wxt build` or `wxt prepare` started meanwhile in
 * the same checkout empties `.output/` and would pull files from under the running browser.
 */
const EXTENSION_DIR = join(mkdtempSync(join(tmpdir(), 'sf-e2e-extension-')), 'chrome-mv3');
const RESULTS_DIR = join(ROOT, 'test-results');
/** The whole run (16 scenarios) must stay under 7 minutes on a 2-core machine; each scenario has its own limit below. */
const RUN_LIMIT_MS = 420_000;
const SCENARIO_LIMIT_MS = 45_000;

function build(): void {
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const output = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`);
    throw new Error('npm run build failed; the extension could not be built');
  }
}

const tally = { passed: 0, failed: 0 };

/** The message, and where in e2e/ it failed (not the whole stack: playwright's frames are noise). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frames = error.stack?.split('\n') ?? [];
  const where = (frames.find((line) => line.includes('/e2e/scenarios/')) ?? frames.find((line) => line.includes('/e2e/')))?.trim();
  return where ? `${error.message}\n    ${where}` : error.message;
}

async function runScenario(scenario: Scenario, pages: PageServer, message: Messages, figures: string[]): Promise<void> {
  const disposers: Array<() => Promise<unknown> | unknown> = [];
  const launched = (browser: ExtensionBrowser, ownsProfile: boolean) => {
    // Disposers run newest first: close every browser before deleting the profile it used.
    if (ownsProfile) disposers.push(() => rmSync(browser.profileDir, { recursive: true, force: true }));
    disposers.push(() => browser.close());
    return browser;
  };
  const e2e: E2E = {
    pages,
    message,
    resultsDir: RESULTS_DIR,
    launch: async (options = {}) => launched(await launchBrowser({ pagePort: pages.port, extensionDir: EXTENSION_DIR, ...options }), !options.profileDir),
    launchWithoutExtension: async () => launched(await launchBrowser({ pagePort: pages.port }), true),
    launchWithOtherExtension: async (extensionDir) => launched(await launchBrowser({ pagePort: pages.port, extensionDir }), true),
    backend: async (options) => {
      const backend = await startBackendWith(options);
      disposers.push(() => backend.dispose());
      return backend;
    },
    defer: (dispose) => void disposers.push(dispose),
    figure: (label, value) => void figures.push(`${label}: ${value}`),
  };
  pages.clear();
  try {
    await withTimeout(scenario.run(e2e), scenario.timeoutMs ?? SCENARIO_LIMIT_MS, scenario.name);
  } finally {
    for (const dispose of disposers.reverse()) {
      await withTimeout(Promise.resolve().then(dispose), 10_000, `cleanup of "${scenario.name}"`).catch((error: unknown) => {
        console.error(`  cleanup after "${scenario.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const filter = process.argv[2];
  // A name prefix ("4 ") picks one numbered scenario; otherwise any part of the name.
  const byPrefix = filter ? scenarios.filter((scenario) => scenario.name.startsWith(filter)) : [];
  const selected = !filter ? scenarios : byPrefix.length > 0 ? byPrefix : scenarios.filter((scenario) => scenario.name.includes(filter));
  if (selected.length === 0) throw new Error(`no scenario name contains "${filter}"`);

  if (!PREBUILT_DIR) build();
  cpSync(BUILD_DIR, EXTENSION_DIR, { recursive: true });
  const message = builtMessages(EXTENSION_DIR);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const certDir = mkdtempSync(join(tmpdir(), 'sf-e2e-cert-'));
  const pages = await startPageServer(makeCertificate(certDir, TRACKER_HOSTS));
  const figures: string[] = [];
  try {
    for (const scenario of selected) {
      const scenarioStart = Date.now();
      try {
        await runScenario(scenario, pages, message, figures);
        tally.passed++;
        console.log(`✓ ${scenario.name} (${Date.now() - scenarioStart} ms)`);
      } catch (error) {
        tally.failed++;
        console.log(`✗ ${scenario.name}: ${describeFailure(error)}`);
      }
    }
  } finally {
    await pages.close();
    rmSync(certDir, { recursive: true, force: true });
  }
  if (figures.length > 0) {
    // Figures move with the machine's load (2 shared cores): print it beside them.
    console.log(`\nFigures (load average ${loadavg().map((value) => value.toFixed(1)).join(' / ')})`);
    for (const line of figures) console.log(`  ${line}`);
  }
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  return tally.failed === 0 ? 0 : 1;
}

const removeExtensionCopy = () => rmSync(dirname(EXTENSION_DIR), { recursive: true, force: true });

runGuarded(main, { label: 'e2e', limitMs: RUN_LIMIT_MS, tally, cleanUp: removeExtensionCopy });
