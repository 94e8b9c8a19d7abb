/**
 * The `ratings` columns and how a `Rating` maps onto them, shared by both engines so that an
 * edit is judged the same way on SQLite and on PostgreSQL.
 */
import type { Rating } from '../../utils/contracts/schema';
import type { RatingSource, SaveOutcome } from './store';

export const COLUMNS = [
  'id', 'service_id', 'ticket_key', 'ticket_url', 'tracker', 'origin', 'ticket_title', 'overall', 'communication',
  'understanding', 'proactiveness', 'tags', 'comment', 'rater', 'rated_at', 'rated_at_ms', 'resolved_at', 'sla_met', 'received_at',
  'rater_key', 'verified',
] as const;

export type ColumnValue = string | number | null;

const UNVERIFIED: RatingSource = { raterKey: null, verified: false };

/** Values in `COLUMNS` order; `source` says how the batch came in (see `RatingSource`). */
export function ratingValues(rating: Rating, receivedAt: number, source: RatingSource = UNVERIFIED): ColumnValue[] {
  return [
    rating.id,
    rating.serviceId ?? null,
    rating.ticketKey,
    rating.ticketUrl,
    rating.tracker,
    rating.origin,
    rating.ticketTitle ?? null,
    rating.overall,
    rating.communication ?? null,
    rating.understanding ?? null,
    rating.proactiveness ?? null,
    JSON.stringify(rating.tags),
    rating.comment ?? null,
    rating.rater ?? null,
    rating.ratedAt,
    Date.parse(rating.ratedAt),
    rating.resolvedAt ?? null,
    rating.slaMet === undefined ? null : Number(rating.slaMet),
    receivedAt,
    source.raterKey,
    source.verified ? 1 : 0,
  ];
}

export const RATER = COLUMNS.indexOf('rater');
export const RATER_KEY = COLUMNS.indexOf('rater_key');
export const RATED_AT_MS = COLUMNS.indexOf('rated_at_ms');
export const OVERALL = COLUMNS.indexOf('overall');
export const COMMENT = COLUMNS.indexOf('comment');
/** What a re-send with an equal ratedAt must match to be a plain duplicate (not when it arrived). */
const CONTENT = COLUMNS.map((_column, index) => index).filter((index) => COLUMNS[index] !== 'received_at' && COLUMNS[index] !== 'verified');

/** Every column but the id and who gave it (rater, rater_key, verified): an edit changes the rating, never whose it is. */
export const EDITABLE = COLUMNS.filter((column) => !['id', 'rater', 'rater_key', 'verified'].includes(column));
export const EDITABLE_INDEXES = EDITABLE.map((column) => COLUMNS.indexOf(column));

/**
 * What to do with a rating whose id is stored already (`before`, in `COLUMNS` order): a re-send
 * with a newer ratedAt by the same rater (and the same `rater_key`) is an edit (`updated`);
 * anything else leaves the row alone.
 */
export function judgeResend(before: readonly ColumnValue[], values: readonly ColumnValue[]): SaveOutcome {
  if (before[RATER] !== values[RATER] || before[RATER_KEY] !== values[RATER_KEY]) return 'not-owner';
  const beforeMs = Number(before[RATED_AT_MS]);
  const ms = values[RATED_AT_MS] as number;
  if (ms < beforeMs) return 'duplicate';
  if (ms === beforeMs) return CONTENT.every((index) => before[index] === values[index]) ? 'duplicate' : 'conflict';
  return 'updated';
}

/**
 * The report's weeks are numbered in SQL on both engines as `(rated_at_ms / 86400000 + 3) / 7`
 * (integer division: whole days since 1970-01-01, a Thursday, shifted so weeks start on Monday),
 * which is far cheaper per row than date functions; this turns a number back into its Monday.
 */
export const WEEK_NUMBER_SQL = '(rated_at_ms / 86400000 + 3) / 7';
export function weekStartOf(week: number): string {
  return new Date((week * 7 - 3) * 86_400_000).toISOString().slice(0, 10);
}
