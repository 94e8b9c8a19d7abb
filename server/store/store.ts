/**
 * The storage engine behind one interface. Routes and report logic use only `Store`; the engine
 * (SQLite in `sqlite.ts`, PostgreSQL in `postgres.ts`; `open.ts` picks one) owns connections, migrations and SQL. Every
 * method is async so an engine with a network client fits without changing the routes.
 */
import type { Rating } from '../../utils/contracts/schema';
import type { AuthStore } from './auth';
import type { CatalogueStore } from './catalogue';
import type { DetectionHealthStore } from './detection-health';
import type { NotifyStore } from './notify';
import type { RateLimitStore } from './rate-limits';

/**
 * `not-owner`: the id is known but belongs to a rating from another rater. `conflict`: the same
 * rater and an equal `ratedAt`, but different content (the stored row is kept).
 */
export type SaveOutcome = 'inserted' | 'updated' | 'duplicate' | 'conflict' | 'not-owner';

/**
 * How a batch came in (issue 15): `raterKey` a keyed hash of the signed-in person (null through a
 * shared token), `verified` whether a personal token sent it. Stored with a new rating, never
 * changed by an edit; an edit must come with the same `rater` and the same `raterKey`.
 */
export interface RatingSource {
  raterKey: string | null;
  verified: boolean;
}

/** Inclusive bounds on `ratedAt` in milliseconds since the epoch. */
export interface RatingFilter {
  service?: string;
  fromMs?: number;
  toMs?: number;
}

export interface SumOptions {
  /** Sum the ratings themselves, never the per-day pre-aggregate. */
  fromRows?: boolean;
}

/** Where a keyset page starts: `ratedAt` in milliseconds, then the id. */
export interface RatingKey {
  ms: number;
  id: string;
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
  /** 1 through a personal token, 0 through a shared token, null before sign-in existed. */
  verified: number | null;
}

/** Notifications (events and the delivery queue), the catalogue, sign-in and rate limits are their own blocks: see `notify.ts`, `catalogue.ts`, `auth.ts`, `rate-limits.ts`. */
export interface Store extends LoopStore, NotifyStore, CatalogueStore, AuthStore, DetectionHealthStore, RateLimitStore {
  /**
   * One transaction per batch: all of it is stored, or none of it. Idempotent by id: a new id is
   * inserted; the same id with a newer `ratedAt` from the same rater replaces the row (never its
   * rater and `source.raterKey`); anything else leaves the row alone. Ids arrive lower-cased. One
   * outcome per rating, in order. Without `source`: `{ raterKey: null, verified: false }`.
   */
  save(ratings: readonly Rating[], receivedAt: number, source?: RatingSource): Promise<SaveOutcome[]>;
  /**
   * Sums per service. Read from the per-day pre-aggregate (`rating_days`, kept by `save`) when the
   * filter's bounds fall on whole UTC days, else from the ratings; `fromRows` always reads the
   * ratings (the two agree: test/server/report/rating-days.test.ts).
   */
  totals(filter: RatingFilter, options?: SumOptions): Promise<ServiceTotalsRow[]>;
  /** Ordered by `weekStart`; read as `totals` is. */
  weeks(filter: RatingFilter, options?: SumOptions): Promise<WeekTotalsRow[]>;
  /** Ratings with a non-empty comment, newest `ratedAt` first (then by id), at most `limit`. */
  latestComments(filter: RatingFilter, limit: number): Promise<StoredRating[]>;
  /**
   * One page of the matching ratings, oldest `ratedAt` first (then by id), strictly after the
   * keyset `after` (`rated_at_ms` and id of the previous page's last row). The CSV export walks
   * these pages, so no answer holds every rating in memory.
   */
  listPage(filter: RatingFilter, after: RatingKey | null, limit: number): Promise<StoredRating[]>;
  count(): Promise<number>;
  /** Throws when the engine cannot answer (for `GET /v1/health`). */
  ping(): Promise<void>;
  /** Finishes background work (checkpoints) and closes the connection. */
  close(): Promise<void>;
}

// ---- Closing the loop (issue 13): follow-ups, replies, answers, audit trail, improvements ----

export type FollowUpState = 'new' | 'acknowledged' | 'replied' | 'resolved';
export const FOLLOW_UP_STATES: readonly FollowUpState[] = ['new', 'acknowledged', 'replied', 'resolved'];

/** A rating as the inbox lists it, with its follow-up (`new` and the rating time when none was set). */
export interface InboxRow extends StoredRating {
  ratedAtMs: number;
  followUpState: FollowUpState;
  followUpUpdatedAt: string | null;
}

export interface InboxFilter {
  /** Only these services; `null` = every rating (admins). */
  services: readonly string[] | null;
  service?: string;
  state?: FollowUpState;
  maxOverall?: number;
  /** Inclusive bounds on `ratedAt` in milliseconds. */
  fromMs?: number;
  toMs?: number;
  /** Keyset paging: rows strictly older than this (`rated_at_ms`, then id). */
  before?: { ms: number; id: string };
  limit: number;
}

export interface ReplyRow {
  id: string;
  ratingId: string;
  text: string;
  authorName: string;
  at: string;
}

export interface FollowUpRow {
  ratingId: string;
  state: FollowUpState;
  updatedAt: string;
}

export interface AnswerRow {
  ratingId: string;
  resolved: boolean;
  comment: string | null;
  at: string;
}

export interface AuditRow {
  id: number;
  ratingId: string | null;
  serviceId: string | null;
  action: string;
  detail: string | null;
  actor: string;
  at: string;
}

export interface ImprovementRow {
  id: string;
  serviceId: string;
  text: string;
  authorName: string;
  at: string;
}

/** Whose a rating is: what `replies/whose.ts` needs to decide who speaks for its requester. */
export interface RaterRow {
  id: string;
  serviceId: string | null;
  rater: string | null;
  raterKey: string | null;
}

/** Who did something and when, for the audit trail. */
export interface Actor {
  actor: string;
  at: string;
}

export interface LoopStore {
  /** The rating with this id, or null. */
  rating(id: string): Promise<InboxRow | null>;
  /** Whose these ratings are (unknown ids are left out); never shown to owners or in the report. */
  raters(ratingIds: readonly string[]): Promise<RaterRow[]>;
  inbox(filter: InboxFilter): Promise<InboxRow[]>;
  /** Replies of these ratings, oldest first. */
  replies(ratingIds: readonly string[]): Promise<ReplyRow[]>;
  followUps(ratingIds: readonly string[]): Promise<FollowUpRow[]>;
  answers(ratingIds: readonly string[]): Promise<AnswerRow[]>;
  /** One transaction: the reply, the follow-up moved to `replied`, the audit entries. */
  addReply(reply: ReplyRow, who: Actor & { authorEmail: string | null }): Promise<void>;
  setFollowUp(ratingId: string, state: FollowUpState, who: Actor): Promise<void>;
  /** Replaces the previous answer (the latest wins) and records it in the audit trail. */
  saveAnswer(answer: AnswerRow, who: Actor): Promise<void>;
  /** Newest first. */
  audit(filter: { ratingId?: string; limit: number }): Promise<AuditRow[]>;
  addImprovement(improvement: ImprovementRow, who: Actor & { authorEmail: string | null }): Promise<void>;
  /** Newest first; `sinceMs` bounds `at`; `perService` keeps only that many per service. */
  improvements(filter: { serviceId?: string; sinceMs?: number; perService?: number; limit: number }): Promise<ImprovementRow[]>;
}
