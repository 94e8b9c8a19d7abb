/**
 * The notification part of the `Store` contract: events written with the rating that caused them
 * (or a weekly digest), and a durable delivery queue with leases so that a crashed server's
 * rows come back and two instances never hold the same row.
 */
import type { Rating } from '../../utils/contracts/schema';

/** An event to queue, one delivery per target key. `dedupeKey` is unique: the same key never queues twice. */
export interface NewEvent {
  id: string;
  type: string;
  serviceId: string;
  dedupeKey: string;
  /** The event's JSON (`rating` snapshot or `digest`), rendered per provider when delivered. */
  payload: string;
  createdAt: number;
  targets: readonly string[];
}

/** What the stored row looked like before an edit; `null` for a new rating. */
export interface PreviousRating {
  overall: number;
  comment: string | null;
}

/** Called inside the save transaction for every inserted or edited rating. */
export type EventsFor = (rating: Rating, previous: PreviousRating | null, now: number) => NewEvent[];

export type DeliveryState = 'pending' | 'delivering' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: number;
  eventId: string;
  eventType: string;
  serviceId: string;
  targetKey: string;
  payload: string;
  eventCreatedAt: number;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: number | null;
}

export type DeliveryOutcome =
  | { state: 'delivered'; status: number; at: number }
  | { state: 'pending'; nextAttemptAt: number; status: number | null; error: string }
  | { state: 'failed'; status: number | null; error: string };

export interface NotifyStore {
  /** Queues an event outside a rating save (digests); false when its `dedupeKey` exists already. */
  addEvent(event: NewEvent): Promise<boolean>;
  /**
   * Leases up to `limit` due rows (pending and due, or delivering with an expired lease) to
   * `owner` until `now + leaseMs`, counting the attempt. One statement, so two instances never
   * both get a row.
   */
  claimDeliveries(owner: string, now: number, leaseMs: number, limit: number): Promise<DeliveryRow[]>;
  /** Records an attempt's outcome; false when `owner` no longer holds the lease. */
  settleDelivery(id: number, owner: string, outcome: DeliveryOutcome): Promise<boolean>;
  /** Newest first. */
  listDeliveries(filter: { state?: DeliveryState; limit: number }): Promise<DeliveryRow[]>;
  /** Puts a failed row back in the queue, due now; false when there is no failed row with that id. */
  retryDelivery(id: number, now: number): Promise<boolean>;
}
