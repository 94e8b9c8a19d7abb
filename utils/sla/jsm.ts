/**
 * Jira Service Management keeps its own SLA clock. When a ticket is a JSM request, its
 * `/rest/servicedeskapi/request/{key}/sla` answer (same origin, the user's session) is the
 * authority, and the badge shows it instead of recomputing.
 */
import * as z from 'zod/mini';
import type { GoalEvaluation, SlaEvaluation } from '../schema';

// zod/mini (not classic zod): this module runs in the content script, whose budget is 30 KB gzipped.
const JsmInstant = z.looseObject({
  iso8601: z.optional(z.string()),
  epochMillis: z.optional(z.number()),
  jira: z.optional(z.string()),
  friendly: z.optional(z.string()),
});
const JsmDuration = z.looseObject({ millis: z.number(), friendly: z.optional(z.string()) });

const JsmOngoingCycle = z.looseObject({
  breached: z.boolean(),
  paused: z.optional(z.boolean()),
  withinCalendarHours: z.optional(z.boolean()),
  startTime: z.optional(JsmInstant),
  breachTime: z.optional(JsmInstant),
  goalDuration: JsmDuration,
  elapsedTime: JsmDuration,
  remainingTime: z.optional(JsmDuration),
});
const JsmCompletedCycle = z.looseObject({
  breached: z.boolean(),
  startTime: z.optional(JsmInstant),
  stopTime: z.optional(JsmInstant),
  breachTime: z.optional(JsmInstant),
  goalDuration: JsmDuration,
  elapsedTime: JsmDuration,
  remainingTime: z.optional(JsmDuration),
});
const JsmSlaMetric = z.looseObject({
  name: z.string(),
  ongoingCycle: z.optional(JsmOngoingCycle),
  completedCycles: z.optional(z.array(JsmCompletedCycle)),
});
export const JsmSlaAnswer = z.looseObject({ values: z.array(JsmSlaMetric) });
type JsmSlaMetric = z.infer<typeof JsmSlaMetric>;

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

function isoOf(instant: z.infer<typeof JsmInstant> | undefined): string | undefined {
  if (!instant) return undefined;
  const ms = instant.epochMillis ?? (instant.iso8601 ? Date.parse(instant.iso8601) : NaN);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

type JsmCycle = z.infer<typeof JsmOngoingCycle> | z.infer<typeof JsmCompletedCycle>;

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
  const parsed = JsmSlaAnswer.safeParse(json);
  if (!parsed.success) return undefined;
  const evaluation: SlaEvaluation = { source: 'jira-service-management' };
  // Exact names first, so a custom "Response time to VIP" never shadows the standard metric.
  const isStandard = (metric: JsmSlaMetric) => metric.name.trim().toLocaleLowerCase('en') in EXACT_NAMES;
  const metrics = [...parsed.data.values].sort((a, b) => Number(isStandard(b)) - Number(isStandard(a)));
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
