// Starts the real backend (node:http + SQLite file in a temp folder) for one test file.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Rating } from '../../utils/contracts/schema';
import { startServer, type RunningServer } from '../../server/start';

export const INGEST = 'test-ingest-token-0001';
export const ADMIN = 'test-admin-token-00001';

export function exampleConfig(): Record<string, unknown> {
  const config = JSON.parse(readFileSync('config/example.json', 'utf8')) as Record<string, unknown>;
  return { ...config, tokens: { ingest: [INGEST], admin: ADMIN }, corsOrigins: ['https://portal.example.com'] };
}

export interface TestServer extends RunningServer {
  dir: string;
  databasePath: string;
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
  const databasePath = join(dir, 'data', 'ratings.db');
  const boot = async (): Promise<TestServer> => {
    const running = await startServer({ port: 0, databasePath, configPath, env: options.env ?? {} });
    return {
      ...running,
      dir,
      databasePath,
      configPath,
      restart: async () => {
        await running.close();
        return boot();
      },
      dispose: async () => {
        await running.close();
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
