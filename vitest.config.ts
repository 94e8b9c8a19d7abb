import { configDefaults, defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Server tests that only make sense on one engine (SQLite's WAL file; several processes on one PostgreSQL).
// The delivery proof kills a server process on its own SQLite file: the queue's semantics are the
// store's, and once (45 s) is enough for CI.
const SQLITE_ONLY = ['test/server/store/wal.test.ts', 'test/server/store/sqlite-instances.test.ts', 'test/server/notify/delivery-proof.test.ts'];
const POSTGRES_ONLY = ['test/server/store/postgres*.test.ts'];

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    setupFiles: ['fake-indexeddb/auto', './test/setup/i18n.ts'],
    // Two cores here: a couple of workers keeps suites parallel but light.
    maxWorkers: 2,
    testTimeout: 15_000,
    // The whole server suite runs once per storage engine (test/server/helpers.ts reads SF_TEST_ENGINE);
    // the PostgreSQL project starts a throwaway cluster for the run (test/setup/postgres.ts).
    projects: [
      {
        extends: true,
        test: { name: 'app', include: ['test/**/*.test.{ts,tsx}'], exclude: [...configDefaults.exclude, 'test/server/**'] },
      },
      {
        extends: true,
        test: {
          name: 'server-sqlite',
          include: ['test/server/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...POSTGRES_ONLY],
          env: { SF_TEST_ENGINE: 'sqlite' },
        },
      },
      {
        extends: true,
        test: {
          name: 'server-postgres',
          include: ['test/server/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SQLITE_ONLY],
          env: { SF_TEST_ENGINE: 'postgres' },
          globalSetup: ['./test/setup/postgres.ts'],
        },
      },
    ],
  },
});
