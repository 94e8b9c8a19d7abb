/** PostgreSQL half of `CatalogueStore` (see catalogue.ts). */
import type pg from 'pg';
import type { CatalogueStore, CatalogueVersionRow } from './catalogue';
import { inTransaction } from './postgres-sql';

/** Appended to `POSTGRES_MIGRATIONS`. */
export const POSTGRES_CATALOGUE_MIGRATION = `CREATE TABLE catalogue_versions (
     version INTEGER PRIMARY KEY,
     body    TEXT NOT NULL,
     actor   TEXT NOT NULL,
     at      TEXT NOT NULL,
     note    TEXT
   );`;

const SELECT = 'SELECT version, body, actor, at, note FROM catalogue_versions';
// Any constant works; every instance takes the same transaction lock before judging `basedOn`.
const SAVE_LOCK = 0x63_61_74_6c;

export function createPostgresCatalogueStore(pool: pg.Pool): CatalogueStore {
  const latest = async (client: pg.Pool | pg.PoolClient) =>
    (await client.query<CatalogueVersionRow>(`${SELECT} ORDER BY version DESC LIMIT 1`)).rows[0] ?? null;
  return {
    latestCatalogue: () => latest(pool),
    catalogueVersion: async (version) => (await pool.query<CatalogueVersionRow>(`${SELECT} WHERE version = $1`, [version])).rows[0] ?? null,
    catalogueVersions: async (limit) => (await pool.query<CatalogueVersionRow>(`${SELECT} ORDER BY version DESC LIMIT $1`, [limit])).rows,
    saveCatalogue: (entry, basedOn) =>
      inTransaction(pool, async (client) => {
        // The check and the insert under one lock: two instances saving at once cannot both win.
        await client.query('SELECT pg_advisory_xact_lock($1)', [SAVE_LOCK]);
        const newest = (await latest(client))?.version ?? null;
        if (newest !== basedOn) return 'conflict' as const;
        const version = (newest ?? 0) + 1;
        await client.query('INSERT INTO catalogue_versions (version, body, actor, at, note) VALUES ($1, $2, $3, $4, $5)', [version, entry.body, entry.actor, entry.at, entry.note]);
        return version;
      }),
  };
}
