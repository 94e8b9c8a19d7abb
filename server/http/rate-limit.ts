/**
 * Token bucket per caller: `perMinute` requests may burst at once, then they refill evenly.
 * Callers are keyed by token digest (or address when unauthenticated), so the map stays small.
 */
import type { Context } from 'hono';
import { fail } from './context';

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

const MAX_TRACKED_CALLERS = 10_000;

export function createRateLimiter(perMinute: number, now: () => number = Date.now) {
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();

  function forgetFullBuckets(at: number) {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (at - bucket.updatedAt) * refillPerMs >= perMinute) buckets.delete(key);
    }
  }

  return (key: string): RateDecision => {
    const at = now();
    if (buckets.size >= MAX_TRACKED_CALLERS) forgetFullBuckets(at);
    const bucket = buckets.get(key) ?? { tokens: perMinute, updatedAt: at };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (at - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = at;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000)) };
  };
}

/** Takes one request from `key`'s bucket: undefined when allowed, else the `429` answer with `Retry-After`. */
export type RequestLimiter = (c: Context, key: string) => Response | undefined;

export function createRequestLimiter(perMinute: number, now: () => number = Date.now): RequestLimiter {
  const takeRequest = createRateLimiter(perMinute, now);
  return (c, key) => {
    const decision = takeRequest(key);
    if (decision.allowed) return undefined;
    c.header('Retry-After', String(decision.retryAfterSeconds));
    return fail(c, 429, `rate limit: too many requests, retry after ${decision.retryAfterSeconds} s`);
  };
}
