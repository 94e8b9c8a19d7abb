/**
 * SLA evaluation of one ticket against one policy, in the policy's business calendar.
 *
 * Goals: first response (stopped by `firstResponseAt`, or by resolution when no response was
 * recorded) and resolution (stopped by `resolvedAt`). While the ticket sits in one of the
 * policy's pause statuses (from `statusHistory`) the clock stops for both goals.
 */
import type { Calendar, GoalEvaluation, SlaEvaluation, SlaPolicy, Targets, Ticket } from '../contracts/schema';
import { addBusinessMs, businessMsBetween } from './calendar';
import { MINUTE_MS } from './zone';

type Interval = readonly [from: number, to: number];

const parseInstant = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
const lower = (text: string) => text.trim().toLocaleLowerCase('en');

/** The target for the ticket's priority (names compare case-insensitively), else the default. */
export function targetFor(targets: Targets, priority: string | undefined): number {
  if (priority && targets.byPriority) {
    const wanted = lower(priority);
    for (const [name, minutes] of Object.entries(targets.byPriority)) if (lower(name) === wanted) return minutes;
  }
  return targets.default;
}

export function isPauseStatus(policy: SlaPolicy, status: string | undefined): boolean {
  if (status === undefined) return false;
  const wanted = lower(status);
  return (policy.pauseStatuses ?? []).some((pause) => lower(pause) === wanted);
}

/**
 * Intervals spent in a pause status, from the status history (oldest first). The last one is
 * open-ended (to = Infinity) when the ticket is still paused. Without a history, a ticket whose
 * current status pauses counts as paused from `now`, since when is unknown.
 */
export function pauseIntervals(ticket: Ticket, policy: SlaPolicy, now: number): Interval[] {
  const history = [...(ticket.statusHistory ?? [])]
    .map((change) => ({ paused: isPauseStatus(policy, change.status), at: Date.parse(change.at) }))
    .filter((change) => Number.isFinite(change.at))
    .sort((a, b) => a.at - b.at);
  if (history.length === 0) return isPauseStatus(policy, ticket.status) ? [[now, Infinity]] : [];
  const intervals: Interval[] = [];
  let pausedSince: number | undefined;
  for (const change of history) {
    if (change.paused && pausedSince === undefined) pausedSince = change.at;
    else if (!change.paused && pausedSince !== undefined) {
      intervals.push([pausedSince, change.at]);
      pausedSince = undefined;
    }
  }
  if (pausedSince !== undefined) intervals.push([pausedSince, Infinity]);
  return intervals;
}

/** `[start, end)` minus the pause intervals: the stretches during which the clock runs. */
function runningStretches(start: number, end: number, pauses: readonly Interval[]): Interval[] {
  const stretches: Interval[] = [];
  let cursor = start;
  for (const [from, to] of pauses) {
    if (to <= cursor || from >= end) continue;
    if (from > cursor) stretches.push([cursor, from]);
    cursor = Math.max(cursor, to);
  }
  if (cursor < end) stretches.push([cursor, end]);
  return stretches;
}

function evaluateGoal(
  targets: Targets,
  context: { ticket: Ticket; policy: SlaPolicy; calendar: Calendar; start: number; now: number; pauses: readonly Interval[] },
  completedAt: number | undefined,
): GoalEvaluation {
  const { ticket, policy, calendar, start, now, pauses } = context;
  const targetMinutes = targetFor(targets, ticket.priority);
  const targetMs = targetMinutes * MINUTE_MS;
  const end = Math.max(start, completedAt ?? now);
  let elapsedMs = 0;
  let dueAt: number | undefined;
  for (const [from, to] of runningStretches(start, end, pauses)) {
    const stretchMs = businessMsBetween(calendar, from, to);
    if (dueAt === undefined && elapsedMs + stretchMs >= targetMs) dueAt = addBusinessMs(calendar, from, targetMs - elapsedMs);
    elapsedMs += stretchMs;
  }
  const elapsedMinutes = Math.floor(elapsedMs / MINUTE_MS);
  const remainingMinutes = targetMinutes - elapsedMinutes;
  const completed = completedAt !== undefined;
  const pausedNow = !completed && pauses.some(([from, to]) => from <= end && end < to);
  // Still running: the target runs out `remaining` business minutes from now (unknown while paused).
  if (dueAt === undefined && !completed && !pausedNow) dueAt = addBusinessMs(calendar, end, targetMs - elapsedMs);
  let state: GoalEvaluation['state'];
  if (completed) state = elapsedMs <= targetMs ? 'met' : 'breached';
  else if (elapsedMs >= targetMs) state = 'breached';
  else if (pausedNow) state = 'paused';
  else if (elapsedMs >= policy.atRisk * targetMs) state = 'at-risk';
  else state = 'running';
  return {
    state,
    targetMinutes,
    elapsedMinutes,
    remainingMinutes,
    ...(dueAt !== undefined && state !== 'met' ? { dueAt: new Date(dueAt).toISOString() } : {}),
    ...(completed ? { completedAt: new Date(completedAt).toISOString() } : {}),
  };
}

/**
 * Where a ticket stands against each goal of the policy at `now`. A ticket without `createdAt`
 * cannot be measured and gets an empty evaluation (no goals), as does a policy without goals.
 */
export function evaluateSla(ticket: Ticket, policy: SlaPolicy, calendar: Calendar, now: Date): SlaEvaluation {
  const start = parseInstant(ticket.createdAt);
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new TypeError('now must be a valid Date');
  if (start === undefined || !Number.isFinite(start)) return { source: 'computed' };
  const pauses = pauseIntervals(ticket, policy, nowMs);
  const context = { ticket, policy, calendar, start, now: nowMs, pauses };
  // A resolved ticket without a recorded time was resolved no later than its last status change.
  const lastChange = ticket.statusHistory?.length ? parseInstant(ticket.statusHistory[ticket.statusHistory.length - 1]!.at) : undefined;
  const resolvedAt = ticket.resolved ? (parseInstant(ticket.resolvedAt) ?? lastChange ?? nowMs) : undefined;
  const respondedAt = parseInstant(ticket.firstResponseAt) ?? resolvedAt;
  const evaluation: SlaEvaluation = { source: 'computed' };
  if (policy.goals.firstResponse) evaluation.firstResponse = evaluateGoal(policy.goals.firstResponse, context, respondedAt);
  if (policy.goals.resolution) evaluation.resolution = evaluateGoal(policy.goals.resolution, context, resolvedAt);
  return evaluation;
}
