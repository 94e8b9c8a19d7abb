/**
 * Delivery-loop tuning from the environment, for tests, benchmarks and unusual set-ups; the
 * defaults (DESIGN.md: retries from 30 s to 1 h for 24 h) suit production. Every variable is a
 * whole number of milliseconds (a count for the batch); a bad one stops the start-up naming it.
 *
 *   SERVICE_FEEDBACK_NOTIFY_POLL_MS        how often the queue is looked at (250)
 *   SERVICE_FEEDBACK_NOTIFY_TIMEOUT_MS     one request's timeout (10000)
 *   SERVICE_FEEDBACK_NOTIFY_LEASE_MS       how long a claimed row is held; after a crash it comes
 *                                          back this long after it was claimed (max(60000, 3 × timeout))
 *   SERVICE_FEEDBACK_NOTIFY_BATCH          rows claimed and sent in parallel per round (20)
 *   SERVICE_FEEDBACK_NOTIFY_RETRY_BASE_MS  first retry delay, doubled per attempt (30000)
 *   SERVICE_FEEDBACK_NOTIFY_RETRY_MAX_MS   longest retry delay, also caps Retry-After (3600000)
 *   SERVICE_FEEDBACK_NOTIFY_GIVE_UP_MS     after this long since the event, stop retrying (86400000)
 */
import type { DeliveryLoopOptions } from './loop';

const PREFIX = 'SERVICE_FEEDBACK_NOTIFY_';
const VARIABLES = {
  POLL_MS: 'pollMs',
  TIMEOUT_MS: 'timeoutMs',
  LEASE_MS: 'leaseMs',
  BATCH: 'batch',
  RETRY_BASE_MS: 'baseDelayMs',
  RETRY_MAX_MS: 'maxDelayMs',
  GIVE_UP_MS: 'giveUpAfterMs',
} as const;

export type DeliveryTuning = Pick<DeliveryLoopOptions, 'pollMs' | 'timeoutMs' | 'leaseMs' | 'batch' | 'retry'>;

/** The tuning the environment sets, and one problem line per bad variable. */
export function deliveryTuningFromEnv(env: NodeJS.ProcessEnv): { tuning: DeliveryTuning; problems: string[] } {
  const problems: string[] = [];
  const values: Partial<Record<(typeof VARIABLES)[keyof typeof VARIABLES], number>> = {};
  for (const [suffix, field] of Object.entries(VARIABLES)) {
    const text = env[PREFIX + suffix];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || value < 1 || value > 7 * 86_400_000) {
      problems.push(`${PREFIX}${suffix}: must be a whole number from 1 to 604800000`);
      continue;
    }
    values[field] = value;
  }
  if (values.leaseMs !== undefined && values.leaseMs <= (values.timeoutMs ?? 10_000)) {
    problems.push(`${PREFIX}LEASE_MS: must be longer than the request timeout (${values.timeoutMs ?? 10_000} ms)`);
  }
  const { baseDelayMs, maxDelayMs, giveUpAfterMs, ...loop } = values;
  const retry = Object.fromEntries(Object.entries({ baseDelayMs, maxDelayMs, giveUpAfterMs }).filter(([, value]) => value !== undefined));
  return { tuning: { ...loop, ...(Object.keys(retry).length > 0 ? { retry } : {}) }, problems };
}
