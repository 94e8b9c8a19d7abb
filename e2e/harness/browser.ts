/**
 * Real Chromium (the system's, through playwright-core: no browser download) with the built
 * extension loaded, every tracker host name mapped to the loopback page server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { waitFor } from './wait';

export const TRACKER_HOSTS = ['github.com', 'acme.atlassian.net', 'gitlab.com', 'gitlab.internal.example', 'pm.internal.example'] as const;

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** `http://127.0.0.1:8787` → `http://127.0.0.1/*`: the extension asks per host, without port. */
const hostPattern = (origin: string) => {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
};

export interface LaunchOptions {
  /** Reuse a profile (a browser restart); a fresh temporary one by default. */
  profileDir?: string;
  pagePort: number;
  /** Absolute path of the unpacked build; omit for a browser without the extension (baselines). */
  extensionDir?: string;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  profileDir: string;
  /** Empty when launched without the extension. */
  extensionId: string;
  /** The extension's service worker, woken up if Chromium stopped it. */
  worker(): Promise<Worker>;
  /** Opens `chrome-extension://<id>/<path>` in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  /**
   * Pre-approves an origin the way a user does on chrome://extensions (the extension's "Site
   * access"). Headless Chromium cannot show the permission dialog, so without this a real
   * `permissions.request` would wait forever; with it, Chromium sees the origin as already
   * granted by the user and resolves the extension's own request with `true` without a dialog.
   */
  preApproveOrigin(origin: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchBrowser(options: LaunchOptions): Promise<ExtensionBrowser> {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'sf-e2e-profile-'));
  const hostRules = [...TRACKER_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${options.pagePort}`), 'EXCLUDE localhost'].join(', ');
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--host-resolver-rules=${hostRules}`,
  ];
  if (options.extensionDir) args.push(`--disable-extensions-except=${options.extensionDir}`, `--load-extension=${options.extensionDir}`);

  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROME_PATH,
    headless: true,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
    args,
  });
  try {
    let extensionId = '';
    if (options.extensionDir) {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
      extensionId = new URL(worker.url()).host;
    }
    const extensionOrigin = `chrome-extension://${extensionId}`;

    const openExtensionPage = async (path: string) => {
      const page = await context.newPage();
      await page.goto(`${extensionOrigin}/${path}`);
      return page;
    };

    const worker = async (): Promise<Worker> => {
      const running = context.serviceWorkers().find((candidate) => candidate.url().startsWith(extensionOrigin));
      if (running) return running;
      // Any extension page wakes the worker up; the popup is always there.
      const waking = context.waitForEvent('serviceworker', { timeout: 10_000 });
      const page = await openExtensionPage('popup.html');
      try {
        return await waking;
      } finally {
        await page.close();
      }
    };

    const preApproveOrigin = async (origin: string) => {
      const page = await context.newPage();
      try {
        // The API is bound as soon as the document commits; no need to wait for the heavy UI.
        await page.goto(`chrome://extensions/?id=${extensionId}`, { waitUntil: 'commit' });
        await page.waitForFunction(() => typeof (globalThis as any).chrome?.developerPrivate?.addHostPermission === 'function');
        await page.evaluate(
          ([id, pattern]) => (globalThis as any).chrome.developerPrivate.addHostPermission(id, pattern) as Promise<void>,
          [extensionId, hostPattern(origin)] as const,
        );
      } finally {
        await page.close();
      }
    };

    return {
      context,
      profileDir,
      extensionId,
      worker,
      openExtensionPage,
      preApproveOrigin,
      close: () => context.close(),
    };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** Reads a `browser.storage.local` key through the extension's worker. */
export async function readStorage(browser: ExtensionBrowser, key: string): Promise<unknown> {
  const worker = await browser.worker();
  return worker.evaluate(async (name) => (await (globalThis as any).chrome.storage.local.get(name))[name], key);
}

/** The toolbar badge text of the extension (what the user sees on the icon). */
export async function toolbarBadgeText(browser: ExtensionBrowser): Promise<string> {
  const worker = await browser.worker();
  return worker.evaluate(() => (globalThis as any).chrome.action.getBadgeText({}) as Promise<string>);
}

export { waitFor };
