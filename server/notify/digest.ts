/**
 * The weekly digest of one service (DESIGN.md → Notifications): for a Monday–Sunday week in the
 * service's calendar time zone, ratings, mean, CSAT % and SLA met % each against the week before,
 * the top tags, the three lowest comments and the open follow-ups. It is queued as one event with
 * the dedupe key `digest:<service>:<weekOf>`, so however many instances (or admins) try, a service
 * gets one digest per week; the delivery queue then sends it to every target that has `digest`.
 */
import { randomUUID } from 'node:crypto';
import { zoneRules } from '../../utils/sla/zone';
import type { ServerConfig } from '../config/server-config';
import type { NewEvent } from '../store/notify';
import type { FollowUpState, RatingFilter, Store, StoredRating } from '../store/store';
import { targetKey } from './config';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The digest goes out this long after the local Monday midnight that ends the week (09:00). */
export const DIGEST_SEND_OFFSET_MS = 9 * HOUR_MS;
/** Open follow-ups are counted up to this many per state (the digest shows "at least"). */
const OPEN_COUNT_LIMIT = 1000;
const OPEN_STATES: readonly FollowUpState[] = ['new', 'acknowledged', 'replied'];

type ServiceConfig = ServerConfig['services'][number];

/** The service's calendar zone (its own calendar, else its SLA policy's), UTC without one. */
export function serviceTimeZone(config: ServerConfig, service: ServiceConfig): string {
  const policy = config.policies.find((candidate) => candidate.id === service.policyId);
  const calendarId = service.calendarId ?? policy?.calendarId;
  return config.calendars.find((calendar) => calendar.id === calendarId)?.timeZone ?? 'UTC';
}

export function digestTargets(service: ServiceConfig) {
  return service.notify.filter((target) => target.on.includes('digest'));
}

const dayOf = (isoDate: string) => Math.round(Date.parse(`${isoDate}T00:00:00.000Z`) / DAY_MS);
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A week by its local Monday, with its instants: `[start, end)` in the zone, and when its digest is due. */
export interface DigestWeek {
  weekOf: string;
  /** The Sunday that ends it. */
  weekEnd: string;
  startMs: number;
  endMs: number;
  dueAt: number;
}

export function digestWeek(weekOf: string, timeZone: string): DigestWeek {
  const zone = zoneRules(timeZone);
  const monday = dayOf(weekOf);
  const endLocal = (monday + 7) * DAY_MS;
  return {
    weekOf,
    weekEnd: isoOfDay(monday + 6),
    startMs: zone.wallToInstant(monday * DAY_MS),
    endMs: zone.wallToInstant(endLocal),
    dueAt: zone.wallToInstant(endLocal + DIGEST_SEND_OFFSET_MS),
  };
}

/** The local Monday (`YYYY-MM-DD`) of the week holding instant `t` in `timeZone`. */
export function mondayOf(t: number, timeZone: string): string {
  const day = Math.floor((t + zoneRules(timeZone).offsetAt(t)) / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is the fourth day of its Monday-based week.
  return isoOfDay(day - ((day + 3) % 7));
}

/** The latest week whose digest is due at `now` (due from the next Monday 09:00 local). */
export function dueWeek(now: number, timeZone: string): DigestWeek {
  const thisMonday = dayOf(mondayOf(now, timeZone));
  const previous = digestWeek(isoOfDay(thisMonday - 7), timeZone);
  return now >= previous.dueAt ? previous : digestWeek(isoOfDay(thisMonday - 14), timeZone);
}

/** The latest week that has ended at `now` (what an admin's "send now" takes by default). */
export function lastEndedWeek(now: number, timeZone: string): DigestWeek {
  return digestWeek(isoOfDay(dayOf(mondayOf(now, timeZone)) - 7), timeZone);
}

export const isMonday = (isoDate: string) => {
  const ms = Date.parse(`${isoDate}T00:00:00.000Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === isoDate && new Date(ms).getUTCDay() === 1;
};

/** A figure this week and the week before (`null` where there were no ratings to base it on). */
export interface Compared {
  value: number | null;
  previous: number | null;
}

export interface DigestComment {
  ratingId: string;
  ticketKey: string;
  ticketUrl: string;
  overall: number;
  comment: string;
  ratedAt: string;
}

/** What a digest event carries (`payload.digest`); never a rater, never a ticket title. */
export interface DigestPayload {
  weekOf: string;
  weekEnd: string;
  timeZone: string;
  ratings: Compared;
  mean: Compared;
  csatPercent: Compared;
  slaMetPercent: Compared;
  topTags: { tag: string; count: number }[];
  lowestComments: DigestComment[];
  /** Low ratings (overall ≤ the service's `lowAt`) not yet resolved, per state; `atLeast` when a count hit the limit. */
  openFollowUps: { total: number; new: number; acknowledged: number; replied: number; atLeast: boolean; lowAt: number };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

async function weekFigures(store: Store, serviceId: string, week: DigestWeek) {
  const [totals] = await store.totals({ service: serviceId, fromMs: week.startMs, toMs: week.endMs - 1 });
  const count = totals?.count ?? 0;
  return {
    count,
    mean: count === 0 ? null : round(totals!.overallSum / count, 2),
    csat: count === 0 ? null : round((totals!.satisfied * 100) / count, 1),
    sla: !totals || totals.slaKnown === 0 ? null : round(((totals.slaMet ?? 0) * 100) / totals.slaKnown, 1),
  };
}

/** A week of one service's ratings, read in keyset pages like the CSV export. */
async function allRatings(store: Store, filter: RatingFilter): Promise<StoredRating[]> {
  const rows: StoredRating[] = [];
  for (let page = await store.listPage(filter, null, 1000); page.length > 0; ) {
    rows.push(...page);
    const last = page.at(-1)!;
    page = page.length < 1000 ? [] : await store.listPage(filter, { ms: Date.parse(last.ratedAt), id: last.id }, 1000);
  }
  return rows;
}

export async function buildDigest(store: Store, config: ServerConfig, service: ServiceConfig, week: DigestWeek): Promise<DigestPayload> {
  const before = digestWeek(isoOfDay(dayOf(week.weekOf) - 7), serviceTimeZone(config, service));
  const [now, then] = await Promise.all([weekFigures(store, service.id, week), weekFigures(store, service.id, before)]);
  const rows = await allRatings(store, { service: service.id, fromMs: week.startMs, toMs: week.endMs - 1 });
  const tags = new Map<string, number>();
  for (const row of rows) for (const tag of JSON.parse(row.tags) as string[]) tags.set(tag, (tags.get(tag) ?? 0) + 1);
  const lowestComments = rows
    .filter((row) => row.comment && row.comment.trim() !== '')
    .sort((a, b) => a.overall - b.overall || Date.parse(b.ratedAt) - Date.parse(a.ratedAt) || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((row) => ({ ratingId: row.id, ticketKey: row.ticketKey, ticketUrl: row.ticketUrl, overall: row.overall, comment: row.comment!, ratedAt: row.ratedAt }));
  const lowAt = Math.max(2, ...service.notify.map((target) => target.lowAt));
  const open = await Promise.all(
    OPEN_STATES.map(async (state) => (await store.inbox({ services: [service.id], state, maxOverall: lowAt, limit: OPEN_COUNT_LIMIT })).length),
  );
  const [newCount = 0, acknowledged = 0, replied = 0] = open;
  return {
    weekOf: week.weekOf,
    weekEnd: week.weekEnd,
    timeZone: serviceTimeZone(config, service),
    ratings: { value: now.count, previous: then.count },
    mean: { value: now.mean, previous: then.mean },
    csatPercent: { value: now.csat, previous: then.csat },
    slaMetPercent: { value: now.sla, previous: then.sla },
    topTags: [...tags].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([tag, count]) => ({ tag, count })),
    lowestComments,
    openFollowUps: {
      total: newCount + acknowledged + replied,
      new: newCount,
      acknowledged,
      replied,
      atLeast: open.some((count) => count >= OPEN_COUNT_LIMIT),
      lowAt,
    },
  };
}

export const digestKey = (serviceId: string, weekOf: string) => `digest:${serviceId}:${weekOf}`;

/**
 * Builds and queues the service's digest for `week`: `eventId` when this call queued it, `null`
 * when that week's digest exists already (another instance, the scheduler or an admin was first)
 * or the service has no digest target.
 */
export async function queueDigest(store: Store, config: ServerConfig, service: ServiceConfig, week: DigestWeek, now: number): Promise<string | null> {
  const targets = digestTargets(service);
  if (targets.length === 0) return null;
  const digest = await buildDigest(store, config, service, week);
  const event: NewEvent = {
    id: randomUUID(),
    type: 'digest.weekly',
    serviceId: service.id,
    dedupeKey: digestKey(service.id, week.weekOf),
    payload: JSON.stringify({ digest }),
    createdAt: now,
    targets: targets.map(targetKey),
  };
  return (await store.addEvent(event)) ? event.id : null;
}
