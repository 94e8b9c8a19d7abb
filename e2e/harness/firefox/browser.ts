/**
 * Headless Firefox ESR (Debian's `firefox-esr`, or `FIREFOX_PATH`) with the Firefox build
 * installed as a temporary add-on, driven over Marionette. Every host name resolves to 127.0.0.1
 * and port 443 is sent to the page server's port, so tracker URLs keep their real names.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../wait';
import { Marionette } from './marionette';
import { Tab } from './tab';

export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** user.js: a quiet test profile, names to loopback, a fixed moz-extension host, no prompts. */
function userJs(prefs: Record<string, string | number | boolean>): string {
  return Object.entries(prefs).map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`).join('\n') + '\n';
}

export interface FirefoxLaunch {
  pagePort: number;
  extensionDir: string;
  extensionId: string;
}

export interface Firefox {
  marionette: Marionette;
  /** `moz-extension://<uuid>` of the installed add-on. */
  extensionOrigin: string;
  /** The window handle Marionette's commands go to now (tabs switch to theirs first). */
  current: string | undefined;
  /** A new, empty tab. */
  newTab(): Promise<Tab>;
  /**
   * Opens `moz-extension://<uuid>/<path>` in a new tab. Content-context navigation may not load
   * extension pages, so the load is started from chrome context with the system principal.
   */
  openExtensionPage(path: string): Promise<Tab>;
  /** Everything Firefox printed (content console lines included: `devtools.console.stdout.content`). */
  output(): string;
  close(): Promise<void>;
}

export async function launchFirefox(options: FirefoxLaunch): Promise<Firefox> {
  const profileDir = mkdtempSync(join(tmpdir(), 'sf-e2e-firefox-'));
  const marionettePort = await freePort();
  const uuid = randomUUID();
  writeFileSync(join(profileDir, 'user.js'), userJs({
    'marionette.port': marionettePort,
    'network.dns.forceResolve': '127.0.0.1',
    'network.socket.forcePort': `443=${options.pagePort}`,
    'extensions.webextensions.uuids': JSON.stringify({ [options.extensionId]: uuid }),
    'extensions.webextOptionalPermissionPrompts': false,
    'devtools.console.stdout.content': true,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.page': 0,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'browser.aboutwelcome.enabled': false,
    'app.update.disabledForTesting': true,
    'extensions.update.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.newtabpage.enabled': false,
  }));
  let output = '';
  const child: ChildProcess = spawn(FIREFOX_PATH, ['--headless', '--marionette', '-remote-allow-system-access', '--no-remote', '--profile', profileDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const close = async () => {
    marionette?.close();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(profileDir, { recursive: true, force: true });
  };

  let marionette: Marionette | undefined;
  try {
    marionette = await Marionette.connect(marionettePort);
    await marionette.send('WebDriver:NewSession', { acceptInsecureCerts: true, pageLoadStrategy: 'normal' });
    await marionette.send('Addon:Install', { path: options.extensionDir, temporary: true });
    const client = marionette;
    const extensionOrigin = `moz-extension://${uuid}`;
    const inChrome = async <T>(script: string, ...args: unknown[]): Promise<T> => {
      await client.send('Marionette:SetContext', { value: 'chrome' });
      try {
        return await client.send<T>('WebDriver:ExecuteScript', { script, args });
      } finally {
        await client.send('Marionette:SetContext', { value: 'content' });
      }
    };
    const firefox: Firefox = {
      marionette: client,
      extensionOrigin,
      current: await client.send<string>('WebDriver:GetWindowHandle'),
      newTab: async () => {
        const { handle } = await client.send<{ handle: string }>('WebDriver:NewWindow', { type: 'tab', focus: true });
        await client.send('WebDriver:SwitchToWindow', { handle, focus: true });
        firefox.current = handle;
        return new Tab(firefox, handle);
      },
      openExtensionPage: async (path) => {
        const tab = await firefox.newTab();
        const url = `${extensionOrigin}/${path}`;
        await inChrome(`const browser = gBrowser.selectedBrowser;
          browser.fixupAndLoadURIString(arguments[0], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });`, url);
        await waitFor(async () => (await tab.url()) === url && (await tab.script<string>('return document.readyState')) === 'complete', { what: `${url} to load` });
        return tab;
      },
      output: () => output,
      close,
    };
    return firefox;
  } catch (error) {
    await close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output.slice(-2000)}`);
  }
}

/** The add-on id Firefox will know the build by (its manifest's gecko id). */
export function geckoId(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
  return id;
}

export { waitFor };
