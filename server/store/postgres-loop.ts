/**
 * The PostgreSQL side of closing the loop: follow-ups, replies, requesters' answers, the audit
 * trail and improvements (tables from the second entry of `POSTGRES_MIGRATIONS`).
 */
import type pg from 'pg';
import { inTransaction, Params, whereSql } from './postgres-sql';
import type { AnswerRow, AuditRow, FollowUpRow, ImprovementRow, InboxRow, LoopStore, RaterRow, ReplyRow } from './store';

type Queryable = pg.Pool | pg.PoolClient;

const INBOX_SELECT = `SELECT r.id, r.service_id AS "serviceId", r.ticket_key AS "ticketKey", r.ticket_url AS "ticketUrl", r.tracker,
  r.origin, r.ticket_title AS "ticketTitle", r.overall, r.communication, r.understanding, r.proactiveness, r.tags, r.comment,
  r.rater, r.rated_at AS "ratedAt", r.rated_at_ms AS "ratedAtMs", r.resolved_at AS "resolvedAt", r.sla_met AS "slaMet",
  COALESCE(f.state, 'new') AS "followUpState", f.updated_at AS "followUpUpdatedAt"
  FROM ratings r LEFT JOIN follow_ups f ON f.rating_id = r.id`;

const UPSERT_FOLLOW_UP = `INSERT INTO follow_ups (rating_id, state, updated_at, updated_by) VALUES ($1, $2, $3, $4)
  ON CONFLICT (rating_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, updated_by = excluded.updated_by`;

async function record(db: Queryable, ratingId: string | null, serviceId: string | null, action: string, detail: unknown, actor: string, at: string) {
  await db.query('INSERT INTO audit_log (rating_id, service_id, action, detail, actor, at) VALUES ($1, $2, $3, $4, $5, $6)', [
    ratingId,
    serviceId,
    action,
    detail === undefined ? null : JSON.stringify(detail),
    actor,
    at,
  ]);
}

async function ratingService(db: Queryable, ratingId: string): Promise<string | null> {
  const { rows } = await db.query<{ serviceId: string | null }>('SELECT service_id AS "serviceId" FROM ratings WHERE id = $1', [ratingId]);
  return rows[0]?.serviceId ?? null;
}

export function createPostgresLoopStore(pool: pg.Pool): LoopStore {
  const byIds = async <T extends pg.QueryResultRow>(sql: string, ids: readonly string[]): Promise<T[]> =>
    ids.length === 0 ? [] : (await pool.query<T>(sql, [ids])).rows;

  return {
    rating: async (id) => (await pool.query<InboxRow>(`${INBOX_SELECT} WHERE r.id = $1`, [id])).rows[0] ?? null,
    inbox: async (filter) => {
      const params = new Params();
      const conditions: string[] = [];
      if (filter.services !== null) conditions.push(`r.service_id = ANY(${params.add(filter.services)}::text[])`);
      if (filter.service !== undefined) conditions.push(`r.service_id = ${params.add(filter.service)}`);
      if (filter.state !== undefined) conditions.push(`COALESCE(f.state, 'new') = ${params.add(filter.state)}`);
      if (filter.maxOverall !== undefined) conditions.push(`r.overall <= ${params.add(filter.maxOverall)}`);
      if (filter.fromMs !== undefined) conditions.push(`r.rated_at_ms >= ${params.add(filter.fromMs)}`);
      if (filter.toMs !== undefined) conditions.push(`r.rated_at_ms <= ${params.add(filter.toMs)}`);
      if (filter.before) conditions.push(`(r.rated_at_ms, r.id) < (${params.add(filter.before.ms)}, ${params.add(filter.before.id)})`);
      const sql = `${INBOX_SELECT} ${whereSql(conditions)} ORDER BY r.rated_at_ms DESC, r.id DESC LIMIT ${params.add(filter.limit)}`;
      return (await pool.query<InboxRow>(sql, params.values)).rows;
    },
    raters: (ids) =>
      byIds<RaterRow>('SELECT id, service_id AS "serviceId", rater, rater_key AS "raterKey" FROM ratings WHERE id = ANY($1::text[])', ids),
    replies: (ids) =>
      byIds<ReplyRow>(
        `SELECT id, rating_id AS "ratingId", text, author_name AS "authorName", at FROM replies WHERE rating_id = ANY($1::text[]) ORDER BY at, seq`,
        ids,
      ),
    followUps: (ids) =>
      byIds<FollowUpRow>(`SELECT rating_id AS "ratingId", state, updated_at AS "updatedAt" FROM follow_ups WHERE rating_id = ANY($1::text[])`, ids),
    answers: async (ids) =>
      (
        await byIds<Omit<AnswerRow, 'resolved'> & { resolved: number }>(
          `SELECT rating_id AS "ratingId", resolved, comment, at FROM answers WHERE rating_id = ANY($1::text[])`,
          ids,
        )
      ).map((row) => ({ ...row, resolved: row.resolved === 1 })),
    addReply: (reply, who) =>
      inTransaction(pool, async (client) => {
        await client.query('INSERT INTO replies (id, rating_id, text, author_name, author_email, at) VALUES ($1, $2, $3, $4, $5, $6)', [
          reply.id,
          reply.ratingId,
          reply.text,
          reply.authorName,
          who.authorEmail,
          reply.at,
        ]);
        await client.query(UPSERT_FOLLOW_UP, [reply.ratingId, 'replied', who.at, who.actor]);
        const service = await ratingService(client, reply.ratingId);
        await record(client, reply.ratingId, service, 'reply', { replyId: reply.id, text: reply.text }, who.actor, who.at);
        await record(client, reply.ratingId, service, 'follow-up', { state: 'replied' }, who.actor, who.at);
      }),
    setFollowUp: (ratingId, state, who) =>
      inTransaction(pool, async (client) => {
        await client.query(UPSERT_FOLLOW_UP, [ratingId, state, who.at, who.actor]);
        await record(client, ratingId, await ratingService(client, ratingId), 'follow-up', { state }, who.actor, who.at);
      }),
    saveAnswer: (answer, who) =>
      inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO answers (rating_id, resolved, comment, at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (rating_id) DO UPDATE SET resolved = excluded.resolved, comment = excluded.comment, at = excluded.at`,
          [answer.ratingId, Number(answer.resolved), answer.comment, answer.at],
        );
        const detail = { resolved: answer.resolved, comment: answer.comment };
        await record(client, answer.ratingId, await ratingService(client, answer.ratingId), 'answer', detail, who.actor, who.at);
      }),
    audit: async ({ ratingId, limit }) =>
      (
        await pool.query<AuditRow>(
          `SELECT id, rating_id AS "ratingId", service_id AS "serviceId", action, detail, actor, at FROM audit_log
           WHERE ($1::text IS NULL OR rating_id = $1) ORDER BY id DESC LIMIT $2`,
          [ratingId ?? null, limit],
        )
      ).rows,
    addImprovement: (row, who) =>
      inTransaction(pool, async (client) => {
        await client.query(
          'INSERT INTO improvements (id, service_id, text, author_name, author_email, at, at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [row.id, row.serviceId, row.text, row.authorName, who.authorEmail, row.at, Date.parse(row.at)],
        );
        await record(client, null, row.serviceId, 'improvement', { improvementId: row.id, text: row.text }, who.actor, who.at);
      }),
    improvements: async ({ serviceId, sinceMs, perService, limit }) =>
      (
        await pool.query<ImprovementRow>(
          `SELECT id, "serviceId", text, "authorName", at FROM (
             SELECT id, service_id AS "serviceId", text, author_name AS "authorName", at, at_ms, seq,
               ROW_NUMBER() OVER (PARTITION BY service_id ORDER BY at_ms DESC, seq DESC) AS place
             FROM improvements
             WHERE ($1::text IS NULL OR service_id = $1) AND ($2::bigint IS NULL OR at_ms >= $2)) AS ranked
           WHERE ($3::int IS NULL OR place <= $3) ORDER BY at_ms DESC, seq DESC LIMIT $4`,
          [serviceId ?? null, sinceMs ?? null, perService ?? null, limit],
        )
      ).rows,
  };
}
