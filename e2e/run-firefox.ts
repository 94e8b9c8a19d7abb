/**
 * End-to-end run on Firefox ESR: builds the Firefox extension (`npm run build:firefox`), starts
 * the same loopback HTTPS page server and real backend as the Chromium run, and runs the Firefox
 * scenarios one after the other, each in a fresh headless `firefox-esr` with the build installed
 * as a temporary add-on. Fails a scenario when Firefox logs a blocked eval or an error from the
 * extension. Prints `✓ name (ms)` / `✗ name: error` and `N passed, N failed`.
 * `npm run test:e2e:firefox -- <text>` runs only the scenarios whose name starts with (else contains) <text>.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startBackendWith } from './harness/backend';
import { runGuarded } from './harness/run-guard';
import { TRACKER_HOSTS } from './harness/browser';
import { makeCertificate } from './harness/certificate';
import { FIREFOX_PATH, geckoId, launchFirefox, type Firefox } from './harness/firefox/browser';
import { builtMessages } from './harness/messages';
import { startPageServer } from './harness/page-server';
import { withTimeout } from './harness/wait';
import { firefoxScenarios, type FirefoxE2E } from './scenarios/firefox';

const ROOT = resolve(import.meta.dirname, '..');
const PREBUILT_DIR = process.env.E2E_FIREFOX_EXTENSION_DIR ? resolve(process.env.E2E_FIREFOX_EXTENSION_DIR) : undefined;
const BUILD_DIR = PREBUILT_DIR ?? join(ROOT, '.output', 'firefox-mv3');
/** A private copy, so a build started meanwhile cannot pull files from under Firefox. */
const EXTENSION_DIR = join(mkdtempSync(join(tmpdir(), 'sf-e2e-firefox-extension-')), 'firefox-mv3');
const RUN_LIMIT_MS = 170_000;
const SCENARIO_LIMIT_MS = 45_000;
/** What Firefox prints when the extension breaks: a CSP-blocked eval, or an uncaught error in its code. */
const EXTENSION_TROUBLE = /Content-Security-Policy|call to (eval|Function)\(\) blocked|JavaScript error: moz-extension:/;

const tally = { passed: 0, failed: 0 };

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const where = error.stack?.split('\n').find((line) => line.includes('/e2e/scenarios/') || line.includes('/e2e/harness/firefox/'))?.trim();
  return where ? `${error.message}\n    ${where}` : error.message;
}

async function main(): Promise<number> {
  const started = Date.now();
  if (!existsSync(FIREFOX_PATH)) throw new Error(`no Firefox at ${FIREFOX_PATH} (apt-get install firefox-esr, or set FIREFOX_PATH)`);
  const filter = process.argv[2];
  const byPrefix = filter ? firefoxScenarios.filter((scenario) => scenario.name.startsWith(filter)) : [];
  const selected = !filter ? firefoxScenarios : byPrefix.length > 0 ? byPrefix : firefoxScenarios.filter((scenario) => scenario.name.includes(filter));
  if (selected.length === 0) throw new Error(`no Firefox scenario name contains "${filter}"`);

  if (!PREBUILT_DIR) execFileSync('npm', ['run', 'build:firefox'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  cpSync(BUILD_DIR, EXTENSION_DIR, { recursive: true });
  const message = builtMessages(EXTENSION_DIR);
  const extensionId = geckoId(EXTENSION_DIR);
  const certDir = mkdtempSync(join(tmpdir(), 'sf-e2e-cert-'));
  const pages = await startPageServer(makeCertificate(certDir, TRACKER_HOSTS));
  try {
    for (const scenario of selected) {
      const scenarioStart = Date.now();
      const disposers: Array<() => Promise<unknown> | unknown> = [];
      const browsers: Firefox[] = [];
      const e2e: FirefoxE2E = {
        pages,
        message,
        extensionId,
        defer: (cleanUp) => disposers.push(cleanUp),
        backend: async (options) => {
          const backend = await startBackendWith(options);
          disposers.push(() => backend.dispose());
          return backend;
        },
        launch: async () => {
          const firefox = await launchFirefox({ pagePort: pages.port, extensionDir: EXTENSION_DIR, extensionId });
          disposers.push(() => firefox.close());
          browsers.push(firefox);
          return firefox;
        },
      };
      pages.clear();
      try {
        await withTimeout(scenario.run(e2e), SCENARIO_LIMIT_MS, scenario.name);
        const trouble = browsers.flatMap((firefox) => firefox.output().split('\n')).filter((line) => EXTENSION_TROUBLE.test(line));
        if (trouble.length > 0) throw new Error(`Firefox logged trouble from the extension:\n      ${trouble.slice(0, 5).join('\n      ')}`);
        tally.passed++;
        console.log(`✓ ${scenario.name} (${Date.now() - scenarioStart} ms)`);
      } catch (error) {
        tally.failed++;
        console.log(`✗ ${scenario.name}: ${describeFailure(error)}`);
      } finally {
        for (const dispose of disposers.reverse()) {
          await withTimeout(Promise.resolve().then(dispose), 10_000, `cleanup of "${scenario.name}"`).catch((error: unknown) => {
            console.error(`  cleanup after "${scenario.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
          });
        }
      }
    }
  } finally {
    await pages.close();
    rmSync(certDir, { recursive: true, force: true });
  }
  console.log(`\nFirefox ESR total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  return tally.failed === 0 ? 0 : 1;
}

const removeExtensionCopy = () => rmSync(dirname(EXTENSION_DIR), { recursive: true, force: true });
runGuarded(main, { label: 'Firefox e2e', limitMs: RUN_LIMIT_MS, tally, cleanUp: removeExtensionCopy });
