/**
 * `POST /v1/ratings` logic: read the batch, validate each rating with the shared `Rating` schema
 * plus the server's own bounds, store the valid ones in one transaction and count what happened.
 */
import { Rating, type RatingsResponse } from '../../utils/contracts/schema';
import { describeIssues } from '../config/server-config';
import type { RatingSource, Store } from '../store/store';

export const MAX_RATINGS_PER_REQUEST = 500;

/** `ratedAt`/`resolvedAt` must fall in 2000-01-01 … now + 1 day (a far-future ratedAt would lock a rating against every edit). */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
export const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

type Entry = { id: string; error: string };

/** The body's `ratings` array, or the error naming the field. `bytes` must be the raw body. */
export function readBatch(bytes: Uint8Array): { ok: true; ratings: unknown[] } | { ok: false; error: string } {
  let text: string;
  let badBytes = false;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Decode again leniently only to name the field that held the bad bytes.
    text = new TextDecoder('utf-8').decode(bytes);
    badBytes = true;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: badBytes ? 'body: not valid UTF-8' : 'body: not valid JSON' };
  }
  if (badBytes) return { ok: false, error: `${pathOfString(body, (value) => value.includes('\uFFFD')) ?? 'body'}: not valid UTF-8` };
  const lone = pathOfString(body, (value) => !value.isWellFormed());
  if (lone) return { ok: false, error: `${lone}: contains a lone UTF-16 surrogate (not valid Unicode text)` };
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('ratings' in body)) {
    return { ok: false, error: 'ratings: required, the body must be {"ratings": [...]}' };
  }
  const ratings = (body as { ratings: unknown }).ratings;
  if (!Array.isArray(ratings)) return { ok: false, error: 'ratings: must be an array of ratings' };
  if (ratings.length === 0) return { ok: false, error: 'ratings: must hold at least one rating' };
  if (ratings.length > MAX_RATINGS_PER_REQUEST) {
    return { ok: false, error: `ratings: at most ${MAX_RATINGS_PER_REQUEST} per request (got ${ratings.length})` };
  }
  return { ok: true, ratings };
}

/** The path (`ratings[2].comment`) of the first string (key or value) matching `test`. */
function pathOfString(value: unknown, test: (text: string) => boolean, path = ''): string | undefined {
  if (typeof value === 'string') return test(value) ? path || 'body' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (test(key)) return childPath;
    const found = pathOfString(child, test, childPath);
    if (found) return found;
  }
  return undefined;
}

/** The server's bounds beyond the shared schema, as `field: problem` errors. */
function boundsErrors(rating: Rating, now: number): string[] {
  const latest = now + FUTURE_SLACK_MS;
  return (['ratedAt', 'resolvedAt'] as const).flatMap((field) => {
    const value = rating[field];
    if (value === undefined) return [];
    const ms = Date.parse(value);
    return ms >= EARLIEST_INSTANT_MS && ms <= latest
      ? []
      : [`${field}: must be between 2000-01-01 and one day from now (got ${value})`];
  });
}

/**
 * Invalid ratings are rejected one by one (the error starts with the field path); the rest are
 * stored. Ids are case-insensitive and stored lower-cased; an id repeated in the batch counts
 * once (the first copy is stored, later copies are duplicates, listed in `conflicts` when they differ).
 */
export async function ingestRatings(candidates: readonly unknown[], store: Store, receivedAt: number, source?: RatingSource): Promise<RatingsResponse> {
  const valid: Rating[] = [];
  const rejected: Entry[] = [];
  const conflicts: Entry[] = [];
  const firstCopy = new Map<string, string>();
  let duplicates = 0;
  candidates.forEach((candidate, index) => {
    const parsed = Rating.safeParse(candidate);
    if (!parsed.success) {
      rejected.push({ id: idOf(candidate, index), error: describeIssues(parsed.error).join('; ') });
      return;
    }
    const rating = { ...parsed.data, id: parsed.data.id.toLowerCase() };
    const outOfBounds = boundsErrors(rating, receivedAt);
    if (outOfBounds.length > 0) {
      rejected.push({ id: rating.id, error: outOfBounds.join('; ') });
      return;
    }
    const content = JSON.stringify(rating);
    const earlier = firstCopy.get(rating.id);
    if (earlier !== undefined) {
      duplicates++;
      if (earlier !== content) conflicts.push({ id: rating.id, error: 'id: repeated in this batch with different content; only its first copy was used' });
      return;
    }
    firstCopy.set(rating.id, content);
    valid.push(rating);
  });
  let accepted = 0;
  (await store.save(valid, receivedAt, source)).forEach((outcome, index) => {
    const id = valid[index]!.id;
    if (outcome === 'inserted' || outcome === 'updated') accepted++;
    else if (outcome === 'duplicate') duplicates++;
    else if (outcome === 'conflict') {
      duplicates++;
      conflicts.push({ id, error: 'ratedAt: equal to the stored rating\'s but the content differs; the stored rating was kept (an edit needs a newer ratedAt)' });
    } else rejected.push({ id, error: 'id: already used by a rating from another rater' });
  });
  return conflicts.length > 0 ? { accepted, duplicates, rejected, conflicts } : { accepted, duplicates, rejected };
}

/** A rating without a usable id is named by its place in the batch. */
function idOf(candidate: unknown, index: number): string {
  const id = typeof candidate === 'object' && candidate !== null ? (candidate as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : `ratings[${index}]`;
}
