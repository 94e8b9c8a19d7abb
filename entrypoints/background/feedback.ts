/**
 * The background's feedback side: message handlers, the outbox sync schedule and the toolbar
 * badge. Nothing that matters lives in module variables; every handler starts from IndexedDB
 * and storage, so the worker may be stopped between any two events.
 */
import { loadTicketUi } from './ticket-ui-loader';
import { browser } from 'wxt/browser';
import { BUILT_IN_HOSTS } from '../../utils/trackers/built-in-matches';
import { openFeedbackDb, readAllDismissals, readAllReplies, readAllRatings, readAllTickets, readDismissal, readRatingForTicket, readRecentTickets, readTicket, TicketRecord, type FeedbackDb } from './storage/db';
import { decideEligibility } from '../../utils/feedback/eligibility';
import { type PendingItem, type RecentItem } from '../../utils/contracts/messages';
import { handleMessages, type Handlers } from './messaging';
import { nextDueAt, outboxStatus, ratingView, recoverInterrupted, requeueAuth, saveRating } from './outbox/outbox';
import { effectiveConfig, refreshRemoteConfig } from '../../platform/remote-config';
import type { Calendar, CustomTracker, RemoteConfig, SlaEvaluation, Ticket } from '../../utils/contracts/schema';
import { resolveSlaContext } from '../../utils/catalogue/services';
import { readSettings, SETTINGS_KEY, type BuiltInTracker, type Settings } from '../../platform/settings';
import { evaluateSla, learnZoneTable } from '../../utils/sla';
import type { CalendarWithZone } from '../../utils/sla/calendar';
import { ensureRetentionAlarm, pruneLocalData, RETENTION_ALARM, type PruneResult } from './storage/retention';
import { registerPageConfigNotices } from './live-config';
import { flushOutbox } from './outbox/sync';
import { listReplies, replyForTicket } from './replies/reply-list';
import { flushAnswers, saveAnswer } from './replies/answers';
import { isUnread, markRepliesRead, pruneReplies, REPLY_ALARM, REPLY_PERIOD_MINUTES, syncReplies } from './replies/reply-sync';
import { showBadge } from './toolbar-badge';
import { organisationOriginsMissing } from '../../platform/managed-settings';
import { trackerPageMessages } from './tracker-page-messages';
import { runInBackground } from './background-work';
import { createReminders, REMINDER_ALARM } from './reminders';
import { REMINDERS_KEY } from '../../utils/contracts/reminders';
import { createDetectionHealth, ensureHealthAlarm } from './detection-health';
import { createSignIn } from './sign-in/flow';
import { signInFor, withPersonalToken } from './sign-in/store';
import { guardPersonalToken } from './sign-in/token-guard';

export const SYNC_ALARM = 'sf-outbox-sync';
export const CONFIG_ALARM = 'sf-config-refresh';
const SYNC_PERIOD_MINUTES = 1;
const CONFIG_PERIOD_MINUTES = 60;

export interface FeedbackDeps {
  openDb: () => Promise<FeedbackDb>;
  now: () => Date;
  fetchImpl?: typeof fetch;
  /** The person's IANA time zone (reminders); the system's by default. */
  timeZone?: () => string;
}

// One connection per worker life is a cache, not state: reopening gives the same data.
let sharedDb: Promise<FeedbackDb> | undefined;
const defaultDeps: FeedbackDeps = {
  openDb: () =>
    (sharedDb ??= openFeedbackDb(undefined, () => {
      sharedDb = undefined;
    })),
  now: () => new Date(),
};

function slaOf(ticket: Ticket, config: RemoteConfig, now: Date): SlaEvaluation | undefined {
  const { policy, calendar } = resolveSlaContext(ticket, config);
  if (!policy || !calendar) return undefined;
  try {
    return evaluateSla(ticket, policy, calendar, now);
  } catch (error) {
    console.warn(`service-feedback: SLA not evaluated for ${ticket.key}`, error);
    return undefined;
  }
}

/** Completed goals decide; a ticket whose goals are still open has no SLA outcome yet. */
export function slaOutcome(sla: SlaEvaluation | undefined): boolean | undefined {
  const goals = [sla?.firstResponse, sla?.resolution].filter((goal) => goal !== undefined);
  if (goals.some((goal) => goal.state === 'breached')) return false;
  return goals.length > 0 && goals.every((goal) => goal.state === 'met') ? true : undefined;
}

/** Last resolution time: the tracker's own date, else when we first saw the ticket resolved. */
function resolutionTime(ticket: Ticket, previous: TicketRecord | undefined, ratedResolution: string | undefined, now: Date): string | undefined {
  if (!ticket.resolved) return undefined;
  if (ticket.resolvedAt) return ticket.resolvedAt;
  if (previous?.ticket.resolved && previous.resolvedAt) return previous.resolvedAt;
  // A ticket whose record history forgot, but that was rated: the resolution it was rated for,
  // not "now", which would look like a new resolution and ask to update the rating.
  if (!previous && ratedResolution) return ratedResolution;
  return now.toISOString();
}

async function listPending(db: FeedbackDb, config: RemoteConfig, now: Date): Promise<PendingItem[]> {
  const [tickets, ratings, dismissals] = await Promise.all([readAllTickets(db), readAllRatings(db), readAllDismissals(db)]);
  const ratingByTicket = new Map(ratings.map((record) => [record.ticketUrl, record]));
  const dismissalByTicket = new Map(dismissals.map((record) => [record.ticketUrl, record.kind]));
  const pending: PendingItem[] = [];
  for (const record of tickets) {
    const eligibility = decideEligibility({
      ticket: record.ticket,
      resolvedAt: record.resolvedAt,
      service: record.service,
      ratingWindowDays: config.ratingWindowDays,
      dismissal: dismissalByTicket.get(record.url),
      rating: ratingByTicket.get(record.url),
      now,
    });
    if (!eligibility.ask) continue;
    pending.push({
      ticketUrl: record.url,
      key: record.ticket.key,
      title: record.ticket.title,
      serviceName: record.service?.name,
      project: record.ticket.project,
      resolvedAt: record.resolvedAt,
      snoozed: eligibility.collapsed,
    });
  }
  // Not-now items after the rest; newest resolution first within each group.
  return pending.sort((a, b) => Number(a.snoozed) - Number(b.snoozed) || (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''));
}

// Badge updates run one after another, each reading the database when its turn comes, so a slow
// earlier count can never overwrite a newer one. (A queue of work, not state: losing it loses nothing.)
let badgeQueue: Promise<void> = Promise.resolve();

function refreshBadge(db: FeedbackDb, settings: Settings, now: Date): Promise<void> {
  const run = async () => {
    const [pending, replies, organisationMissing, signIn] = await Promise.all([listPending(db, await effectiveConfig(settings), now), readAllReplies(db), organisationOriginsMissing(), signInFor(settings)]);
    await showBadge({
      pending: pending.filter((item) => !item.snoozed).length,
      unreadReplies: replies.filter(isUnread).length,
      organisationSites: organisationMissing.length,
      signInAgain: Boolean(signIn?.refused),
    });
  };
  const next = badgeQueue.then(run);
  badgeQueue = next.catch(() => undefined);
  return next;
}

function parseOrigin(origin: string): URL {
  try {
    return new URL(new URL(origin).origin);
  } catch {
    throw new Error(`page.config: "${origin}" is not an origin`);
  }
}

function trackersFor(origin: URL, settings: Settings, config: RemoteConfig): CustomTracker[] {
  // The user's own entries win over the backend's for the same origin.
  const own = settings.trackers.filter((tracker) => tracker.origin === origin.origin);
  return own.length ? own : config.trackers.filter((tracker) => tracker.origin === origin.origin);
}

/** False on a built-in tracker host the user switched off in the options. */
export function isOriginEnabled(origin: URL, disabledBuiltIns: readonly BuiltInTracker[]): boolean {
  return !disabledBuiltIns.some((name) => BUILT_IN_HOSTS[name](origin));
}

/** The UTC years around now whose zone offsets a page gets with each calendar. */
export const ZONE_TABLE_YEARS = { before: 1, after: 1 };

/**
 * The calendars with their zones' offsets learned here, where Intl's time-zone data costs the
 * page nothing. A zone Intl does not know goes without a table (the page then names the problem).
 */
export function withZoneTables(calendars: readonly Calendar[], now: Date): CalendarWithZone[] {
  const year = now.getUTCFullYear();
  return calendars.map((calendar) => {
    try {
      return { ...calendar, zoneTable: learnZoneTable(calendar.timeZone, year - ZONE_TABLE_YEARS.before, year + ZONE_TABLE_YEARS.after) };
    } catch {
      return calendar;
    }
  });
}

/** Retention (entrypoints/background/storage/retention.ts) with the person's history setting and the rating window in force. */
async function pruneHistory(db: FeedbackDb, settings: Settings, now: Date): Promise<PruneResult> {
  await pruneReplies(db, now.getTime());
  return pruneLocalData(db, { now, historyDays: settings.historyDays, ratingWindowDays: (await effectiveConfig(settings)).ratingWindowDays });
}

export function createHandlers(deps: FeedbackDeps = defaultDeps) {
  // Every request to the backend goes through this one fetch: it notices a refused personal token (sign-in/token-guard.ts).
  const fetchImpl = guardPersonalToken(deps.fetchImpl ?? ((input, init) => fetch(input, init)), { now: deps.now, onRefused: () => badge() });
  /** The settings in force, with the personal token from company sign-in in place of the shared one. */
  const backendSettings = async () => withPersonalToken(await readSettings());

  const flush = async (options: { force?: boolean } = {}) => {
    const db = await deps.openDb();
    const settings = await backendSettings();
    const result = await flushOutbox({ db, settings, fetchImpl, now: () => deps.now().getTime(), force: options.force });
    // Answers ride the ratings' schedule: the same alarm, the same "Sync now".
    await flushAnswers({ db, settings, fetchImpl, now: () => deps.now().getTime(), force: options.force });
    await scheduleRetry(db);
    return result;
  };

  /** Flushes without blocking the caller; a failure is recorded in the outbox, the alarm retries. */
  const flushSoon = () => runInBackground('flush', flush);

  const scheduleRetry = async (db: FeedbackDb) => {
    // The periodic alarm covers retries; an earlier one-off alarm makes the first retry punctual.
    const due = await nextDueAt(db);
    if (due !== undefined) await browser.alarms.create(SYNC_ALARM + '-next', { when: Math.max(due, deps.now().getTime() + 30_000) });
  };

  const reminders = createReminders({
    now: () => deps.now().getTime(),
    timeZone: deps.timeZone,
    pending: async () => listPending(await deps.openDb(), await effectiveConfig(await readSettings()), deps.now()),
  });

  const replySync = async (db: FeedbackDb, options: { force?: boolean } = {}) => {
    const settings = await backendSettings();
    const result = await syncReplies({ db, settings, fetchImpl, now: () => deps.now().getTime(), force: options.force });
    if (result.state === 'done') await refreshBadge(db, settings, deps.now());
    // A notification that cannot show must not fail the sync that stored the replies.
    if (result.newReplies > 0) await reminders.notifyReplies(result.newReplies).catch((error: unknown) => console.warn('service-feedback: reply notification failed', error));
    return result;
  };

  const health = createDetectionHealth({ ...deps, fetchImpl });

  /** Signed in or out: ratings held by a refused token go again (with the new one), the badge follows. */
  const onCredentialsChanged = async () => {
    const db = await deps.openDb();
    await requeueAuth(db);
    await badge();
    runInBackground('credentials change', async () => {
      await refreshRemoteConfig(await backendSettings(), { fetchImpl });
      await flush();
      await replySync(db, { force: true });
    });
  };
  const signIn = createSignIn({ now: deps.now, fetchImpl, onCredentialsChanged });

  const handlers: Handlers = {
    ...health.handlers,

    async 'page.config'({ origin }) {
      const url = parseOrigin(origin);
      const settings = await readSettings();
      const cached = await effectiveConfig(settings);
      // Storage reads only (no IndexedDB): every tracker page asks this once, before it shows anything.
      return {
        enabled: isOriginEnabled(url, settings.disabledBuiltIns),
        trackers: trackersFor(url, settings, cached),
        selectorOverrides: cached.selectorOverrides,
        ignoredResponders: settings.ignoredResponders,
        services: cached.services,
        policies: cached.policies,
        calendars: withZoneTables(cached.calendars, deps.now()),
        messages: trackerPageMessages(),
      };
    },

    'ticket-ui.load': (payload, sender) => loadTicketUi(payload, sender),

    async 'ticket.seen'({ ticket }) {
      const [db, settings] = await Promise.all([deps.openDb(), readSettings()]);
      const [config, previous, rating, dismissal] = await Promise.all([
        effectiveConfig(settings),
        readTicket(db, ticket.url),
        readRatingForTicket(db, ticket.url),
        readDismissal(db, ticket.url),
      ]);
      const now = deps.now();
      const context = resolveSlaContext(ticket, config);
      const resolvedAt = resolutionTime(ticket, previous, rating?.ticketResolvedAt, now);
      const record: TicketRecord = {
        url: ticket.url,
        ticket,
        firstSeenAt: previous?.firstSeenAt ?? now.toISOString(),
        seenAt: now.toISOString(),
        resolvedAt,
        service: context.service && { id: context.service.id, name: context.service.name, whoMayRate: context.service.whoMayRate },
        sla: slaOf(ticket, config, now),
      };
      await db.put('tickets', TicketRecord.parse(record));
      const eligibility = decideEligibility({
        ticket,
        resolvedAt,
        service: context.service,
        ratingWindowDays: config.ratingWindowDays,
        dismissal: dismissal?.kind,
        rating,
        now,
      });
      // The page waits for this reply to draw its badge; the toolbar count can follow a moment later.
      runInBackground('badge update', () => refreshBadge(db, settings, now));
      // A rated ticket may have been answered since; the sync itself keeps to once per 30 s.
      if (rating) runInBackground('reply sync', () => replySync(db));
      const reply = rating ? await replyForTicket(db, ticket.url) : undefined;
      return { ...context, rating: rating && ratingView(rating), eligibility, dismissal: dismissal?.kind, reply };
    },

    async 'rating.submit'({ ticketUrl, draft }) {
      const [db, settings] = await Promise.all([deps.openDb(), readSettings()]);
      const seen = await readTicket(db, ticketUrl);
      if (!seen) throw new Error('rating.submit: this ticket was never seen; open it in the tracker first');
      const { ticket } = seen;
      const now = deps.now();
      const saved = await saveRating(db, {
        ticketUrl,
        draft,
        now,
        ticketResolvedAt: seen.resolvedAt,
        facts: {
          ticketKey: ticket.key,
          ticketUrl,
          tracker: ticket.tracker,
          origin: ticket.origin,
          serviceId: seen.service?.id,
          ticketTitle: ticket.title,
          rater: ticket.viewer,
          resolvedAt: seen.resolvedAt,
          slaMet: slaOutcome(seen.sla),
        },
      });
      // A "not now" is answered by the rating itself.
      if ((await readDismissal(db, ticketUrl))?.kind === 'not-now') await db.delete('dismissals', ticketUrl);
      await refreshBadge(db, settings, now);
      flushSoon();
      return ratingView(saved);
    },

    async 'rating.get'({ ticketUrl }) {
      const record = await readRatingForTicket(await deps.openDb(), ticketUrl);
      return { rating: record && ratingView(record) };
    },

    async 'rating.dismiss'({ ticketUrl, kind }) {
      const [db, settings] = await Promise.all([deps.openDb(), readSettings()]);
      await db.put('dismissals', { ticketUrl, kind, at: deps.now().toISOString() });
      await refreshBadge(db, settings, deps.now());
      return { dismissal: kind };
    },

    async 'pending.list'({ offset, limit }) {
      const [db, settings] = await Promise.all([deps.openDb(), readSettings()]);
      const pending = await listPending(db, await effectiveConfig(settings), deps.now());
      return { items: pending.slice(offset, offset + limit), total: pending.length, snoozed: pending.filter((item) => item.snoozed).length };
    },

    async 'recent.list'({ limit }) {
      const [db, settings] = await Promise.all([deps.openDb(), readSettings()]);
      const config = await effectiveConfig(settings);
      const now = deps.now();
      const recent = await readRecentTickets(db, limit);
      return {
        items: recent.map(
          (record): RecentItem => ({
            ticketUrl: record.url,
            key: record.ticket.key,
            title: record.ticket.title,
            status: record.ticket.status,
            resolved: record.ticket.resolved,
            serviceName: record.service?.name,
            seenAt: record.seenAt,
            // Re-evaluated now: a running clock has moved on since the page was seen.
            sla: slaOf(record.ticket, config, now) ?? record.sla,
          }),
        ),
      };
    },

    async 'replies.list'({ refresh }) {
      const db = await deps.openDb();
      if (refresh) await replySync(db);
      return listReplies(db);
    },

    async 'reply.answer'({ ratingId, resolved, comment }) {
      const db = await deps.openDb();
      await saveAnswer(db, ratingId, { resolved, comment }, deps.now().getTime());
      flushSoon();
      return listReplies(db);
    },

    async 'replies.read'({ ratingIds }) {
      const db = await deps.openDb();
      await markRepliesRead(db, ratingIds);
      await refreshBadge(db, await readSettings(), deps.now());
      return listReplies(db);
    },

    async 'outbox.status'() {
      const [db, settings] = await Promise.all([deps.openDb(), readSettings()]);
      return outboxStatus(db, Boolean(settings.backendUrl));
    },

    async 'sync.now'() {
      const [db, settings] = await Promise.all([deps.openDb(), readSettings()]);
      if (settings.backendUrl) {
        await refreshRemoteConfig(await withPersonalToken(settings), { fetchImpl });
        await flush({ force: true });
        // A person asked: the team's replies too, now, whenever the last check was.
        await replySync(db, { force: true });
        // And the detection-health counts waiting for a backend that collects them (their failure is not the outbox's).
        await health.upload().catch((error: unknown) => console.warn('service-feedback: detection health upload failed', error));
      }
      return outboxStatus(db, Boolean(settings.backendUrl));
    },

    'sign-in.status': ({ ask }) => signIn.status({ ask }),
    'sign-in.start': () => signIn.start(),
    'sign-in.end': () => signIn.end(),
  };

  /** Browser start, install/update: no flush can be in flight, so `syncing` means interrupted. */
  const onWorkerRestart = async () => {
    const db = await deps.openDb();
    const settings = await readSettings();
    await recoverInterrupted(db);
    await ensureAlarms();
    await refreshRemoteConfig(await withPersonalToken(settings), { fetchImpl });
    await refreshBadge(db, settings, deps.now());
    await reminders.schedule();
    // A new browser session is a new network: waiting ratings go now, not after the backoff that
    // the last session's failures earned (which could be up to an hour away).
    await flush({ force: true });
    await pruneHistory(db, settings, deps.now());
  };

  const onAlarm = async (name: string) => {
    if (name === SYNC_ALARM || name === SYNC_ALARM + '-next') await flush();
    if (name === REPLY_ALARM) await replySync(await deps.openDb());
    if (name === REMINDER_ALARM) await reminders.onAlarm();
    if (name === RETENTION_ALARM) await pruneHistory(await deps.openDb(), await readSettings(), deps.now());
    await health.onAlarm(name);
    if (name === CONFIG_ALARM) {
      const db = await deps.openDb();
      const settings = await readSettings();
      await refreshRemoteConfig(await withPersonalToken(settings), { fetchImpl });
      await refreshBadge(db, settings, deps.now());
    }
  };

  const onSettingsChange = async (before: unknown, after: unknown) => {
    const pick = (value: unknown) => (value && typeof value === 'object' ? value : {}) as Partial<Settings>;
    const [old, next] = [pick(before), pick(after)];
    if (old.token === next.token && old.backendUrl === next.backendUrl) return;
    // New credentials or a new backend: ratings held back by 401/403 may go again.
    const db = await deps.openDb();
    await requeueAuth(db);
    await refreshRemoteConfig(await backendSettings(), { fetchImpl });
    await flush();
  };

  const badge = async () => refreshBadge(await deps.openDb(), await readSettings(), deps.now());

  return { handlers, health, signIn, flush, onWorkerRestart, onAlarm, onSettingsChange, reminders, refreshBadge: badge, pruneHistory: async () => pruneHistory(await deps.openDb(), await readSettings(), deps.now()) };
}

export async function ensureAlarms(): Promise<void> {
  if (!(await browser.alarms.get(SYNC_ALARM))) await browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
  if (!(await browser.alarms.get(CONFIG_ALARM))) await browser.alarms.create(CONFIG_ALARM, { periodInMinutes: CONFIG_PERIOD_MINUTES });
  if (!(await browser.alarms.get(REPLY_ALARM))) await browser.alarms.create(REPLY_ALARM, { periodInMinutes: REPLY_PERIOD_MINUTES });
  await ensureRetentionAlarm();
  await ensureHealthAlarm();
}

/** Registers every feedback listener synchronously; call at the top of the worker's main. */
export function registerFeedbackListeners(deps: FeedbackDeps = defaultDeps): ReturnType<typeof createHandlers> {
  const feedback = createHandlers(deps);
  handleMessages(feedback.handlers);
  browser.alarms.onAlarm.addListener((alarm) => runInBackground(`alarm ${alarm.name}`, () => feedback.onAlarm(alarm.name)));
  browser.runtime.onStartup.addListener(() => runInBackground('start-up', feedback.onWorkerRestart));
  browser.runtime.onInstalled.addListener(() => runInBackground('install', feedback.onWorkerRestart));
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes[SETTINGS_KEY];
    if (area === 'local' && change) runInBackground('settings change', () => feedback.onSettingsChange(change.oldValue, change.newValue));
    // The organisation's policy changed: its changes name only the keys that changed.
    if (area === 'managed') {
      const side = (which: 'oldValue' | 'newValue') => ({ backendUrl: changes.backendUrl?.[which] ?? undefined, token: changes.token?.[which] ?? undefined });
      runInBackground('policy change', async () => {
        await feedback.onSettingsChange(side('oldValue'), side('newValue'));
        await feedback.refreshBadge();
      });
    }
    // The options page switched reminders on or off, or said "Not this week".
    if (area === 'local' && changes[REMINDERS_KEY]) runInBackground('reminder schedule', () => feedback.reminders.schedule());
  });
  // `notifications` is optional: its events exist once granted; listened to from the start when so.
  feedback.reminders.listen();
  // The toolbar says when the organisation's sites still need a grant: follow grants and removals.
  const onAccess = () => runInBackground('badge update', feedback.refreshBadge);
  browser.permissions.onAdded.addListener(onAccess);
  browser.permissions.onRemoved.addListener(onAccess);
  // Open tracker tabs follow settings and catalogue changes without a reload.
  registerPageConfigNotices((error) => console.error('service-feedback: page config notice failed', error));
  // A worker woken for any event checks the alarms exist (they survive restarts but not every update).
  runInBackground('alarm set-up', ensureAlarms);
  return feedback;
}
