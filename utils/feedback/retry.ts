/**
 * The outbox's retry schedule: exponential backoff with jitter, from 30 seconds up to one hour.
 * Pure; `random` is injectable so tests can pin the jitter.
 */
export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 60 * 60_000;
/** Jitter adds up to this share on top of the exponential step (spreads many clients apart). */
export const RETRY_JITTER = 0.5;

/** Delay before retry number `attempt` (1 = the first retry after one failure). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`backoffDelay: attempt must be an integer ≥ 1, got ${attempt}`);
  const roll = random();
  if (!(roll >= 0 && roll < 1)) throw new RangeError(`backoffDelay: random() must return a number in [0, 1), got ${roll}`);
  // 2^20 already dwarfs the cap; clamping the exponent keeps the arithmetic finite.
  const step = RETRY_BASE_MS * 2 ** Math.min(attempt - 1, 20);
  return Math.round(Math.min(RETRY_MAX_MS, step * (1 + RETRY_JITTER * roll)));
}
