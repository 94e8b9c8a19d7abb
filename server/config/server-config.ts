/**
 * The backend's JSON configuration: the RemoteConfig the extension downloads (services, SLA
 * policies, calendars, custom trackers, selector overrides) plus what only the server knows
 * (tokens, CORS origins, rate limit). Validated once at start-up; a bad file stops the server
 * with one line per bad field path.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CustomTracker, RemoteConfig, Service } from '../../utils/contracts/schema';
import { applyAuthEnvironment, AuthConfig, authProblems } from '../auth/config';
import { publicUrlField, serviceNotifyFields } from '../notify/config';
import { PeopleConfig, peopleProblems } from '../people/people';

const token = z.string().min(16, 'must be at least 16 characters');

// The same origin rule as a custom tracker's `origin` (scheme and host, no path).
const httpOrigin = CustomTracker.options[0].shape.origin;

export const DEFAULT_REQUESTS_PER_MINUTE = 600;

export const ServerConfig = RemoteConfig.extend({
  /** Services with their chat alerts and language (server only, see notify/config.ts). */
  services: z.array(Service.extend(serviceNotifyFields)).default([]),
  /** The web UI's address for links in alerts; without it links use the server's own URL. */
  publicUrl: publicUrlField,
  tokens: z.object({
    /** Tokens the extensions send with `GET /v1/config` and `POST /v1/ratings`. */
    ingest: z.array(token).default([]),
    /** Token for the report (API, CSV and the page's login form). */
    admin: token,
  }),
  /** Web origins allowed by CORS besides the browser-extension schemes. */
  corsOrigins: z.array(httpOrigin).default([]),
  rateLimit: z
    .object({ requestsPerMinute: z.number().int().positive().max(10_000_000) })
    .default({ requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE }),
  ...PeopleConfig,
  /** Sign-in with the company's identity provider (see auth/config.ts). */
  auth: AuthConfig,
});
export type ServerConfig = z.infer<typeof ServerConfig>;

type Loose = Record<string, unknown>;
const listOf = (value: unknown): Loose[] =>
  Array.isArray(value) ? value.map((item) => (typeof item === 'object' && item !== null ? (item as Loose) : {})) : [];

/**
 * Ids that must refer to something (duplicates, unknown policy or calendar). Works on the raw
 * JSON so these problems are listed together with shape errors, not one start-up later.
 */
export function crossReferenceProblems(raw: Loose): string[] {
  const problems: string[] = [];
  const lists = { services: listOf(raw.services), policies: listOf(raw.policies), calendars: listOf(raw.calendars) };
  for (const [name, items] of Object.entries(lists)) {
    const seen = new Set<unknown>();
    items.forEach((item, index) => {
      if (typeof item.id === 'string' && seen.has(item.id)) problems.push(`${name}[${index}].id: duplicate id "${item.id}"`);
      seen.add(item.id);
    });
  }
  const calendarIds = new Set(lists.calendars.map((calendar) => calendar.id));
  const policyIds = new Set(lists.policies.map((policy) => policy.id));
  lists.services.forEach((service, index) => {
    if (typeof service.policyId === 'string' && !policyIds.has(service.policyId)) {
      problems.push(`services[${index}].policyId: unknown policy "${service.policyId}"`);
    }
    if (typeof service.calendarId === 'string' && !calendarIds.has(service.calendarId)) {
      problems.push(`services[${index}].calendarId: unknown calendar "${service.calendarId}"`);
    }
  });
  lists.policies.forEach((policy, index) => {
    if (typeof policy.calendarId === 'string' && !calendarIds.has(policy.calendarId)) {
      problems.push(`policies[${index}].calendarId: unknown calendar "${policy.calendarId}"`);
    }
  });
  return problems;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `services[0].match[1].project` — the way a person finds the field in the JSON file. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

/** Environment overrides, so tokens need not live in the file. */
function applyEnvironment(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...raw };
  const tokens = typeof raw.tokens === 'object' && raw.tokens !== null ? { ...(raw.tokens as object) } : {};
  if (env.SERVICE_FEEDBACK_INGEST_TOKENS !== undefined) {
    Object.assign(tokens, {
      ingest: env.SERVICE_FEEDBACK_INGEST_TOKENS.split(',')
        .map((value) => value.trim())
        .filter(Boolean),
    });
  }
  if (env.SERVICE_FEEDBACK_ADMIN_TOKEN !== undefined) Object.assign(tokens, { admin: env.SERVICE_FEEDBACK_ADMIN_TOKEN });
  if (raw.tokens !== undefined || Object.keys(tokens).length > 0) merged.tokens = tokens;
  if (env.SERVICE_FEEDBACK_RATE_LIMIT !== undefined) {
    merged.rateLimit = { requestsPerMinute: Number(env.SERVICE_FEEDBACK_RATE_LIMIT) };
  }
  return applyAuthEnvironment(merged, env);
}

export function parseConfig(raw: unknown, source: string, env: NodeJS.ProcessEnv = {}): ServerConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, ['(root): must be a JSON object']);
  }
  const merged = applyEnvironment(raw as Loose, env);
  const result = ServerConfig.safeParse(merged);
  const tokens = (merged.tokens ?? {}) as { ingest?: unknown; admin?: unknown };
  const otherTokens = [...(Array.isArray(tokens.ingest) ? tokens.ingest : []), tokens.admin];
  const problems = [
    ...(result.success ? [] : describeIssues(result.error)),
    ...crossReferenceProblems(merged),
    ...peopleProblems(merged, otherTokens),
    ...authProblems(merged),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(source, problems);
  return result.data;
}

export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const source = `in ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(source, [`(file): cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(source, [`(file): not valid JSON (${(error as Error).message})`]);
  }
  return parseConfig(raw, source, env);
}

/** What `GET /v1/config` hands out: the RemoteConfig shape, never tokens or server settings. */
export function toRemoteConfig(config: ServerConfig): RemoteConfig {
  return RemoteConfig.parse(config);
}
