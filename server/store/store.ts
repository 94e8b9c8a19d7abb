/**
 * The storage engine behind one interface. Routes and report logic use only `Store`; the engine
 * (SQLite today in `sqlite.ts`, PostgreSQL next) owns connections, migrations and SQL. Every
 * method is async so an engine with a network client fits without changing the routes.
 */
import type { Rating } from '../../utils/contracts/schema';

/** `not-owner`: the id is known but belongs to a rating from another rater. */
export type SaveOutcome = 'inserted' | 'updated' | 'duplicate' | 'not-owner';

/** Inclusive bounds on `ratedAt` in milliseconds since the epoch. */
export interface RatingFilter {
  service?: string;
  fromMs?: number;
  toMs?: number;
}

/** Sums per service; `report/query.ts` turns them into the numbers people read. */
export interface ServiceTotalsRow {
  serviceId: string | null;
  count: number;
  overallSum: number;
  satisfied: number;
  communicationSum: number | null;
  communicationCount: number;
  understandingSum: number | null;
  understandingCount: number;
  proactivenessSum: number | null;
  proactivenessCount: number;
  slaMet: number | null;
  slaKnown: number;
}

/** Sums per service and ISO week (`weekStart` is the Monday, `YYYY-MM-DD`, UTC). */
export interface WeekTotalsRow {
  serviceId: string | null;
  weekStart: string;
  count: number;
  overallSum: number;
  satisfied: number;
}

/** A stored rating as the report and the CSV read it: `tags` as JSON text, `slaMet` as 0/1. */
export interface StoredRating {
  id: string;
  serviceId: string | null;
  ticketKey: string;
  ticketUrl: string;
  tracker: string;
  origin: string;
  ticketTitle: string | null;
  overall: number;
  communication: number | null;
  understanding: number | null;
  proactiveness: number | null;
  tags: string;
  comment: string | null;
  rater: string | null;
  ratedAt: string;
  resolvedAt: string | null;
  slaMet: number | null;
}

export interface Store {
  /**
   * One transaction per batch: all of it is stored, or none of it. Idempotent by id: a new id is
   * inserted; the same id with a newer `ratedAt` from the same rater replaces the row (never its
   * rater); anything else leaves the row alone. One outcome per rating, in order.
   */
  save(ratings: readonly Rating[], receivedAt: number): Promise<SaveOutcome[]>;
  totals(filter: RatingFilter): Promise<ServiceTotalsRow[]>;
  /** Ordered by `weekStart`. */
  weeks(filter: RatingFilter): Promise<WeekTotalsRow[]>;
  /** Ratings with a non-empty comment, newest `ratedAt` first (then by id), at most `limit`. */
  latestComments(filter: RatingFilter, limit: number): Promise<StoredRating[]>;
  /** Every matching rating, oldest `ratedAt` first (then by id). */
  list(filter: RatingFilter): Promise<StoredRating[]>;
  count(): Promise<number>;
  /** Throws when the engine cannot answer (for `GET /v1/health`). */
  ping(): Promise<void>;
  /** Finishes background work (checkpoints) and closes the connection. */
  close(): Promise<void>;
}
