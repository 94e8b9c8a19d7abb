/**
 * Picks the engine from the database setting: `postgres://` or `postgresql://` → PostgreSQL,
 * anything else (a path, `file:` URL or `:memory:`) → the SQLite file (the default).
 */
import type { EventsFor } from './notify';
import { openPostgresStore } from './postgres';
import { isPostgresUrl } from './postgres-sql';
import { databasePathFromUrl, openSqliteStore } from './sqlite';
import type { Store } from './store';

export { isPostgresUrl };

export interface OpenStoreOptions {
  eventsFor?: EventsFor;
  /** SQLite only: where checkpoint failures are reported. */
  onCheckpointError?: (message: string) => void;
}

export async function openStore(database: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(database)) return openPostgresStore(database, { eventsFor: options.eventsFor });
  return openSqliteStore(databasePathFromUrl(database), options);
}

/** The setting as it may be logged: a PostgreSQL URL without its password. */
export function describeDatabase(database: string): string {
  if (!isPostgresUrl(database)) return databasePathFromUrl(database);
  const url = new URL(database);
  if (url.password) url.password = '***';
  return url.toString();
}
