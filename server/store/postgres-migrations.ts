/**
 * PostgreSQL schema, as numbered migrations recorded in `schema_version` (the same tables and
 * columns as the SQLite engine; booleans stay 0/1 integers so both engines answer alike).
 * `migratePostgres` holds an advisory lock while it runs, so two instances starting at once on
 * one database apply each migration exactly once.
 */
import type { Pool } from 'pg';
import { POSTGRES_AUTH_MIGRATION } from './postgres-auth';
import { POSTGRES_CATALOGUE_MIGRATION } from './postgres-catalogue';
import { POSTGRES_DETECTION_HEALTH_MIGRATION } from './postgres-detection-health';
import { RATE_LIMIT_MIGRATION } from './rate-limits';
import { RATING_DAYS_MIGRATION } from './rating-days';

/** Append only: never edit a migration that has shipped, add the next one. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // Ids sort byte-wise ("C"), as in SQLite, so keyset pages and ties order alike on both engines.
  `CREATE TABLE ratings (
     id            TEXT COLLATE "C" PRIMARY KEY,
     service_id    TEXT,
     ticket_key    TEXT NOT NULL,
     ticket_url    TEXT NOT NULL,
     tracker       TEXT NOT NULL,
     origin        TEXT NOT NULL,
     ticket_title  TEXT,
     overall       INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
     communication INTEGER CHECK (communication BETWEEN 1 AND 5),
     understanding INTEGER CHECK (understanding BETWEEN 1 AND 5),
     proactiveness INTEGER CHECK (proactiveness BETWEEN 1 AND 5),
     tags          TEXT NOT NULL DEFAULT '[]',
     comment       TEXT,
     rater         TEXT,
     rated_at      TEXT NOT NULL,
     rated_at_ms   BIGINT NOT NULL,
     resolved_at   TEXT,
     sla_met       INTEGER CHECK (sla_met IN (0, 1)),
     received_at   BIGINT NOT NULL
   );
   -- Keyset order of the export and the inbox, per service and across services; the per-service
   -- one also carries the scores, so the report's sums can be index-only scans.
   CREATE INDEX ratings_by_service_time ON ratings (service_id, rated_at_ms, id)
     INCLUDE (overall, communication, understanding, proactiveness, sla_met);
   CREATE INDEX ratings_by_time ON ratings (rated_at_ms, id);`,
  `CREATE TABLE follow_ups (
     rating_id  TEXT PRIMARY KEY,
     state      TEXT NOT NULL CHECK (state IN ('new', 'acknowledged', 'replied', 'resolved')),
     updated_at TEXT NOT NULL,
     updated_by TEXT NOT NULL
   );
   CREATE TABLE replies (
     seq          BIGINT GENERATED ALWAYS AS IDENTITY,
     id           TEXT PRIMARY KEY,
     rating_id    TEXT NOT NULL,
     text         TEXT NOT NULL,
     author_name  TEXT NOT NULL,
     author_email TEXT,
     at           TEXT NOT NULL
   );
   CREATE INDEX replies_by_rating ON replies (rating_id, at);
   CREATE TABLE answers (
     rating_id TEXT PRIMARY KEY,
     resolved  INTEGER NOT NULL CHECK (resolved IN (0, 1)),
     comment   TEXT,
     at        TEXT NOT NULL
   );
   CREATE TABLE audit_log (
     id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     rating_id  TEXT,
     service_id TEXT,
     action     TEXT NOT NULL,
     detail     TEXT,
     actor      TEXT NOT NULL,
     at         TEXT NOT NULL
   );
   CREATE INDEX audit_by_rating ON audit_log (rating_id);
   CREATE TABLE improvements (
     seq          BIGINT GENERATED ALWAYS AS IDENTITY,
     id           TEXT PRIMARY KEY,
     service_id   TEXT NOT NULL,
     text         TEXT NOT NULL,
     author_name  TEXT NOT NULL,
     author_email TEXT,
     at           TEXT NOT NULL,
     at_ms        BIGINT NOT NULL
   );
   CREATE INDEX improvements_by_service_time ON improvements (service_id, at_ms);`,
  `CREATE TABLE notify_events (
     id          TEXT PRIMARY KEY,
     type        TEXT NOT NULL,
     service_id  TEXT NOT NULL,
     dedupe_key  TEXT NOT NULL UNIQUE,
     payload     TEXT NOT NULL,
     created_at  BIGINT NOT NULL
   );
   CREATE TABLE notify_deliveries (
     id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     event_id        TEXT NOT NULL REFERENCES notify_events (id),
     target_key      TEXT NOT NULL,
     state           TEXT NOT NULL CHECK (state IN ('pending', 'delivering', 'delivered', 'failed')),
     attempts        INTEGER NOT NULL DEFAULT 0,
     next_attempt_at BIGINT NOT NULL,
     lease_owner     TEXT,
     lease_until     BIGINT,
     last_status     INTEGER,
     last_error      TEXT,
     delivered_at    BIGINT,
     UNIQUE (event_id, target_key)
   );
   CREATE INDEX notify_deliveries_due ON notify_deliveries (state, next_attempt_at);`,
  POSTGRES_CATALOGUE_MIGRATION,
  // Sign-in (issue 15): sessions, logins, codes, personal tokens, secrets; ratings.rater_key and verified.
  POSTGRES_AUTH_MIGRATION,
  // Detection health (issue 17): daily miss counts per install-day id and tracker.
  POSTGRES_DETECTION_HEALTH_MIGRATION,
  // Rate limits shared by every instance on the database: one GCRA row per caller key (rate-limits.ts).
  RATE_LIMIT_MIGRATION,
  // The report's per-service, per-UTC-day sums (rating-days.ts), filled from the ratings stored so far.
  RATING_DAYS_MIGRATION,
];

/** Any constant works; it only has to be the same for every instance of this server. */
const MIGRATION_LOCK = 0x5f_66_62_6b;

/** Applies the missing migrations (each in its own transaction) under a session advisory lock. */
export async function migratePostgres(pool: Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_version');
      const current = rows[0]?.version ?? 0;
      if (current > POSTGRES_MIGRATIONS.length) {
        throw new Error(`database schema version ${current} is newer than this server knows (${POSTGRES_MIGRATIONS.length})`);
      }
      for (let version = current + 1; version <= POSTGRES_MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(POSTGRES_MIGRATIONS[version - 1]!);
          await client.query('INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)', [version, new Date().toISOString()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return POSTGRES_MIGRATIONS.length;
}
