/** PostgreSQL half of `DetectionHealthStore` (see detection-health.ts). */
import type pg from 'pg';
import { detectionHealthTable, gatherTotals, type DetectionHealthStore } from './detection-health';
import { inTransaction } from './postgres-sql';

/** Appended to `POSTGRES_MIGRATIONS`. */
export const POSTGRES_DETECTION_HEALTH_MIGRATION = detectionHealthTable('', 'BIGINT');

const UPSERT = `INSERT INTO detection_health (install_id, day, tracker, title_pages, status_pages, empty_chains, version, received_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (install_id, day, tracker) DO UPDATE SET
    title_pages = excluded.title_pages, status_pages = excluded.status_pages, empty_chains = excluded.empty_chains,
    version = excluded.version, received_at = excluded.received_at
  WHERE excluded.title_pages + excluded.status_pages >= detection_health.title_pages + detection_health.status_pages`;

export function createPostgresDetectionHealthStore(pool: pg.Pool): DetectionHealthStore {
  return {
    saveDetectionHealth: (rows, receivedAt, oldestDay) =>
      inTransaction(pool, async (client) => {
        for (const row of rows) {
          await client.query(UPSERT, [row.installId, row.day, row.tracker, row.title, row.status, JSON.stringify(row.emptyChains), row.version ?? null, receivedAt]);
        }
        await client.query('DELETE FROM detection_health WHERE day < $1', [oldestDay]);
        return rows.length;
      }),
    detectionHealth: async (sinceDay) => {
      const [totals, chains, versions] = await Promise.all([
        pool.query(
          `SELECT day, tracker, SUM(title_pages) AS "titlePages", SUM(status_pages) AS "statusPages", COUNT(*) AS installs
           FROM detection_health WHERE day >= $1 GROUP BY day, tracker`,
          [sinceDay],
        ),
        pool.query(
          `SELECT day, tracker, chain.key AS chain, SUM(chain.value::integer) AS pages
           FROM detection_health, jsonb_each_text(detection_health.empty_chains::jsonb) AS chain WHERE day >= $1 GROUP BY day, tracker, chain.key`,
          [sinceDay],
        ),
        pool.query(`SELECT DISTINCT day, tracker, version FROM detection_health WHERE day >= $1 AND version IS NOT NULL ORDER BY version`, [sinceDay]),
      ]);
      return gatherTotals(totals.rows, chains.rows, versions.rows);
    },
  };
}
