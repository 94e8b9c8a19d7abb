/**
 * The catalogue: what admins edit in the browser (services with owners, match rules, policy,
 * calendar, who may rate and language; SLA policies; calendars; trackers; selector overrides).
 * Validated with the same schemas and per-field messages as the config file. Tokens, people and
 * chat targets (their URLs are secrets) stay in the file: the file seeds the first version.
 */
import { z } from 'zod';
import { matchService } from '../../utils/catalogue/services';
import { RemoteConfig, Service, type Ticket } from '../../utils/contracts/schema';
import { crossReferenceProblems, describeIssues, type ServerConfig } from '../config/server-config';
import { serviceNotifyFields } from '../notify/config';
import type { StoredRating } from '../store/store';

export const CatalogueService = z.strictObject({ ...Service.shape, language: serviceNotifyFields.language });

/** Unknown keys are errors, not silently dropped: an admin who types `notify` here must hear why it has no effect. */
// `collectDetectionHealth` is the file's to set (what the server collects), not an admin's catalogue edit.
const { collectDetectionHealth: _serverSetting, ...catalogueShape } = RemoteConfig.shape;
export const Catalogue = z.strictObject({ ...catalogueShape, services: z.array(CatalogueService).default([]) });
export type Catalogue = z.infer<typeof Catalogue>;

export type CatalogueCheck = { ok: true; catalogue: Catalogue } | { ok: false; problems: string[] };

/** JSON text → a catalogue, or one message per bad field (`services[1].policyId: …`). */
export function parseCatalogue(text: string): CatalogueCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`(text): not valid JSON (${(error as Error).message})`] };
  }
  return checkCatalogue(raw);
}

/** Shape and cross-references (unknown policy or calendar, duplicate ids), all problems at once. */
export function checkCatalogue(raw: unknown): CatalogueCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problems: ['(root): must be a JSON object'] };
  const result = Catalogue.safeParse(raw);
  const problems = [...(result.success ? [] : describeIssues(result.error)), ...crossReferenceProblems(raw as Record<string, unknown>)];
  if (!result.success || problems.length > 0) return { ok: false, problems };
  return { ok: true, catalogue: result.data };
}

/** The catalogue part of the running configuration (without chat targets). */
export function catalogueOf(config: ServerConfig): Catalogue {
  return Catalogue.parse({
    services: config.services.map(({ notify: _notify, ...service }) => service),
    policies: config.policies,
    calendars: config.calendars,
    trackers: config.trackers,
    ...(config.selectorOverrides ? { selectorOverrides: config.selectorOverrides } : {}),
    ratingWindowDays: config.ratingWindowDays,
  });
}

export const catalogueText = (catalogue: Catalogue) => JSON.stringify(catalogue, null, 2);

/**
 * Puts a catalogue into the running configuration, in place: routes read `config.services` and
 * friends per request, so the next request sees it. Chat targets come from the file, by service id.
 */
export function applyCatalogue(config: ServerConfig, catalogue: Catalogue, notifyFromFile: ReadonlyMap<string, ServerConfig['services'][number]['notify']>): void {
  config.services = catalogue.services.map((service) => ({ ...service, notify: notifyFromFile.get(service.id) ?? [] }));
  config.policies = catalogue.policies;
  config.calendars = catalogue.calendars;
  config.trackers = catalogue.trackers;
  config.selectorOverrides = catalogue.selectorOverrides;
  config.ratingWindowDays = catalogue.ratingWindowDays;
}

type Section = 'services' | 'policies' | 'calendars' | 'trackers';
const keyOf = (section: Section, item: Record<string, unknown>) => String(section === 'trackers' ? item.origin : item.id);

/** What changed from `before` to `after`, one line per added, removed or changed item. */
export function diffCatalogue(before: Catalogue, after: Catalogue): string[] {
  const lines: string[] = [];
  for (const section of ['services', 'policies', 'calendars', 'trackers'] as const) {
    const old = new Map((before[section] as Record<string, unknown>[]).map((item) => [keyOf(section, item), item]));
    const now = new Map((after[section] as Record<string, unknown>[]).map((item) => [keyOf(section, item), item]));
    for (const [key, item] of now) {
      const was = old.get(key);
      if (!was) lines.push(`+ ${section} ${key}`);
      else {
        const fields = [...new Set([...Object.keys(was), ...Object.keys(item)])].filter((field) => JSON.stringify(was[field]) !== JSON.stringify(item[field]));
        if (fields.length > 0) lines.push(`~ ${section} ${key}: ${fields.join(', ')}`);
      }
    }
    for (const key of old.keys()) if (!now.has(key)) lines.push(`- ${section} ${key}`);
  }
  if (JSON.stringify(before.selectorOverrides ?? {}) !== JSON.stringify(after.selectorOverrides ?? {})) lines.push('~ selectorOverrides');
  if (before.ratingWindowDays !== after.ratingWindowDays) lines.push(`~ ratingWindowDays: ${before.ratingWindowDays} → ${after.ratingWindowDays}`);
  return lines;
}

/** A stored rating as far as matching goes: the project comes from its key or URL; labels are not stored. */
function ticketOf(rating: StoredRating): Ticket {
  let project: string | undefined;
  if (rating.tracker === 'jira') project = rating.ticketKey.split('-')[0];
  else {
    try {
      project = new URL(rating.ticketUrl).pathname.split(/\/(?:-\/)?(?:issues|pull|merge_requests|work_items)\//)[0]!.slice(1) || undefined;
    } catch {
      project = undefined;
    }
  }
  return { tracker: rating.tracker as Ticket['tracker'], origin: rating.origin, key: rating.ticketKey, kind: 'issue', url: rating.ticketUrl, project, resolved: true, labels: [], components: [] };
}

export interface MatchPreview {
  serviceId: string;
  /** Recent rated tickets these rules would give to the service. */
  matches: number;
  /** Of those, rated under the service at the time. */
  sameAsStored: number;
  /** Some rule needs labels or components, which ratings do not keep: the count may be low. */
  approximate: boolean;
}

/** "This rule matches 12 of the last 500 rated tickets", per service. */
export function previewMatches(catalogue: Catalogue, recent: readonly StoredRating[]): MatchPreview[] {
  const counts = new Map(catalogue.services.map((service) => [service.id, { matches: 0, sameAsStored: 0 }]));
  for (const rating of recent) {
    const service = matchService(ticketOf(rating), catalogue.services);
    const count = service && counts.get(service.id);
    if (!count) continue;
    count.matches += 1;
    if (rating.serviceId === service.id) count.sameAsStored += 1;
  }
  return catalogue.services.map((service) => ({
    serviceId: service.id,
    ...counts.get(service.id)!,
    approximate: service.match.some((rule) => (rule.labels?.length ?? 0) > 0 || (rule.components?.length ?? 0) > 0),
  }));
}
