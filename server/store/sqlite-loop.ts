/**
 * The SQLite side of closing the loop: follow-ups, replies, requesters' answers, the audit trail
 * and improvements. Its tables come from `LOOP_MIGRATION`, one entry of `MIGRATIONS` in sqlite.ts.
 */
import type Database from 'better-sqlite3';
import type { AnswerRow, AuditRow, FollowUpRow, ImprovementRow, InboxRow, LoopStore, RaterRow, ReplyRow } from './store';

export const LOOP_MIGRATION = `
  CREATE TABLE follow_ups (
    rating_id  TEXT PRIMARY KEY,
    state      TEXT NOT NULL CHECK (state IN ('new', 'acknowledged', 'replied', 'resolved')),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  ) STRICT;
  CREATE TABLE replies (
    id           TEXT PRIMARY KEY,
    rating_id    TEXT NOT NULL,
    text         TEXT NOT NULL,
    author_name  TEXT NOT NULL,
    author_email TEXT,
    at           TEXT NOT NULL
  ) STRICT;
  CREATE INDEX replies_by_rating ON replies (rating_id, at);
  CREATE TABLE answers (
    rating_id TEXT PRIMARY KEY,
    resolved  INTEGER NOT NULL CHECK (resolved IN (0, 1)),
    comment   TEXT,
    at        TEXT NOT NULL
  ) STRICT;
  CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    rating_id  TEXT,
    service_id TEXT,
    action     TEXT NOT NULL,
    detail     TEXT,
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL
  ) STRICT;
  CREATE INDEX audit_by_rating ON audit_log (rating_id);
  CREATE TABLE improvements (
    id           TEXT PRIMARY KEY,
    service_id   TEXT NOT NULL,
    text         TEXT NOT NULL,
    author_name  TEXT NOT NULL,
    author_email TEXT,
    at           TEXT NOT NULL,
    at_ms        INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX improvements_by_service_time ON improvements (service_id, at_ms);`;

const INBOX_SELECT = `SELECT r.id, r.service_id AS serviceId, r.ticket_key AS ticketKey, r.ticket_url AS ticketUrl, r.tracker,
  r.origin, r.ticket_title AS ticketTitle, r.overall, r.communication, r.understanding, r.proactiveness, r.tags, r.comment,
  r.rater, r.rated_at AS ratedAt, r.rated_at_ms AS ratedAtMs, r.resolved_at AS resolvedAt, r.sla_met AS slaMet,
  COALESCE(f.state, 'new') AS followUpState, f.updated_at AS followUpUpdatedAt
  FROM ratings r LEFT JOIN follow_ups f ON f.rating_id = r.id`;

// Rows written in the same millisecond keep their order by rowid (insertion order).
// Lists of ids go in as one JSON parameter, so each statement is prepared once whatever the count.
const IN_IDS = (column: string) => `${column} IN (SELECT value FROM json_each(@ids))`;

export function createLoopStore(db: Database.Database): LoopStore {
  const one = db.prepare(`${INBOX_SELECT} WHERE r.id = ?`);
  const inbox = db.prepare(`${INBOX_SELECT}
    WHERE (@services IS NULL OR r.service_id IN (SELECT value FROM json_each(@services)))
      AND (@service IS NULL OR r.service_id = @service)
      AND (@state IS NULL OR COALESCE(f.state, 'new') = @state)
      AND (@maxOverall IS NULL OR r.overall <= @maxOverall)
      AND (@fromMs IS NULL OR r.rated_at_ms >= @fromMs) AND (@toMs IS NULL OR r.rated_at_ms <= @toMs)
      AND (@beforeMs IS NULL OR r.rated_at_ms < @beforeMs OR (r.rated_at_ms = @beforeMs AND r.id < @beforeId))
    ORDER BY r.rated_at_ms DESC, r.id DESC LIMIT @limit`);
  const replies = db.prepare(`SELECT id, rating_id AS ratingId, text, author_name AS authorName, at FROM replies
    WHERE ${IN_IDS('rating_id')} ORDER BY at, rowid`);
  const followUps = db.prepare(`SELECT rating_id AS ratingId, state, updated_at AS updatedAt FROM follow_ups WHERE ${IN_IDS('rating_id')}`);
  const answers = db.prepare(`SELECT rating_id AS ratingId, resolved, comment, at FROM answers WHERE ${IN_IDS('rating_id')}`);
  const serviceOf = db.prepare('SELECT service_id AS serviceId FROM ratings WHERE id = ?');
  const raters = db.prepare(`SELECT id, service_id AS serviceId, rater, rater_key AS raterKey FROM ratings WHERE ${IN_IDS('id')}`);
  const insertReply = db.prepare(`INSERT INTO replies (id, rating_id, text, author_name, author_email, at)
    VALUES (@id, @ratingId, @text, @authorName, @authorEmail, @at)`);
  const upsertFollowUp = db.prepare(`INSERT INTO follow_ups (rating_id, state, updated_at, updated_by) VALUES (?, ?, ?, ?)
    ON CONFLICT (rating_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
  const upsertAnswer = db.prepare(`INSERT INTO answers (rating_id, resolved, comment, at) VALUES (?, ?, ?, ?)
    ON CONFLICT (rating_id) DO UPDATE SET resolved = excluded.resolved, comment = excluded.comment, at = excluded.at`);
  const insertAudit = db.prepare(`INSERT INTO audit_log (rating_id, service_id, action, detail, actor, at) VALUES (?, ?, ?, ?, ?, ?)`);
  const audit = db.prepare(`SELECT id, rating_id AS ratingId, service_id AS serviceId, action, detail, actor, at FROM audit_log
    WHERE (@ratingId IS NULL OR rating_id = @ratingId) ORDER BY id DESC LIMIT @limit`);
  const insertImprovement = db.prepare(`INSERT INTO improvements (id, service_id, text, author_name, author_email, at, at_ms)
    VALUES (@id, @serviceId, @text, @authorName, @authorEmail, @at, @atMs)`);
  const improvements = db.prepare(`SELECT id, serviceId, text, authorName, at FROM (
      SELECT id, service_id AS serviceId, text, author_name AS authorName, at, at_ms, rowid AS sequence,
        ROW_NUMBER() OVER (PARTITION BY service_id ORDER BY at_ms DESC, rowid DESC) AS place
      FROM improvements
      WHERE (@serviceId IS NULL OR service_id = @serviceId) AND (@sinceMs IS NULL OR at_ms >= @sinceMs))
    WHERE (@perService IS NULL OR place <= @perService) ORDER BY at_ms DESC, sequence DESC LIMIT @limit`);

  const record = (ratingId: string | null, serviceId: string | null, action: string, detail: unknown, actor: string, at: string) =>
    insertAudit.run(ratingId, serviceId, action, detail === undefined ? null : JSON.stringify(detail), actor, at);
  const ratingService = (ratingId: string) => (serviceOf.get(ratingId) as { serviceId: string | null } | undefined)?.serviceId ?? null;

  const addReply = db.transaction((reply: ReplyRow, who: { actor: string; at: string; authorEmail: string | null }) => {
    insertReply.run({ ...reply, authorEmail: who.authorEmail });
    upsertFollowUp.run(reply.ratingId, 'replied', who.at, who.actor);
    const service = ratingService(reply.ratingId);
    record(reply.ratingId, service, 'reply', { replyId: reply.id, text: reply.text }, who.actor, who.at);
    record(reply.ratingId, service, 'follow-up', { state: 'replied' }, who.actor, who.at);
  });
  const setFollowUp = db.transaction((ratingId: string, state: string, who: { actor: string; at: string }) => {
    upsertFollowUp.run(ratingId, state, who.at, who.actor);
    record(ratingId, ratingService(ratingId), 'follow-up', { state }, who.actor, who.at);
  });
  const saveAnswer = db.transaction((answer: AnswerRow, who: { actor: string; at: string }) => {
    upsertAnswer.run(answer.ratingId, Number(answer.resolved), answer.comment, answer.at);
    record(answer.ratingId, ratingService(answer.ratingId), 'answer', { resolved: answer.resolved, comment: answer.comment }, who.actor, who.at);
  });
  const addImprovement = db.transaction((row: ImprovementRow, who: { actor: string; at: string; authorEmail: string | null }) => {
    insertImprovement.run({ ...row, authorEmail: who.authorEmail, atMs: Date.parse(row.at) });
    record(null, row.serviceId, 'improvement', { improvementId: row.id, text: row.text }, who.actor, who.at);
  });

  const ids = (list: readonly string[]) => ({ ids: JSON.stringify(list) });
  return {
    rating: async (id) => (one.get(id) as InboxRow | undefined) ?? null,
    inbox: async (filter) =>
      inbox.all({
        services: filter.services === null ? null : JSON.stringify(filter.services),
        service: filter.service ?? null,
        state: filter.state ?? null,
        maxOverall: filter.maxOverall ?? null,
        fromMs: filter.fromMs ?? null,
        toMs: filter.toMs ?? null,
        beforeMs: filter.before?.ms ?? null,
        beforeId: filter.before?.id ?? null,
        limit: filter.limit,
      }) as InboxRow[],
    raters: async (list) => (list.length === 0 ? [] : (raters.all(ids(list)) as RaterRow[])),
    replies: async (list) => (list.length === 0 ? [] : (replies.all(ids(list)) as ReplyRow[])),
    followUps: async (list) => (list.length === 0 ? [] : (followUps.all(ids(list)) as FollowUpRow[])),
    answers: async (list) =>
      list.length === 0
        ? []
        : (answers.all(ids(list)) as (Omit<AnswerRow, 'resolved'> & { resolved: number })[]).map((row) => ({ ...row, resolved: row.resolved === 1 })),
    addReply: async (reply, who) => addReply(reply, who),
    setFollowUp: async (ratingId, state, who) => setFollowUp(ratingId, state, who),
    saveAnswer: async (answer, who) => saveAnswer(answer, who),
    audit: async ({ ratingId, limit }) => audit.all({ ratingId: ratingId ?? null, limit }) as AuditRow[],
    addImprovement: async (row, who) => addImprovement(row, who),
    improvements: async ({ serviceId, sinceMs, perService, limit }) =>
      improvements.all({ serviceId: serviceId ?? null, sinceMs: sinceMs ?? null, perService: perService ?? null, limit }) as ImprovementRow[],
  };
}
