/** SQLite half of `DetectionHealthStore` (see detection-health.ts). */
import type { DetectionHealthRow } from '../../utils/contracts/detection-health';
import { detectionHealthTable, gatherTotals, type DetectionHealthStore } from './detection-health';
import type { SqliteDatabase } from './sqlite';

/** Appended to `MIGRATIONS` in sqlite.ts. */
export const DETECTION_HEALTH_MIGRATION = detectionHealthTable(' STRICT', 'INTEGER');

export function createDetectionHealthStore(db: SqliteDatabase): DetectionHealthStore {
  const upsert = db.prepare(`INSERT INTO detection_health (install_id, day, tracker, title_pages, status_pages, empty_chains, version, received_at)
     VALUES (@installId, @day, @tracker, @title, @status, @emptyChains, @version, @receivedAt)
     ON CONFLICT (install_id, day, tracker) DO UPDATE SET
       title_pages = excluded.title_pages, status_pages = excluded.status_pages, empty_chains = excluded.empty_chains,
       version = excluded.version, received_at = excluded.received_at
     WHERE excluded.title_pages + excluded.status_pages >= detection_health.title_pages + detection_health.status_pages`);
  const prune = db.prepare('DELETE FROM detection_health WHERE day < ?');
  const save = db.transaction((rows: readonly DetectionHealthRow[], receivedAt: number, oldestDay: string) => {
    for (const row of rows) {
      upsert.run({ installId: row.installId, day: row.day, tracker: row.tracker, title: row.title, status: row.status, emptyChains: JSON.stringify(row.emptyChains), version: row.version ?? null, receivedAt });
    }
    prune.run(oldestDay);
    return rows.length;
  });
  const totals = db.prepare(`SELECT day, tracker, SUM(title_pages) AS titlePages, SUM(status_pages) AS statusPages, COUNT(*) AS installs
     FROM detection_health WHERE day >= ? GROUP BY day, tracker`);
  const chains = db.prepare(`SELECT day, tracker, chain.key AS chain, SUM(chain.value) AS pages
     FROM detection_health, json_each(detection_health.empty_chains) AS chain WHERE day >= ? GROUP BY day, tracker, chain.key`);
  const versions = db.prepare(`SELECT DISTINCT day, tracker, version FROM detection_health WHERE day >= ? AND version IS NOT NULL ORDER BY version`);
  return {
    saveDetectionHealth: async (rows, receivedAt, oldestDay) => save.immediate(rows, receivedAt, oldestDay),
    detectionHealth: async (sinceDay) =>
      gatherTotals(totals.all(sinceDay) as never[], chains.all(sinceDay) as never[], versions.all(sinceDay) as never[]),
  };
}
