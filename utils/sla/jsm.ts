/**
 * Jira Service Management keeps its own SLA clock. When a ticket is a JSM request, its
 * `/rest/servicedeskapi/request/{key}/sla` answer (same origin, the user's session) is the
 * authority, and the badge shows it instead of recomputing.
 */
import type { GoalEvaluation, SlaEvaluation } from '../contracts/schema';
import { arrayOf, boolean, number, optional, optionalBoolean, optionalNumber, optionalString, own, readOrUndefined, record, string, type JsonRecord } from '../contracts/read-json';

// Read by hand (utils/contracts/read-json.ts): this module runs in the content script, whose budget is 30 KB gzipped.
interface JsmInstant {
  iso8601?: string;
  epochMillis?: number;
}
interface JsmDuration {
  millis: number;
}
interface JsmCycle {
  breached: boolean;
  paused?: boolean;
  stopTime?: JsmInstant;
  breachTime?: JsmInstant;
  goalDuration: JsmDuration;
  elapsedTime: JsmDuration;
  remainingTime?: JsmDuration;
}
interface JsmSlaMetric {
  name: string;
  ongoingCycle?: JsmCycle;
  completedCycles?: JsmCycle[];
}
export interface JsmSlaAnswer {
  values: JsmSlaMetric[];
}

function readInstant(value: unknown): JsmInstant {
  const instant = record(value);
  return { iso8601: optionalString(instant, 'iso8601'), epochMillis: optionalNumber(instant, 'epochMillis') };
}

function readDuration(value: unknown): JsmDuration {
  return { millis: number(record(value), 'millis') };
}

/** What ongoing and completed cycles share. */
function readCycleMeasures(cycle: JsonRecord) {
  return {
    breached: boolean(cycle, 'breached'),
    breachTime: optional(cycle, 'breachTime', readInstant),
    goalDuration: readDuration(own(cycle, 'goalDuration')),
    elapsedTime: readDuration(own(cycle, 'elapsedTime')),
    remainingTime: optional(cycle, 'remainingTime', readDuration),
  };
}

function readOngoingCycle(value: unknown): JsmCycle {
  const cycle = record(value);
  return { ...readCycleMeasures(cycle), paused: optionalBoolean(cycle, 'paused') };
}

function readCompletedCycle(value: unknown): JsmCycle {
  const cycle = record(value);
  return { ...readCycleMeasures(cycle), stopTime: optional(cycle, 'stopTime', readInstant) };
}

function readMetric(value: unknown): JsmSlaMetric {
  const metric = record(value);
  return {
    name: string(metric, 'name'),
    ongoingCycle: optional(metric, 'ongoingCycle', readOngoingCycle),
    completedCycles: optional(metric, 'completedCycles', (cycles) => arrayOf(cycles, readCompletedCycle)),
  };
}

/** The parts of a JSM SLA answer the badge uses, type-checked; throws NotAsExpected otherwise. */
function readJsmSlaAnswer(value: unknown): JsmSlaAnswer {
  return { values: arrayOf(own(record(value), 'values'), readMetric) };
}

const MINUTE_MS = 60_000;
/** JSM does not say when a goal is "at risk"; use the same share as the default policy. */
const AT_RISK_SHARE = 0.75;

type GoalName = 'firstResponse' | 'resolution';
const EXACT_NAMES: Record<string, GoalName> = { 'time to first response': 'firstResponse', 'time to resolution': 'resolution' };
/** Renamed or translated metrics ("Response time", "解决时间") still map by their main word. */
const FALLBACK_NAMES: [RegExp, GoalName][] = [
  [/respon|响应/i, 'firstResponse'],
  [/resol|解决/i, 'resolution'],
];

function goalNameOf(metricName: string): GoalName | undefined {
  const name = metricName.trim().toLocaleLowerCase('en');
  return EXACT_NAMES[name] ?? FALLBACK_NAMES.find(([pattern]) => pattern.test(name))?.[1];
}

function isoOf(instant: JsmInstant | undefined): string | undefined {
  if (!instant) return undefined;
  const ms = instant.epochMillis ?? (instant.iso8601 ? Date.parse(instant.iso8601) : NaN);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** Target, elapsed, remaining and due time, common to ongoing and completed cycles. */
function measuresOf(cycle: JsmCycle) {
  const targetMinutes = Math.round(cycle.goalDuration.millis / MINUTE_MS);
  const elapsedMinutes = Math.floor(cycle.elapsedTime.millis / MINUTE_MS);
  const remainingMinutes = cycle.remainingTime ? Math.trunc(cycle.remainingTime.millis / MINUTE_MS) : targetMinutes - elapsedMinutes;
  const dueAt = isoOf(cycle.breachTime);
  return { targetMinutes, elapsedMinutes, remainingMinutes, ...(dueAt ? { dueAt } : {}) };
}

function goalOf(metric: JsmSlaMetric): GoalEvaluation | undefined {
  const ongoing = metric.ongoingCycle;
  if (ongoing) {
    const atRisk = ongoing.elapsedTime.millis >= AT_RISK_SHARE * ongoing.goalDuration.millis;
    const state = ongoing.breached ? 'breached' : ongoing.paused ? 'paused' : atRisk ? 'at-risk' : 'running';
    return { state, ...measuresOf(ongoing) };
  }
  const last = metric.completedCycles?.at(-1);
  if (!last) return undefined;
  const completedAt = isoOf(last.stopTime);
  return { state: last.breached ? 'breached' : 'met', ...measuresOf(last), ...(completedAt ? { completedAt } : {}) };
}

/**
 * The SLA evaluation in a JSM `…/request/{key}/sla` answer, or undefined when the answer is not
 * one or names neither a response nor a resolution goal with a cycle.
 */
export function parseJsmSla(json: unknown): SlaEvaluation | undefined {
  const answer = readOrUndefined(json, readJsmSlaAnswer);
  if (!answer) return undefined;
  const evaluation: SlaEvaluation = { source: 'jira-service-management' };
  // Exact names first, so a custom "Response time to VIP" never shadows the standard metric.
  const isStandard = (metric: JsmSlaMetric) => metric.name.trim().toLocaleLowerCase('en') in EXACT_NAMES;
  const metrics = [...answer.values].sort((a, b) => Number(isStandard(b)) - Number(isStandard(a)));
  for (const metric of metrics) {
    const goalName = goalNameOf(metric.name);
    if (!goalName || evaluation[goalName]) continue;
    const goal = goalOf(metric);
    if (goal) evaluation[goalName] = goal;
  }
  return evaluation.firstResponse || evaluation.resolution ? evaluation : undefined;
}

/**
 * Fetches and parses a request's SLA from JSM, same origin with the user's cookies. `origin` may
 * carry a Jira Server context path (`https://host/jira`). Any failure (not JSM, no permission,
 * network, odd answer) gives undefined: the caller then computes the SLA itself.
 */
export async function readJsmSla(origin: string, key: string, fetchImpl: typeof fetch = fetch): Promise<SlaEvaluation | undefined> {
  try {
    const base = new URL(origin);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') return undefined;
    const url = `${base.origin}${base.pathname.replace(/\/+$/, '')}/rest/servicedeskapi/request/${encodeURIComponent(key)}/sla`;
    const response = await fetchImpl(url, {
      credentials: 'include',
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return undefined;
    return parseJsmSla(await response.json());
  } catch {
    return undefined;
  }
}
