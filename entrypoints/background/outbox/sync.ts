/**
 * Flushes the ratings outbox to `POST {backendUrl}/v1/ratings` in batches of up to 100.
 * Records are claimed (`syncing`) in IndexedDB before each request and settled after it, so a
 * worker killed in between only causes a re-send, which the backend absorbs (idempotent by id).
 */
import { z } from 'zod';
import { claimDue, settle, type Outcome } from './outbox';
import { updateSyncMeta, type FeedbackDb, type OutboxRecord } from '../storage/db';
import { TOO_LARGE_ERROR, type SyncProblem } from '../../../utils/contracts/messages';
import { Rating, RatingsResponse } from '../../../utils/contracts/schema';
import type { Settings } from '../../../platform/settings';
import { postToBackend, readErrorMessage } from '../backend-request';

export const BATCH_SIZE = 100;
/** Enough for 10,000 queued ratings in one flush; the alarm picks up anything beyond. */
const MAX_BATCHES_PER_FLUSH = 100;

export interface FlushOptions {
  db: FeedbackDb;
  settings: Pick<Settings, 'backendUrl' | 'token' | 'anonymous' | 'sendTitles'>;
  now?: () => number;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  random?: () => number;
  /** "Sync now": ignore the backoff schedule and retry ratings held by an auth error. */
  force?: boolean;
}

export interface FlushResult {
  /** `local`: no backend configured, ratings wait. */
  state: 'local' | 'idle' | 'done' | 'failed';
  synced: number;
  rejected: number;
  problem?: SyncProblem;
}


/** What leaves the browser: no rater when anonymous, no title unless titles may be sent. */
export function outgoingRating(rating: Rating, settings: Pick<Settings, 'anonymous' | 'sendTitles'>): Rating {
  const { rater, ticketTitle, ...rest } = rating;
  return Rating.parse({ ...rest, ...(settings.anonymous ? {} : { rater }), ...(settings.sendTitles ? { ticketTitle } : {}) });
}

type SendResult =
  | { kind: 'ok'; response: RatingsResponse }
  | { kind: 'problem'; problem: Omit<SyncProblem, 'at'> }
  /** 4xx for the whole request: the server names what it refused. */
  | { kind: 'request-rejected'; message: string; status: number };

async function send(ratings: Rating[], options: FlushOptions & { settings: { backendUrl: string } }): Promise<SendResult> {
  const posted = await postToBackend('/v1/ratings', { ratings }, options);
  if (posted.kind === 'problem') return posted;
  const { response } = posted;
  const { status } = response;
  if (status === 401 || status === 403) return { kind: 'problem', problem: { kind: 'auth', status, message: await readErrorMessage(response) } };
  // 408 and 429 say "later", not "never".
  if (status >= 500 || status === 408 || status === 429) return { kind: 'problem', problem: { kind: 'server', status, message: await readErrorMessage(response) } };
  if (status >= 400) return { kind: 'request-rejected', status, message: await readErrorMessage(response) };
  if (status < 200 || status >= 300) return { kind: 'problem', problem: { kind: 'invalid-response', status, message: `unexpected HTTP ${status}` } };
  try {
    const parsed = RatingsResponse.safeParse(await response.json());
    if (parsed.success) return { kind: 'ok', response: parsed.data };
    return { kind: 'problem', problem: { kind: 'invalid-response', status, message: z.prettifyError(parsed.error) } };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { kind: 'problem', problem: { kind: timedOut ? 'timeout' : 'invalid-response', status, message: error instanceof Error ? error.message : String(error) } };
  }
}

function retryOutcome(problem: Omit<SyncProblem, 'at'>, random?: () => number): Outcome {
  return problem.kind === 'auth' ? { kind: 'auth', error: problem.message } : { kind: 'retry', error: problem.message, random };
}

export async function flushOutbox(options: FlushOptions): Promise<FlushResult> {
  const { db, settings, now = Date.now, random } = options;
  const { backendUrl } = settings;
  if (!backendUrl) return { state: 'local', synced: 0, rejected: 0 };
  const withBackend = { ...options, settings: { ...settings, backendUrl } };
  const result: FlushResult = { state: 'idle', synced: 0, rejected: 0 };

  const fail = async (claimed: OutboxRecord[], problem: Omit<SyncProblem, 'at'>): Promise<FlushResult> => {
    await settle(db, claimed, () => retryOutcome(problem, random), now());
    const full: SyncProblem = { ...problem, at: new Date(now()).toISOString() };
    await updateSyncMeta(db, { lastAttemptAt: full.at, lastError: full });
    return { ...result, state: 'failed', problem: full };
  };

  for (let batch = 0; batch < MAX_BATCHES_PER_FLUSH; batch++) {
    const claimed = await claimDue(db, { now: now(), limit: BATCH_SIZE, force: options.force });
    if (claimed.length === 0) break;
    result.state = 'done';
    const sent = await send(claimed.map((record) => outgoingRating(record.rating, settings)), withBackend);

    if (sent.kind === 'problem') return fail(claimed, sent.problem);

    if (sent.kind === 'request-rejected') {
      // One bad rating must not hold back the rest: a batch over the size limit is halved until
      // the halves fit, any other refusal is retried one by one to find the rating it names.
      const outcomes = new Map<string, Outcome>();
      let problem: Omit<SyncProblem, 'at'> | undefined;
      if (claimed.length === 1) outcomes.set(claimed[0]!.id, rejectedOutcome(sent));
      else if (sent.status === 413) problem = await sendInHalves(claimed, withBackend, outcomes);
      else problem = await sendOneByOne(claimed, withBackend, outcomes);
      if (problem) {
        // Stop at the first transport problem; the unsent ones retry with it.
        const outcome = retryOutcome(problem, random);
        await settle(db, claimed, (id) => outcomes.get(id) ?? outcome, now());
        return fail([], problem);
      }
      await settle(db, claimed, (id) => outcomes.get(id)!, now());
      for (const outcome of outcomes.values()) {
        if (outcome.kind === 'synced') result.synced++;
        else result.rejected++;
      }
      await updateSyncMeta(db, { lastAttemptAt: new Date(now()).toISOString(), lastSyncAt: new Date(now()).toISOString() });
      continue;
    }

    const refused = new Map(sent.response.rejected.map((entry) => [entry.id, entry.error]));
    await settle(db, claimed, (id) => (refused.has(id) ? { kind: 'rejected', error: refused.get(id)! } : { kind: 'synced' }), now());
    result.rejected += claimed.filter((record) => refused.has(record.id)).length;
    result.synced += claimed.length - claimed.filter((record) => refused.has(record.id)).length;
    const at = new Date(now()).toISOString();
    await updateSyncMeta(db, { lastAttemptAt: at, lastSyncAt: at, lastError: undefined });
  }
  return result;
}

type Refusal = Extract<SendResult, { kind: 'request-rejected' }>;
type Backend = FlushOptions & { settings: { backendUrl: string } };

/** A single rating answered 413 can never fit: rejected with a reason the person reads, never retried. */
function rejectedOutcome(refusal: Refusal): Outcome {
  return { kind: 'rejected', error: refusal.status === 413 ? TOO_LARGE_ERROR : refusal.message };
}

function okOutcomes(response: RatingsResponse, records: readonly OutboxRecord[], outcomes: Map<string, Outcome>) {
  const refused = new Map(response.rejected.map((entry) => [entry.id, entry.error]));
  for (const record of records) {
    outcomes.set(record.id, refused.has(record.id) ? { kind: 'rejected', error: refused.get(record.id)! } : { kind: 'synced' });
  }
}

/** Sends each rating alone, filling `outcomes`; returns the first transport problem (the rest stay unsent). */
async function sendOneByOne(records: readonly OutboxRecord[], backend: Backend, outcomes: Map<string, Outcome>) {
  for (const record of records) {
    const single = await send([outgoingRating(record.rating, backend.settings)], backend);
    if (single.kind === 'problem') return single.problem;
    if (single.kind === 'request-rejected') outcomes.set(record.id, rejectedOutcome(single));
    else okOutcomes(single.response, [record], outcomes);
  }
  return undefined;
}

/** A batch answered 413: send each half, halving again while a half is still too large. */
async function sendInHalves(
  records: readonly OutboxRecord[],
  backend: Backend,
  outcomes: Map<string, Outcome>,
): Promise<Omit<SyncProblem, 'at'> | undefined> {
  const middle = Math.ceil(records.length / 2);
  for (const half of [records.slice(0, middle), records.slice(middle)]) {
    if (half.length === 0) continue;
    const sent = await send(half.map((record) => outgoingRating(record.rating, backend.settings)), backend);
    if (sent.kind === 'problem') return sent.problem;
    let problem: Omit<SyncProblem, 'at'> | undefined;
    if (sent.kind === 'ok') okOutcomes(sent.response, half, outcomes);
    else if (half.length === 1) outcomes.set(half[0]!.id, rejectedOutcome(sent));
    else if (sent.status === 413) problem = await sendInHalves(half, backend, outcomes);
    else problem = await sendOneByOne(half, backend, outcomes);
    if (problem) return problem;
  }
  return undefined;
}
