// Starts the real backend (node:http + a SQLite file in a temp folder, or a fresh database on the
// throwaway PostgreSQL cluster of test/setup/postgres.ts) for one test. The vitest project picks
// the engine (SF_TEST_ENGINE, see vitest.config.ts), so every server test runs on both.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
import type { Rating } from '../../utils/contracts/schema';
import { startServer, type RunningServer } from '../../server/start';

export type Engine = 'sqlite' | 'postgres';
export const ENGINE: Engine = process.env.SF_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** Where a server keeps its data: spread into `startServer` options. */
export interface DatabaseChoice {
  databasePath?: string;
  databaseUrl?: string;
}

const INT8 = 20;
const NUMERIC = 1700;
const pools = new Map<string, pg.Pool>();
function poolFor(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      max: 2,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 || oid === NUMERIC ? Number : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
    });
    pools.set(url, pool);
  }
  return pool;
}

async function endPool(url: string): Promise<void> {
  const pool = pools.get(url);
  pools.delete(url);
  await pool?.end();
}

/** A new, empty database on the test cluster (for PostgreSQL), or a file path in `dir` (SQLite). */
export async function freshDatabase(dir: string): Promise<DatabaseChoice & { drop(): Promise<void> }> {
  if (ENGINE === 'sqlite') return { databasePath: join(dir, 'data', 'ratings.db'), drop: async () => {} };
  const cluster = inject('postgres');
  const name = `sf_test_${randomBytes(6).toString('hex')}`;
  await poolFor(cluster.adminUrl).query(`CREATE DATABASE ${name}`);
  const databaseUrl = cluster.urlOf.replace('{name}', name);
  return {
    databaseUrl,
    // Best effort (the whole cluster is deleted after the run): never force, so that no connection
    // still closing somewhere is cut off mid-test.
    drop: async () => {
      await endPool(databaseUrl);
      await poolFor(cluster.adminUrl)
        .query(`DROP DATABASE IF EXISTS ${name}`)
        .catch(() => {});
    },
  };
}

export const INGEST = 'test-ingest-token-0001';
export const ADMIN = 'test-admin-token-00001';

export function exampleConfig(): Record<string, unknown> {
  const config = JSON.parse(readFileSync('config/example.json', 'utf8')) as Record<string, unknown>;
  return { ...config, tokens: { ingest: [INGEST], admin: ADMIN }, corsOrigins: ['https://portal.example.com'] };
}

export interface TestServer extends RunningServer {
  dir: string;
  /** The engine's database: pass to `startServer` to start another server on the same data. */
  database: DatabaseChoice;
  configPath: string;
  /** Close and start again on the same files. */
  restart(): Promise<TestServer>;
  /** Close and delete the temp folder. */
  dispose(): Promise<void>;
}

export async function startTestServer(
  options: { config?: Record<string, unknown>; env?: NodeJS.ProcessEnv } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sf-server-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(options.config ?? exampleConfig()));
  const { drop, ...database } = await freshDatabase(dir);
  const boot = async (): Promise<TestServer> => {
    const running = await startServer({ port: 0, ...database, configPath, env: options.env ?? {} });
    return {
      ...running,
      dir,
      database,
      configPath,
      restart: async () => {
        await running.close();
        return boot();
      },
      dispose: async () => {
        await running.close();
        await drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
  return boot();
}

export function makeRating(overrides: Partial<Rating> = {}): Rating {
  return {
    id: randomUUID(),
    ticketKey: 'IT-42',
    ticketUrl: 'https://acme.atlassian.net/browse/IT-42',
    tracker: 'jira',
    origin: 'https://acme.atlassian.net',
    serviceId: 'it-helpdesk',
    overall: 4,
    tags: [],
    rater: 'alice',
    ratedAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...extra };
}

export async function postRatings(server: { url: string }, ratings: unknown[], token = INGEST): Promise<Response> {
  return fetch(`${server.url}/v1/ratings`, { method: 'POST', headers: bearer(token), body: JSON.stringify({ ratings }) });
}

/** Reads the SQLite file directly (read-only) to check what the server stored. */
export function readRows(databasePath: string, sql: string, ...params: unknown[]): Record<string, unknown>[] {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/**
 * Reads what a server stored, straight from its database, on either engine: plain SQL that both
 * speak, with `?` placeholders (numbered for PostgreSQL here); counts come back as numbers.
 */
export async function queryRows(database: DatabaseChoice, sql: string, ...params: unknown[]): Promise<Record<string, unknown>[]> {
  if (database.databaseUrl) {
    let index = 0;
    const numbered = sql.replace(/\?/g, () => `$${++index}`);
    return (await poolFor(database.databaseUrl).query(numbered, params)).rows as Record<string, unknown>[];
  }
  return readRows(database.databasePath!, sql, ...params);
}

/** Changes what a server stored, behind its back (e.g. to age a session), on either engine; `?` placeholders. */
export async function writeRows(database: DatabaseChoice, sql: string, ...params: unknown[]): Promise<void> {
  if (database.databaseUrl) {
    await queryRows(database, sql, ...params);
    return;
  }
  const db = new Database(database.databasePath!);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** RFC 4180 parser, enough to read the export back. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    record.push(cell);
    cell = '';
  };
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character !== '"') cell += character;
      else if (text[index + 1] === '"') {
        cell += '"';
        index++;
      } else quoted = false;
    } else if (character === '"') {
      quoted = true;
    } else if (character === ',') {
      endCell();
    } else if (character === '\r' && text[index + 1] === '\n') {
      endCell();
      records.push(record);
      record = [];
      index++;
    } else {
      cell += character;
    }
  }
  return records;
}

/** Signs in on the web UI with a token; returns the session cookie (`name=value`). */
export async function signIn(server: { url: string }, token: string): Promise<string> {
  const response = await fetch(`${server.url}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
    redirect: 'manual',
  });
  if (response.status !== 303) throw new Error(`sign-in answered ${response.status}, not 303`);
  return response.headers.get('Set-Cookie')!.split(';')[0]!;
}

export interface PageAnswer {
  status: number;
  text: string;
  location: string | null;
}

const answerOf = async (response: Response): Promise<PageAnswer> => ({ status: response.status, text: await response.text(), location: response.headers.get('Location') });

/** A web page as the signed-in person (`cookie`) sees it; redirects are not followed. */
export async function getPage(server: { url: string }, cookie: string, path: string, headers: Record<string, string> = {}): Promise<PageAnswer> {
  return answerOf(await fetch(`${server.url}${path}`, { headers: { Cookie: cookie, ...headers }, redirect: 'manual' }));
}

/** Posts a web form, url-encoded (a record) or multipart (FormData, as with a file field). */
export async function postForm(server: { url: string }, cookie: string, path: string, form: Record<string, string> | FormData): Promise<PageAnswer> {
  const encoded = form instanceof FormData ? { body: form } : { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() };
  return answerOf(await fetch(`${server.url}${path}`, { method: 'POST', ...encoded, headers: { Cookie: cookie, ...encoded.headers }, redirect: 'manual' }));
}

/** The CSRF token of the first form on a page. */
export const csrfOf = (text: string) => text.match(/name="csrf" value="([\w-]+)"/)![1]!;
