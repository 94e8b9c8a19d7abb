/**
 * Service matching: which internal service a ticket belongs to, and so which SLA policy and
 * business calendar apply. Pure; the background and the content script both call it.
 */
import type { Calendar, Improvement, RemoteConfig, Service, ServiceMatch, SlaPolicy, Ticket } from '../contracts/schema';

const sameText = (a: string, b: string) => a.toLocaleLowerCase('en') === b.toLocaleLowerCase('en');

/** `"acme/platform*"` matches every project starting with `acme/platform`; otherwise exact. Case-insensitive. */
export function isProjectMatch(pattern: string, project: string | undefined): boolean {
  if (project === undefined) return false;
  const wanted = pattern.toLocaleLowerCase('en');
  const actual = project.toLocaleLowerCase('en');
  return wanted.endsWith('*') ? actual.startsWith(wanted.slice(0, -1)) : actual === wanted;
}

/** Origins compare as URLs' origins (so a stray trailing slash in the config does not matter). */
function isOriginMatch(pattern: string, origin: string): boolean {
  try {
    return new URL(pattern).origin === new URL(origin).origin;
  } catch {
    return sameText(pattern, origin);
  }
}

/** Any of the wanted names is among the ticket's (case-insensitive). An empty list constrains nothing. */
function hasAnyOf(wanted: readonly string[] | undefined, actual: readonly string[]): boolean {
  if (!wanted || wanted.length === 0) return true;
  return wanted.some((name) => actual.some((have) => sameText(name, have)));
}

/** A rule matches when every field it gives matches the ticket. */
export function isServiceMatch(rule: ServiceMatch, ticket: Ticket): boolean {
  if (rule.origin !== undefined && !isOriginMatch(rule.origin, ticket.origin)) return false;
  if (rule.tracker !== undefined && rule.tracker !== ticket.tracker) return false;
  if (rule.project !== undefined && !isProjectMatch(rule.project, ticket.project)) return false;
  if (!hasAnyOf(rule.labels, ticket.labels ?? [])) return false;
  if (!hasAnyOf(rule.components, ticket.components ?? [])) return false;
  return true;
}

/** The first service (in config order) with a matching rule; services without rules never match. */
export function matchService(ticket: Ticket, services: readonly Service[]): Service | undefined {
  return services.find((service) => (service.match ?? []).some((rule) => isServiceMatch(rule, ticket)));
}

export interface SlaContext {
  service?: Service;
  policy?: SlaPolicy;
  calendar?: Calendar;
}

/**
 * The service, its SLA policy and the business calendar that apply to a ticket. The calendar is
 * the service's own `calendarId`, else the policy's. Missing pieces stay undefined (no badge).
 */
export function resolveSlaContext(ticket: Ticket, config: Pick<RemoteConfig, 'services' | 'policies' | 'calendars'>): SlaContext {
  const service = matchService(ticket, config.services ?? []);
  if (!service) return {};
  return { service, ...serviceSlaParts(service, config) };
}

/** A service's SLA policy and calendar: its own `calendarId`, else its policy's. */
export function serviceSlaParts(service: Service, config: { policies?: readonly SlaPolicy[]; calendars?: readonly Calendar[] }): { policy?: SlaPolicy; calendar?: Calendar } {
  const policy = service.policyId ? (config.policies ?? []).find((p) => p.id === service.policyId) : undefined;
  const calendarById = (id: string | undefined) => (id ? (config.calendars ?? []).find((c) => c.id === id) : undefined);
  const calendar = calendarById(service.calendarId) ?? calendarById(policy?.calendarId);
  return { policy, calendar };
}

/**
 * The service's latest improvement ("you said, we did"), by its time rather than by the order it
 * came in; undefined when there is none.
 */
export function latestImprovement(service: Pick<Service, 'improvements'> | undefined): Improvement | undefined {
  let latest: Improvement | undefined;
  for (const item of service?.improvements ?? []) if (!latest || Date.parse(item.at) > Date.parse(latest.at)) latest = item;
  return latest;
}
