/**
 * The shared contracts (see ../shared/DESIGN.md). Every boundary — messages, IndexedDB reads,
 * settings, backend answers, the server's config file — parses through these schemas, and the
 * backend in `server/` imports the very same ones.
 */
import { z } from 'zod';

// Before the first schema below: zod probes `new Function` when an object schema is built, and
// the extension's CSP makes Firefox log that probe as a blocked eval. Every module that uses zod
// imports this one first, so this is the one place the probe is turned off (server included).
z.config({ jitless: true });

/** ISO 8601 instant in UTC, e.g. `2026-11-03T01:15:00.000Z`. */
export const IsoInstant = z.iso.datetime({ offset: true });
/** A calendar date `YYYY-MM-DD`. */
export const IsoDate = z.iso.date();

export const TrackerType = z.enum(['jira', 'github', 'gitlab', 'generic']);
export type TrackerType = z.infer<typeof TrackerType>;

export const StatusChange = z.object({ status: z.string(), at: IsoInstant });
export type StatusChange = z.infer<typeof StatusChange>;

export const Ticket = z.object({
  tracker: TrackerType,
  origin: z.url(),
  key: z.string().min(1).max(300),
  kind: z.enum(['issue', 'pull']),
  url: z.url(),
  title: z.string().max(1000).optional(),
  status: z.string().max(200).optional(),
  priority: z.string().max(100).optional(),
  reporter: z.string().max(200).optional(),
  assignee: z.string().max(200).optional(),
  project: z.string().max(300).optional(),
  resolved: z.boolean(),
  createdAt: IsoInstant.optional(),
  resolvedAt: IsoInstant.optional(),
  firstResponseAt: IsoInstant.optional(),
  labels: z.array(z.string().max(200)).max(200).default([]),
  components: z.array(z.string().max(200)).max(200).default([]),
  statusHistory: z.array(StatusChange).max(2000).optional(),
  /** The logged-in user on the tracker page, when the page says (login or account id). */
  viewer: z.string().max(200).optional(),
});
export type Ticket = z.infer<typeof Ticket>;

/** CSS selectors a `generic` tracker reads; dates prefer the element's `datetime` attribute. */
export const GenericSelectors = z.object({
  title: z.string().min(1),
  status: z.string().min(1),
  createdAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  reporter: z.string().optional(),
  assignee: z.string().optional(),
  priority: z.string().optional(),
  viewer: z.string().optional(),
  /** When this matches, the ticket is resolved whatever its status words (Redmine: `div.issue.closed`). */
  resolved: z.string().optional(),
});
export type GenericSelectors = z.infer<typeof GenericSelectors>;

const origin = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin like https://tracker.example.com (scheme and host, no path)');

export const CustomTracker = z.discriminatedUnion('type', [
  z.object({
    origin,
    type: z.enum(['jira', 'github', 'gitlab']),
    name: z.string().max(100).optional(),
    /** Jira Server/Data Center context path such as `/jira`. */
    contextPath: z.string().regex(/^(\/[\w.-]+)*$/).optional(),
  }),
  z.object({
    origin,
    type: z.literal('generic'),
    name: z.string().max(100).optional(),
    preset: z.enum(['redmine', 'zentao']).optional(),
    /**
     * RegExp source matched against the path (and query); must have a named group `key`. An
     * optional group `prefix`, when it matches, goes before the key: `story` + `45` → `story-45`.
     */
    pathPattern: z.string().refine((source) => {
      try {
        return new RegExp(source).source.includes('?<key>');
      } catch {
        return false;
      }
    }, 'must be a valid regular expression with a named group (?<key>…)'),
    selectors: GenericSelectors,
    resolvedStatuses: z.array(z.string()).default([]),
  }),
]);
export type CustomTracker = z.infer<typeof CustomTracker>;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (24:00 ends a day)');
const dayHours = z.array(z.tuple([clock, clock])).max(12);

export const Calendar = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  timeZone: z.string().refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Shanghai'),
  week: z.object({
    mon: dayHours,
    tue: dayHours,
    wed: dayHours,
    thu: dayHours,
    fri: dayHours,
    sat: dayHours,
    sun: dayHours,
  }),
  holidays: z.array(IsoDate).default([]),
  /** Make-up working days on a weekend (调休); they take `workdayHours`, default Monday's. */
  workdays: z.array(IsoDate).default([]),
  workdayHours: dayHours.optional(),
  /**
   * The years whose holidays and make-up days are filled in (complete, even when a year has none).
   * Optional: without it the years that appear in `holidays`/`workdays` count as covered.
   */
  holidayYears: z.array(z.number().int().min(1970).max(9999)).optional(),
});
export type Calendar = z.infer<typeof Calendar>;

export const Targets = z.object({
  default: z.number().int().positive(),
  byPriority: z.record(z.string(), z.number().int().positive()).optional(),
});
export type Targets = z.infer<typeof Targets>;

export const SlaPolicy = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  calendarId: z.string().min(1),
  atRisk: z.number().gt(0).lt(1).default(0.75),
  pauseStatuses: z.array(z.string()).default([]),
  goals: z.object({ firstResponse: Targets.optional(), resolution: Targets.optional() }),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const GoalState = z.enum(['running', 'at-risk', 'breached', 'met', 'paused']);
export type GoalState = z.infer<typeof GoalState>;

export const GoalEvaluation = z.object({
  state: GoalState,
  targetMinutes: z.number(),
  elapsedMinutes: z.number(),
  remainingMinutes: z.number(),
  dueAt: IsoInstant.optional(),
  completedAt: IsoInstant.optional(),
});
export type GoalEvaluation = z.infer<typeof GoalEvaluation>;

export const SlaEvaluation = z.object({
  firstResponse: GoalEvaluation.optional(),
  resolution: GoalEvaluation.optional(),
  /** Set when the numbers come from the tracker's own clock (Jira Service Management). */
  source: z.enum(['computed', 'jira-service-management']).optional(),
});
export type SlaEvaluation = z.infer<typeof SlaEvaluation>;

/** Which tickets belong to a service: every given field must match; first matching service wins. */
export const ServiceMatch = z.object({
  origin: z.string().optional(),
  tracker: TrackerType.optional(),
  /** Project key (Jira), `owner/repo` (GitHub), `group/project` (GitLab); `*` suffix = prefix match. */
  project: z.string().optional(),
  labels: z.array(z.string()).optional(),
  components: z.array(z.string()).optional(),
});
export type ServiceMatch = z.infer<typeof ServiceMatch>;

/** The most improvements a service carries in `/v1/config` (the backend sends the latest 3 of 90 days). */
export const SERVICE_IMPROVEMENTS_MAX = 3;

/**
 * "You said, we did": something a team changed because of feedback, published by an owner
 * (`POST /v1/services/:id/improvements`). `text` is plain text, shown as text, never as HTML.
 */
export const Improvement = z.object({
  id: z.string().min(1).max(200),
  text: z.string().trim().min(1).max(1000),
  at: IsoInstant,
  author: z.object({ name: z.string().max(200) }),
});
export type Improvement = z.infer<typeof Improvement>;

export const Service = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  team: z.string().optional(),
  owners: z.array(z.string()).default([]),
  commitment: z.string().optional(),
  match: z.array(ServiceMatch).default([]),
  policyId: z.string().optional(),
  calendarId: z.string().optional(),
  whoMayRate: z.enum(['requester', 'anyone']).default('requester'),
  /** Filled in by the backend's `/v1/config` (newest first); absent in a config file. */
  improvements: z.array(Improvement).max(SERVICE_IMPROVEMENTS_MAX).optional(),
});
export type Service = z.infer<typeof Service>;

/** Per-tracker selector overrides pushed by the backend: `{ github: { title: ['css', …] } }`. */
export const SelectorOverrides = z.partialRecord(TrackerType, z.record(z.string(), z.array(z.string()).min(1)));
export type SelectorOverrides = z.infer<typeof SelectorOverrides>;

/** What `GET /v1/config` answers and what the extension caches. */
export const RemoteConfig = z.object({
  services: z.array(Service).default([]),
  policies: z.array(SlaPolicy).default([]),
  calendars: z.array(Calendar).default([]),
  trackers: z.array(CustomTracker).default([]),
  selectorOverrides: SelectorOverrides.optional(),
  /** Days after resolution during which the requester is still asked to rate. */
  ratingWindowDays: z.number().int().positive().max(3650).default(28),
  /** The backend takes daily detection-miss counts at `POST /v1/health/detection` (a server setting, not part of the catalogue). */
  collectDetectionHealth: z.boolean().default(false),
});
export type RemoteConfig = z.infer<typeof RemoteConfig>;

const score = z.number().int().min(1).max(5);

export const Rating = z.object({
  id: z.uuid(),
  ticketKey: z.string().min(1).max(300),
  // http/https only: a javascript:, data: or file: URL in a report link is never wanted.
  ticketUrl: z.httpUrl(),
  tracker: TrackerType,
  origin: z.httpUrl(),
  serviceId: z.string().max(200).optional(),
  /** Omitted when the user chose "do not send ticket titles". */
  ticketTitle: z.string().max(1000).optional(),
  overall: score,
  communication: score.optional(),
  understanding: score.optional(),
  proactiveness: score.optional(),
  tags: z.array(z.string().min(1).max(50)).max(20).default([]),
  comment: z.string().max(2000).optional(),
  /** Omitted when rating anonymously. */
  rater: z.string().max(200).optional(),
  ratedAt: IsoInstant,
  resolvedAt: IsoInstant.optional(),
  /** The SLA outcome when the rating was given, for the report's "SLA met %". */
  slaMet: z.boolean().optional(),
});
export type Rating = z.infer<typeof Rating>;

export const RatingsRequest = z.object({ ratings: z.array(Rating).min(1).max(500) });
export const RatingsResponse = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.array(z.object({ id: z.string(), error: z.string() })),
  /** Counted as duplicates, but their content differed from the copy that was kept (the server says why). */
  conflicts: z.array(z.object({ id: z.string(), error: z.string() })).optional(),
});
export type RatingsResponse = z.infer<typeof RatingsResponse>;
