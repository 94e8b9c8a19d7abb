/**
 * vitest globalSetup of the `server-postgres` project: one throwaway PostgreSQL cluster for the
 * run (see postgres-cluster.ts), stopped when the run ends. Each test server gets its own fresh
 * database on it (test/server/helpers.ts `freshDatabase`).
 */
import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { adminUrl: string; urlOf: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgresCluster();
  project.provide('postgres', { adminUrl: cluster.adminUrl, urlOf: cluster.urlOf('{name}') });
  return () => cluster.stop();
}
