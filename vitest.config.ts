import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['fake-indexeddb/auto', './test/setup/i18n.ts'],
    // Two cores here: a couple of workers keeps suites parallel but light.
    maxWorkers: 2,
    testTimeout: 15_000,
  },
});
