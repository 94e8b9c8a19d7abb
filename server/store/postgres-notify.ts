/**
 * PostgreSQL half of `NotifyStore` (see notify.ts): events queued inside the rating's
 * transaction, and a leased delivery queue claimed with `FOR UPDATE SKIP LOCKED`, so two
 * instances never hold the same row.
 */
import type pg from 'pg';
import type { Rating } from '../../utils/contracts/schema';
import type { DeliveryRow, EventsFor, NewEvent, NotifyStore, PreviousRating } from './notify';

type Queryable = pg.Pool | pg.PoolClient;

const DELIVERY_COLUMNS = `d.id, d.event_id AS "eventId", e.type AS "eventType", e.service_id AS "serviceId",
  d.target_key AS "targetKey", e.payload, e.created_at AS "eventCreatedAt", d.state, d.attempts,
  d.next_attempt_at AS "nextAttemptAt", d.last_status AS "lastStatus", d.last_error AS "lastError", d.delivered_at AS "deliveredAt"`;

/**
 * `extend`: an edit that newly qualifies for another target joins the existing event (same id),
 * and (event, target) is unique, so no target ever hears of the same rating twice.
 */
async function queue(db: Queryable, event: NewEvent, extend: boolean): Promise<boolean> {
  if (event.targets.length === 0) return false;
  const inserted = await db.query(
    `INSERT INTO notify_events (id, type, service_id, dedupe_key, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [event.id, event.type, event.serviceId, event.dedupeKey, event.payload, event.createdAt],
  );
  let eventId = event.id;
  if (inserted.rowCount === 0) {
    if (!extend) return false;
    const found = await db.query<{ id: string }>('SELECT id FROM notify_events WHERE dedupe_key = $1', [event.dedupeKey]);
    eventId = found.rows[0]!.id;
  }
  await db.query(
    `INSERT INTO notify_deliveries (event_id, target_key, state, next_attempt_at)
     SELECT $1, target, 'pending', $3 FROM unnest($2::text[]) AS target ON CONFLICT DO NOTHING`,
    [eventId, event.targets, event.createdAt],
  );
  return true;
}

export function createPostgresNotify(pool: pg.Pool, eventsFor: EventsFor | undefined) {
  const store: NotifyStore = {
    addEvent: async (event) => {
      // Its own transaction: the event and its deliveries appear together or not at all.
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const queued = await queue(client, event, false);
        await client.query('COMMIT');
        return queued;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    claimDeliveries: async (owner, now, leaseMs, limit) => {
      const { rows } = await pool.query<DeliveryRow>(
        `WITH due AS (
           SELECT id FROM notify_deliveries
           WHERE (state = 'pending' AND next_attempt_at <= $2) OR (state = 'delivering' AND lease_until < $2)
           ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED),
         claimed AS (
           UPDATE notify_deliveries d SET state = 'delivering', lease_owner = $1, lease_until = $2 + $3, attempts = attempts + 1
           FROM due WHERE d.id = due.id RETURNING d.*)
         SELECT ${DELIVERY_COLUMNS} FROM claimed d JOIN notify_events e ON e.id = d.event_id ORDER BY d.next_attempt_at, d.id`,
        [owner, now, leaseMs, limit],
      );
      return rows;
    },
    settleDelivery: async (id, owner, outcome) => {
      const result = await pool.query(
        `UPDATE notify_deliveries SET state = $3, next_attempt_at = COALESCE($4, next_attempt_at),
           last_status = $5, last_error = $6, delivered_at = $7, lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND lease_owner = $2 AND state = 'delivering'`,
        [
          id,
          owner,
          outcome.state,
          outcome.state === 'pending' ? outcome.nextAttemptAt : null,
          outcome.status,
          outcome.state === 'delivered' ? null : outcome.error,
          outcome.state === 'delivered' ? outcome.at : null,
        ],
      );
      return result.rowCount === 1;
    },
    listDeliveries: async ({ state, limit }) => {
      const { rows } = await pool.query<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM notify_deliveries d JOIN notify_events e ON e.id = d.event_id
         WHERE ($1::text IS NULL OR d.state = $1) ORDER BY d.id DESC LIMIT $2`,
        [state ?? null, limit],
      );
      return rows;
    },
    retryDelivery: async (id, now) =>
      (await pool.query(`UPDATE notify_deliveries SET state = 'pending', next_attempt_at = $1, last_error = NULL WHERE id = $2 AND state = 'failed'`, [now, id]))
        .rowCount === 1,
  };

  /** Runs inside the save transaction: the events commit (or roll back) with the rating. */
  const onSaved = async (client: pg.PoolClient, rating: Rating, previous: PreviousRating | null, now: number) => {
    if (!eventsFor) return;
    for (const event of eventsFor(rating, previous, now)) await queue(client, event, true);
  };
  /** Whether storing this rating as new queues an event for some target (then it needs the save transaction). */
  const raisesEvent = (rating: Rating) => eventsFor !== undefined && eventsFor(rating, null, 0).some((event) => event.targets.length > 0);
  return { store, onSaved, raisesEvent };
}
