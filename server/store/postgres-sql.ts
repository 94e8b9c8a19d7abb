/**
 * Small helpers the PostgreSQL engine's modules share: the pool (with int8 read as numbers),
 * positional parameters, transactions with retry, and the report filter as SQL.
 */
import pg from 'pg';
import type { RatingFilter } from './store';

export type Queryable = pg.Pool | pg.PoolClient;

/** COUNT and SUM come back as int8 / numeric; every such value here fits a JS number. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** `options`: startup settings for every session of the pool, e.g. `-c synchronous_commit=off`. */
export function createPool(url: string, max = 10, options?: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max, types: TYPES, ...(options ? { options } : {}) });
}

/** Positional parameters built up with the SQL text: `params.add(value)` gives `$n`. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

/** Runs `work` in one transaction on one pooled connection; retried when PostgreSQL asks for it. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const code = (error as { code?: string }).code;
      if (attempt >= 5 || code === undefined || !RETRYABLE.has(code)) throw error;
    } finally {
      client.release();
    }
  }
}

/** Only the bounds that are set become conditions, so the planner sees plain index ranges. */
export function filterSql(filter: RatingFilter, params: Params, alias = ''): string[] {
  const conditions: string[] = [];
  if (filter.service !== undefined) conditions.push(`${alias}service_id = ${params.add(filter.service)}`);
  if (filter.fromMs !== undefined) conditions.push(`${alias}rated_at_ms >= ${params.add(filter.fromMs)}`);
  if (filter.toMs !== undefined) conditions.push(`${alias}rated_at_ms <= ${params.add(filter.toMs)}`);
  return conditions;
}

export const whereSql = (conditions: readonly string[]) => (conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`);

