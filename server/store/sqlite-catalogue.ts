/** SQLite half of `CatalogueStore` (see catalogue.ts). */
import type { CatalogueStore, CatalogueVersionRow } from './catalogue';
import type { SqliteDatabase } from './sqlite';

/** Appended to `MIGRATIONS` in sqlite.ts. */
export const CATALOGUE_MIGRATION = `CREATE TABLE catalogue_versions (
     version INTEGER PRIMARY KEY,
     body    TEXT NOT NULL,
     actor   TEXT NOT NULL,
     at      TEXT NOT NULL,
     note    TEXT
   ) STRICT;`;

export function createCatalogueStore(db: SqliteDatabase): CatalogueStore {
  const columns = 'version, body, actor, at, note';
  const latest = db.prepare(`SELECT ${columns} FROM catalogue_versions ORDER BY version DESC LIMIT 1`);
  const one = db.prepare(`SELECT ${columns} FROM catalogue_versions WHERE version = ?`);
  const list = db.prepare(`SELECT ${columns} FROM catalogue_versions ORDER BY version DESC LIMIT ?`);
  const insert = db.prepare('INSERT INTO catalogue_versions (version, body, actor, at, note) VALUES (@version, @body, @actor, @at, @note)');
  // IMMEDIATE: the check and the insert hold the write lock together, so two instances cannot both win.
  const save = db.transaction((entry: Omit<CatalogueVersionRow, 'version'>, basedOn: number | null): number | 'conflict' => {
    const newest = (latest.get() as CatalogueVersionRow | undefined)?.version ?? null;
    if (newest !== basedOn) return 'conflict';
    const version = (newest ?? 0) + 1;
    insert.run({ ...entry, version });
    return version;
  });
  return {
    latestCatalogue: async () => (latest.get() as CatalogueVersionRow | undefined) ?? null,
    catalogueVersion: async (version) => (one.get(version) as CatalogueVersionRow | undefined) ?? null,
    catalogueVersions: async (limit) => list.all(limit) as CatalogueVersionRow[],
    saveCatalogue: async (entry, basedOn) => save.immediate(entry, basedOn),
  };
}
