/**
 * Checks the "local services and SLA policies" JSON (a RemoteConfig used without a backend):
 * syntax, the shared schema, and the references between its parts, each problem with its path.
 */
import { RemoteConfig } from '../../utils/contracts/schema';
import { problemsOf, type FieldProblem } from '../../platform/settings';

export type LocalConfigCheck = { ok: true; config: RemoteConfig | undefined } | { ok: false; problems: FieldProblem[] };

/** Dangling ids are caught here: the schema alone cannot see across lists. */
function referenceProblems(config: RemoteConfig): FieldProblem[] {
  const calendars = new Set(config.calendars.map((calendar) => calendar.id));
  const policies = new Set(config.policies.map((policy) => policy.id));
  const problems: FieldProblem[] = [];
  config.policies.forEach((policy, index) => {
    if (!calendars.has(policy.calendarId)) problems.push({ path: `policies.${index}.calendarId`, message: `no calendar with id "${policy.calendarId}"` });
  });
  config.services.forEach((service, index) => {
    if (service.policyId && !policies.has(service.policyId)) problems.push({ path: `services.${index}.policyId`, message: `no policy with id "${service.policyId}"` });
    if (service.calendarId && !calendars.has(service.calendarId)) problems.push({ path: `services.${index}.calendarId`, message: `no calendar with id "${service.calendarId}"` });
  });
  return problems;
}

export function checkLocalConfig(text: string): LocalConfigCheck {
  if (text.trim() === '') return { ok: true, config: undefined };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '(JSON)', message: error instanceof Error ? error.message : String(error) }] };
  }
  const parsed = RemoteConfig.safeParse(json);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  const problems = referenceProblems(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
}
