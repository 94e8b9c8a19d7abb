/** What every scenario gets from the runner, and the shape of a scenario. */
import type { Backend, BackendOptions } from './backend';
import type { ExtensionBrowser } from './browser';
import type { Messages } from './messages';
import type { PageServer } from './page-server';

export interface E2E {
  pages: PageServer;
  /** English texts of the built extension: `message('options_save')`. */
  message: Messages;
  /** `test-results/` (git-ignored): screenshots go here. */
  resultsDir: string;
  /** Chromium with the extension (fresh profile unless given), closed after the scenario. */
  launch(options?: { profileDir?: string }): Promise<ExtensionBrowser>;
  /** Chromium without the extension (baselines for figures), closed after the scenario. */
  launchWithoutExtension(): Promise<ExtensionBrowser>;
  /** Chromium with another unpacked extension (baselines for figures), closed after the scenario. */
  launchWithOtherExtension(extensionDir: string): Promise<ExtensionBrowser>;
  /** The real backend on a fresh SQLite file, stopped after the scenario; `config` keys go over the example config, `testIdp` adds company sign-in. */
  backend(options?: BackendOptions): Promise<Backend>;
  /** Runs `dispose` after the scenario, pass or fail (newest first). */
  defer(dispose: () => Promise<unknown> | unknown): void;
  /** Prints a measured figure in the run's summary. */
  figure(label: string, value: string): void;
}

export interface Scenario {
  name: string;
  /** Per-scenario limit; the runner fails the scenario (and cleans up) when it is exceeded. */
  timeoutMs?: number;
  run(e2e: E2E): Promise<void>;
}
