/**
 * `POST /v1/ratings` logic: read the batch, validate each rating with the shared `Rating` schema,
 * store the valid ones in one transaction and count what happened to each.
 */
import { Rating, type RatingsResponse } from '../../utils/contracts/schema';
import { describeIssues } from '../config/server-config';
import type { Store } from '../store/store';

export const MAX_RATINGS_PER_REQUEST = 500;

/** The body's `ratings` array, or the error naming the field. */
export function readBatch(text: string): { ok: true; ratings: unknown[] } | { ok: false; error: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: 'body: not valid JSON' };
  }
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

/** Invalid ratings are rejected one by one (the error starts with the field path); the rest are stored. */
export async function ingestRatings(candidates: readonly unknown[], store: Store, receivedAt: number): Promise<RatingsResponse> {
  const valid: Rating[] = [];
  const rejected: { id: string; error: string }[] = [];
  candidates.forEach((candidate, index) => {
    const parsed = Rating.safeParse(candidate);
    if (parsed.success) valid.push(parsed.data);
    else rejected.push({ id: idOf(candidate, index), error: describeIssues(parsed.error).join('; ') });
  });
  let accepted = 0;
  let duplicates = 0;
  (await store.save(valid, receivedAt)).forEach((outcome, index) => {
    if (outcome === 'inserted' || outcome === 'updated') accepted++;
    else if (outcome === 'duplicate') duplicates++;
    else rejected.push({ id: valid[index]!.id, error: 'id: already used by a rating from another rater' });
  });
  return { accepted, duplicates, rejected };
}

/** A rating without a usable id is named by its place in the batch. */
function idOf(candidate: unknown, index: number): string {
  const id = typeof candidate === 'object' && candidate !== null ? (candidate as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : `ratings[${index}]`;
}
