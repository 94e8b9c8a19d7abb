/**
 * SQLite half of `NotifyStore` (see notify.ts): the events and deliveries tables, the hook the
 * rating save calls inside its transaction, and the leased queue.
 */
import type { Rating } from '../../utils/contracts/schema';
import type { DeliveryRow, EventsFor, NewEvent, NotifyStore, PreviousRating } from './notify';
import type { SqliteDatabase } from './sqlite';

/** Appended to `MIGRATIONS` in sqlite.ts. */
export const NOTIFY_MIGRATION = `CREATE TABLE notify_events (
     id          TEXT PRIMARY KEY,
     type        TEXT NOT NULL,
     service_id  TEXT NOT NULL,
     dedupe_key  TEXT NOT NULL UNIQUE,
     payload     TEXT NOT NULL,
     created_at  INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE notify_deliveries (
     id              INTEGER PRIMARY KEY,
     event_id        TEXT NOT NULL REFERENCES notify_events (id),
     target_key      TEXT NOT NULL,
     state           TEXT NOT NULL CHECK (state IN ('pending', 'delivering', 'delivered', 'failed')),
     attempts        INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL,
     lease_owner     TEXT,
     lease_until     INTEGER,
     last_status     INTEGER,
     last_error      TEXT,
     delivered_at    INTEGER,
     UNIQUE (event_id, target_key)
   ) STRICT;
   CREATE INDEX notify_deliveries_due ON notify_deliveries (state, next_attempt_at);`;

const SELECT_DELIVERY = `SELECT d.id, d.event_id AS eventId, e.type AS eventType, e.service_id AS serviceId,
  d.target_key AS targetKey, e.payload, e.created_at AS eventCreatedAt, d.state, d.attempts,
  d.next_attempt_at AS nextAttemptAt, d.last_status AS lastStatus, d.last_error AS lastError, d.delivered_at AS deliveredAt
  FROM notify_deliveries d JOIN notify_events e ON e.id = d.event_id`;

export function createNotifyParts(db: SqliteDatabase, eventsFor: EventsFor | undefined) {
  const insertEvent = db.prepare(`INSERT INTO notify_events (id, type, service_id, dedupe_key, payload, created_at)
    VALUES (@id, @type, @serviceId, @dedupeKey, @payload, @createdAt) ON CONFLICT (dedupe_key) DO NOTHING`);
  const insertDelivery = db.prepare(`INSERT INTO notify_deliveries (event_id, target_key, state, next_attempt_at)
    VALUES (?, ?, 'pending', ?) ON CONFLICT DO NOTHING`);
  const eventIdByKey = db.prepare('SELECT id FROM notify_events WHERE dedupe_key = ?').pluck();
  // `extend`: an edit that newly qualifies for another target joins the existing event (same id),
  // and (event, target) is unique, so no target ever hears of the same rating twice.
  const queue = (event: NewEvent, extend: boolean): boolean => {
    const { targets, ...row } = event;
    if (targets.length === 0) return false;
    let eventId = event.id;
    if (insertEvent.run(row).changes === 0) {
      if (!extend) return false;
      eventId = eventIdByKey.get(event.dedupeKey) as string;
    }
    for (const target of targets) insertDelivery.run(eventId, target, event.createdAt);
    return true;
  };
  const claimIds = db.prepare(`UPDATE notify_deliveries
    SET state = 'delivering', lease_owner = @owner, lease_until = @now + @leaseMs, attempts = attempts + 1
    WHERE id IN (SELECT id FROM notify_deliveries
      WHERE (state = 'pending' AND next_attempt_at <= @now) OR (state = 'delivering' AND lease_until < @now)
      ORDER BY next_attempt_at LIMIT @limit)
    RETURNING id`);
  const byId = db.prepare(`${SELECT_DELIVERY} WHERE d.id = ?`);
  const claim = db.transaction((owner: string, now: number, leaseMs: number, limit: number) =>
    (claimIds.all({ owner, now, leaseMs, limit }) as { id: number }[]).map(({ id }) => byId.get(id) as DeliveryRow),
  );
  const settle = db.prepare(`UPDATE notify_deliveries SET state = @state, next_attempt_at = COALESCE(@nextAttemptAt, next_attempt_at),
      last_status = @status, last_error = @error, delivered_at = @deliveredAt, lease_owner = NULL, lease_until = NULL
    WHERE id = @id AND lease_owner = @owner AND state = 'delivering'`);
  const listAll = db.prepare(`${SELECT_DELIVERY} WHERE (@state IS NULL OR d.state = @state) ORDER BY d.id DESC LIMIT @limit`);
  const retry = db.prepare(`UPDATE notify_deliveries SET state = 'pending', next_attempt_at = ?, last_error = NULL
    WHERE id = ? AND state = 'failed'`);

  const store: NotifyStore = {
    addEvent: async (event) => queue(event, false),
    claimDeliveries: async (owner, now, leaseMs, limit) => claim(owner, now, leaseMs, limit),
    settleDelivery: async (id, owner, outcome) =>
      settle.run({
        id,
        owner,
        state: outcome.state,
        nextAttemptAt: outcome.state === 'pending' ? outcome.nextAttemptAt : null,
        status: outcome.status,
        error: outcome.state === 'delivered' ? null : outcome.error,
        deliveredAt: outcome.state === 'delivered' ? outcome.at : null,
      }).changes === 1,
    listDeliveries: async ({ state, limit }) => listAll.all({ state: state ?? null, limit }) as DeliveryRow[],
    retryDelivery: async (id, now) => retry.run(now, id).changes === 1,
  };

  /** Runs inside the save transaction: the events commit (or roll back) with the rating. */
  const onSaved = (rating: Rating, previous: PreviousRating | null, now: number) => {
    if (!eventsFor) return;
    for (const event of eventsFor(rating, previous, now)) queue(event, true);
  };
  return { store, onSaved };
}
