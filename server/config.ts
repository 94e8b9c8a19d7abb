/**
 * The backend's JSON configuration: the RemoteConfig the extension downloads (services, SLA
 * policies, calendars, custom trackers, selector overrides) plus what only the server knows
 * (tokens, CORS origins, rate limit). Validated once at start-up; a bad file stops the server
 * with one line per bad field path.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CustomTracker, RemoteConfig } from '../utils/schema';

const token = z.string().min(16, 'must be at least 16 characters');

// The same origin rule as a custom tracker's `origin` (scheme and host, no path).
const httpOrigin = CustomTracker.options[0].shape.origin;

export const DEFAULT_REQUESTS_PER_MINUTE = 600;

export const ServerConfig = RemoteConfig.extend({
  tokens: z.object({
    /** Tokens the extensions send with `GET /v1/config` and `POST /v1/ratings`. */
    ingest: z.array(token).min(1, 'needs at least one ingest token'),
    /** Token for the report (API, CSV and the page's login form). */
    admin: token,
  }),
  /** Web origins allowed by CORS besides the browser-extension schemes. */
  corsOrigins: z.array(httpOrigin).default([]),
  rateLimit: z
    .object({ requestsPerMinute: z.number().int().positive().max(10_000_000) })
    .default({ requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE }),
}).superRefine((config, context) => {
  const report = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
  const calendarIds = new Set(config.calendars.map((calendar) => calendar.id));
  const policyIds = new Set(config.policies.map((policy) => policy.id));
  for (const [list, items] of [
    ['services', config.services],
    ['policies', config.policies],
    ['calendars', config.calendars],
  ] as const) {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id)) report([list, index, 'id'], `duplicate id "${item.id}"`);
      seen.add(item.id);
    });
  }
  config.services.forEach((service, index) => {
    if (service.policyId !== undefined && !policyIds.has(service.policyId)) {
      report(['services', index, 'policyId'], `unknown policy "${service.policyId}"`);
    }
    if (service.calendarId !== undefined && !calendarIds.has(service.calendarId)) {
      report(['services', index, 'calendarId'], `unknown calendar "${service.calendarId}"`);
    }
  });
  config.policies.forEach((policy, index) => {
    if (!calendarIds.has(policy.calendarId)) {
      report(['policies', index, 'calendarId'], `unknown calendar "${policy.calendarId}"`);
    }
  });
});
export type ServerConfig = z.infer<typeof ServerConfig>;

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
  return merged;
}

export function parseConfig(raw: unknown, source: string, env: NodeJS.ProcessEnv = {}): ServerConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, ['(root): must be a JSON object']);
  }
  const result = ServerConfig.safeParse(applyEnvironment(raw as Record<string, unknown>, env));
  if (!result.success) throw new ConfigError(source, describeIssues(result.error));
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
