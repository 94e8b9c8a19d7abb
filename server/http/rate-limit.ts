/**
 * Budget per caller: `perMinute` requests may burst at once, then they refill evenly. Callers are
 * keyed by token digest or identity name (or `failed:<address>` for failed authentication). The
 * budgets live in the database (GCRA, one row per key, one atomic UPSERT per request: see
 * store/rate-limits.ts), so every server instance on one database shares them.
 */
import type { Context } from 'hono';
import type { RateLimitStore } from '../store/rate-limits';
import { fail } from './context';

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

const WINDOW_US = 60_000_000;
/** How often an instance deletes the rows whose budget is whole again. */
export const RATE_PRUNE_INTERVAL_MS = 60_000;

export function createRateLimiter(store: RateLimitStore, perMinute: number, now: () => number = Date.now) {
  const intervalUs = Math.max(1, Math.round(WINDOW_US / perMinute));
  let prunedAt = now();
  return async (key: string): Promise<RateDecision> => {
    const at = now();
    if (at - prunedAt >= RATE_PRUNE_INTERVAL_MS) {
      prunedAt = at;
      await store.pruneRates(at * 1000);
    }
    const atUs = at * 1000;
    const take = await store.takeRate(key, atUs, intervalUs, WINDOW_US);
    if (take.allowed) return { allowed: true, retryAfterSeconds: 0 };
    // Refused: the next request fits once max(tat, now) + interval is back within the window.
    const waitUs = Math.max(take.tatUs, atUs) + intervalUs - atUs - WINDOW_US;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitUs / 1_000_000)) };
  };
}

/** Takes one request from `key`'s budget: undefined when allowed, else the `429` answer with `Retry-After`. */
export type RequestLimiter = (c: Context, key: string) => Promise<Response | undefined>;

export function createRequestLimiter(store: RateLimitStore, perMinute: number, now: () => number = Date.now): RequestLimiter {
  const takeRequest = createRateLimiter(store, perMinute, now);
  return async (c, key) => {
    const decision = await takeRequest(key);
    if (decision.allowed) return undefined;
    c.header('Retry-After', String(decision.retryAfterSeconds));
    return fail(c, 429, `rate limit: too many requests, retry after ${decision.retryAfterSeconds} s`);
  };
}
