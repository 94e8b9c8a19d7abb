/**
 * The one typed message protocol between content scripts / popup / options and the background.
 * Narrow verbs, each with a zod schema for its request and its reply; both ends validate.
 * Replies travel as `{ ok: true, data } | { ok: false, error }` so a failure reads as words.
 */
import { z } from 'zod';
import { DetectionMissMessage, HealthSummary } from './detection-health';
import { Answer, FollowUpState, Reply } from './replies';
import { Calendar, CustomTracker, IsoInstant, SelectorOverrides, Service, SlaEvaluation, SlaPolicy, Ticket, TrackerType } from './schema';
import { SignInOutcome, SignInStatus, SignOutOutcome } from './sign-in';

/** A zone's UTC-offset transitions over whole UTC years (`ZoneTable` in utils/sla/zone.ts). */
export const ZoneTable = z.object({
  timeZone: z.string(),
  fromYear: z.number().int(),
  toYear: z.number().int(),
  offsetAtStart: z.number(),
  transitions: z.array(z.object({ at: z.number(), before: z.number(), after: z.number() })),
});

/**
 * A calendar as a tracker page gets it: with its zone's offsets for the years around now, learned
 * by the background, so the page's SLA engine needs no Intl time-zone work (tens of ms on a page's
 * main thread the first time). The engine checks the table and asks Intl for anything it lacks.
 */
export const PageCalendar = Calendar.extend({ zoneTable: ZoneTable.optional() });

/**
 * What a content script needs on its origin, asked once per page: whether to run at all (false
 * on a built-in tracker host the user switched off), how to detect tickets, and the SLA
 * catalogue, so the badge renders at mount time instead of after a `ticket.seen` round trip.
 */
export const PageConfig = z.object({
  enabled: z.boolean(),
  trackers: z.array(CustomTracker),
  selectorOverrides: SelectorOverrides.optional(),
  ignoredResponders: z.array(z.string()),
  services: z.array(Service),
  policies: z.array(SlaPolicy),
  calendars: z.array(PageCalendar),
  /** The strings tracker pages show, in the browser's language (entrypoints/background/tracker-page-messages.ts). */
  messages: z.record(z.string(), z.string()).optional(),
});
export type PageConfig = z.infer<typeof PageConfig>;
/** The part of the page config that service matching and the SLA badge read. */
export type SlaCatalogue = Pick<PageConfig, 'services' | 'policies' | 'calendars'>;

const Score = z.number().int().min(1).max(5);

/** What a person fills in; the background adds ids, ticket facts, rater and time. */
export const RatingDraft = z.object({
  overall: Score,
  communication: Score.optional(),
  understanding: Score.optional(),
  proactiveness: Score.optional(),
  tags: z.array(z.string().min(1).max(50)).max(20).default([]),
  comment: z.string().max(2000).optional(),
});
export type RatingDraft = z.infer<typeof RatingDraft>;

export const SyncState = z.enum(['waiting', 'syncing', 'synced', 'rejected', 'auth']);
export type SyncState = z.infer<typeof SyncState>;

/** A stored rating as the widget and popup see it. */
export const RatingView = RatingDraft.extend({
  id: z.uuid(),
  ticketUrl: z.url(),
  ratedAt: IsoInstant,
  syncState: SyncState,
  lastError: z.string().optional(),
});
export type RatingView = z.infer<typeof RatingView>;

export const DismissalKind = z.enum(['not-now', 'never']);
export type DismissalKind = z.infer<typeof DismissalKind>;

/** Whether to ask for a rating on this ticket, and why not when not. */
export const Eligibility = z.object({
  ask: z.boolean(),
  reason: z.enum(['ask', 'update', 'not-resolved', 'not-requester', 'window-passed', 'dismissed', 'rated']),
  /** "Not now" was chosen: still pending, shown collapsed. */
  collapsed: z.boolean(),
  /** Rated before, reopened and resolved again: offer to update the rating. */
  update: z.boolean(),
});
export type Eligibility = z.infer<typeof Eligibility>;

/** The team's answer to one of this person's ratings, as the popup lists it. */
export const ReplyItem = z.object({
  ratingId: z.uuid(),
  ticketUrl: z.url(),
  key: z.string(),
  title: z.string().optional(),
  serviceName: z.string().optional(),
  followUp: FollowUpState,
  replies: z.array(Reply),
  answer: Answer.optional(),
  /** The answer is stored here and not yet accepted by the backend. */
  answerPending: z.boolean(),
  unread: z.boolean(),
});
export type ReplyItem = z.infer<typeof ReplyItem>;

export const ReplyList = z.object({ items: z.array(ReplyItem), unread: z.number().int().nonnegative() });
export type ReplyList = z.infer<typeof ReplyList>;

/** What the background knows about a seen ticket: its service, SLA policy and calendar, its rating. */
export const TicketContext = z.object({
  service: Service.optional(),
  policy: SlaPolicy.optional(),
  calendar: Calendar.optional(),
  rating: RatingView.optional(),
  eligibility: Eligibility.optional(),
  dismissal: DismissalKind.optional(),
  /** The team's reply to this ticket's rating, as stored (the sync runs after this answer). */
  reply: ReplyItem.optional(),
});
export type TicketContext = z.infer<typeof TicketContext>;

export const PendingItem = z.object({
  ticketUrl: z.url(),
  key: z.string(),
  title: z.string().optional(),
  serviceName: z.string().optional(),
  project: z.string().optional(),
  resolvedAt: IsoInstant.optional(),
  /** "Not now" was chosen: listed after the others and not counted on the badge. */
  snoozed: z.boolean(),
});
export type PendingItem = z.infer<typeof PendingItem>;

export const RecentItem = z.object({
  ticketUrl: z.url(),
  key: z.string(),
  title: z.string().optional(),
  status: z.string().optional(),
  resolved: z.boolean(),
  serviceName: z.string().optional(),
  seenAt: IsoInstant,
  sla: SlaEvaluation.optional(),
});
export type RecentItem = z.infer<typeof RecentItem>;

/**
 * The error a rating keeps when, even alone, it is over the backend's request size limit: it can
 * never be sent, so it is rejected rather than retried. A translation key: the popup shows it in
 * the person's language.
 */
export const TOO_LARGE_ERROR = 'popup_outbox_error_too_large';

export const SyncErrorKind = z.enum(['network', 'timeout', 'server', 'auth', 'invalid-response', 'request-rejected', 'config']);
export type SyncErrorKind = z.infer<typeof SyncErrorKind>;

export const SyncProblem = z.object({ kind: SyncErrorKind, message: z.string(), at: IsoInstant, status: z.number().int().optional() });
export type SyncProblem = z.infer<typeof SyncProblem>;

export const OutboxStatus = z.object({
  backendConfigured: z.boolean(),
  counts: z.record(SyncState, z.number().int().nonnegative()),
  rejected: z.array(z.object({ id: z.string(), ticketKey: z.string(), ticketUrl: z.string(), error: z.string() })),
  lastSyncAt: IsoInstant.optional(),
  lastError: SyncProblem.optional(),
  /** Stored records that failed validation and were skipped. */
  corrupt: z.number().int().nonnegative(),
});
export type OutboxStatus = z.infer<typeof OutboxStatus>;

const TicketRef = z.object({ ticketUrl: z.url() });


export const protocol = {
  'page.config': { request: z.object({ origin: z.string() }), response: PageConfig },
  /**
   * From the content script's watcher once its URL can be a ticket of `tracker`: the worker injects
   * that tracker's ticket UI into that very tab and frame (entrypoints/background/ticket-ui-loader.ts)
   * and answers when it has run.
   */
  'ticket-ui.load': { request: z.object({ tracker: TrackerType }), response: z.object({}) },
  'ticket.seen': { request: z.object({ ticket: Ticket }), response: TicketContext },
  /** Saves (or edits: same id, newer ratedAt) the rating of a ticket seen before, then flushes. */
  'rating.submit': { request: TicketRef.extend({ draft: RatingDraft }), response: RatingView },
  'rating.get': { request: TicketRef, response: z.object({ rating: RatingView.optional() }) },
  'rating.dismiss': { request: TicketRef.extend({ kind: DismissalKind }), response: z.object({ dismissal: DismissalKind }) },
  'pending.list': {
    request: z.object({ offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(1000).default(50) }),
    response: z.object({ items: z.array(PendingItem), total: z.number().int().nonnegative(), snoozed: z.number().int().nonnegative() }),
  },
  'recent.list': {
    request: z.object({ limit: z.number().int().min(1).max(100).default(20) }),
    response: z.object({ items: z.array(RecentItem) }),
  },
  /** Replies to this person's ratings, unread first; `refresh` asks the backend first (at most once per 30 s). */
  'replies.list': { request: z.object({ refresh: z.boolean().default(false) }), response: ReplyList },
  /** The newest reply of each rating counts as read. */
  'replies.read': { request: z.object({ ratingIds: z.array(z.uuid()).max(1000) }), response: ReplyList },
  /** "Did this settle it?": stored at once, sent through the answers' outbox. */
  'reply.answer': { request: z.object({ ratingId: z.uuid(), resolved: z.boolean(), comment: z.string().max(2000).optional() }), response: ReplyList },
  'outbox.status': { request: z.object({}), response: OutboxStatus },
  'sync.now': { request: z.object({}), response: OutboxStatus },
  /** From the ticket UI: this ticket URL's settled page gave no title or status (facts only, entrypoints/background/detection-health.ts). */
  'detection.miss': { request: z.object({ miss: DetectionMissMessage }), response: z.object({}) },
  /** For the options page: misses per tracker and fact since this week's Monday. */
  'health.summary': { request: z.object({}), response: HealthSummary },
  /**
   * Company sign-in (entrypoints/background/sign-in/): the state from storage; `ask` also asks the
   * backend's `/v1/auth/info` whether it offers sign-in and still knows the token (options page).
   */
  'sign-in.status': { request: z.object({ ask: z.boolean().default(false) }), response: SignInStatus },
  /** Runs the whole sign-in in the worker (identity window, state check, code exchange); answers when it ends. */
  'sign-in.start': { request: z.object({}), response: SignInOutcome },
  /** Revokes the personal token at the backend and forgets it here, even when the backend cannot be told. */
  'sign-in.end': { request: z.object({}), response: SignOutOutcome },
} as const;

/**
 * The one message the background sends to tracker tabs (`tabs.sendMessage`): the settings or the
 * cached remote config changed in a way a page may see, so ask `page.config` again. It carries
 * nothing else (the settings hold the backend token); no reply is expected. Content scripts check
 * its shape by hand (entrypoints/content/page-config.ts), so this is a type only.
 */
export interface PageConfigChanged {
  type: 'page.config.changed';
}

export type Verb = keyof typeof protocol;
export type RequestOf<V extends Verb> = z.input<(typeof protocol)[V]['request']>;
export type ResponseOf<V extends Verb> = z.infer<(typeof protocol)[V]['response']>;

/** The outer shape of every request; the verb picks the payload's schema. */
export const Envelope = z.object({ type: z.string(), payload: z.unknown() });
