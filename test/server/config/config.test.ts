// The config file is validated at start-up: a bad file stops the server and names each bad field.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../../server/config/server-config';
import { POSTGRES_MIGRATIONS } from '../../../server/store/postgres-migrations';
import { MIGRATIONS, databasePathFromUrl } from '../../../server/store/sqlite';
import { startServer } from '../../../server/start';
import { ADMIN, ENGINE, INGEST, bearer, exampleConfig, freshDatabase, makeRating, postRatings, queryRows, startTestServer } from '../helpers';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sf-config-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function brokenConfig(): Record<string, unknown> {
  const config = exampleConfig() as {
    services: Record<string, unknown>[];
    policies: Record<string, unknown>[];
    calendars: Record<string, unknown>[];
    tokens: Record<string, unknown>;
  };
  config.services[0]!.name = '';
  config.services[1]!.policyId = 'no-such-policy';
  config.services[2]!.whoMayRate = 'everybody';
  config.policies[0]!.calendarId = 'no-such-calendar';
  config.calendars[0]!.timeZone = 'Mars/Olympus';
  config.tokens.admin = 'short';
  return { ...config, ratingWindowDays: -1 };
}

const EXPECTED_PATHS = [
  'services[0].name',
  'services[1].policyId',
  'services[2].whoMayRate',
  'policies[0].calendarId',
  'calendars[0].timeZone',
  'tokens.admin',
  'ratingWindowDays',
];

describe('config validation', () => {
  it('accepts config/example.json with its demo tokens', () => {
    const config = loadConfig('config/example.json', {});
    expect(config.tokens).toEqual({ ingest: ['demo-ingest-token'], admin: 'demo-admin-token' });
    expect(config.services.map((service) => service.id)).toEqual(['it-helpdesk', 'platform', 'data-access', 'security-review']);
  });

  it('refuses to start on a malformed file, lists every bad field and creates no database', async () => {
    const dir = tempDir();
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify(brokenConfig()));
    const databasePath = join(dir, 'data', 'x.db');
    const failure = await startServer({ port: 0, configPath, databasePath, env: {} }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    const problems = (failure as ConfigError).problems;
    for (const path of EXPECTED_PATHS) expect(problems.some((problem) => problem.startsWith(`${path}: `))).toBe(true);
    expect((failure as ConfigError).message).toContain(configPath);
    expect(existsSync(databasePath)).toBe(false);
  });

  it('reports dangling references and duplicate ids once the shapes are valid', () => {
    const config = exampleConfig() as { services: Record<string, unknown>[]; policies: Record<string, unknown>[] };
    config.services[1]!.policyId = 'no-such-policy';
    config.services[3]!.id = 'it-helpdesk';
    config.policies[0]!.calendarId = 'no-such-calendar';
    expect(() => parseConfig(config, 'test')).toThrow(ConfigError);
    try {
      parseConfig(config, 'test');
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'services[3].id: duplicate id "it-helpdesk"',
        'services[1].policyId: unknown policy "no-such-policy"',
        'policies[0].calendarId: unknown calendar "no-such-calendar"',
      ]);
    }
  });

  it.each<[string, string, string]>([
    ['not JSON', '{"services": [', '(file): not valid JSON'],
    ['not an object', '[1, 2]', '(root): must be a JSON object'],
    ['without tokens', '{}', 'tokens: '],
  ])('refuses a file that is %s', (_label, text, problem) => {
    const path = join(tempDir(), 'config.json');
    writeFileSync(path, text);
    expect(() => loadConfig(path, {})).toThrow(problem);
  });

  it('takes tokens and the rate limit from the environment', () => {
    const config = loadConfig('config/example.json', {
      SERVICE_FEEDBACK_INGEST_TOKENS: 'first-ingest-token-123, second-ingest-token-45',
      SERVICE_FEEDBACK_ADMIN_TOKEN: 'environment-admin-token',
      SERVICE_FEEDBACK_RATE_LIMIT: '120000',
    });
    expect(config.tokens).toEqual({ ingest: ['first-ingest-token-123', 'second-ingest-token-45'], admin: 'environment-admin-token' });
    expect(config.rateLimit.requestsPerMinute).toBe(120000);
  });

  it('the running server honours an admin token from the environment', async () => {
    const server = await startTestServer({ env: { SERVICE_FEEDBACK_ADMIN_TOKEN: 'environment-admin-token' } });
    try {
      expect((await fetch(`${server.url}/v1/report`, { headers: bearer(ADMIN) })).status).toBe(401);
      expect((await fetch(`${server.url}/v1/report`, { headers: bearer('environment-admin-token') })).status).toBe(200);
      expect((await fetch(`${server.url}/v1/config`, { headers: bearer(INGEST) })).status).toBe(200);
    } finally {
      await server.dispose();
    }
  });

  it.each([
    ['./data/a.db', join(process.cwd(), 'data/a.db')],
    ['file:./data/a.db', join(process.cwd(), 'data/a.db')],
    ['file:///var/lib/sf/a.db', '/var/lib/sf/a.db'],
    [':memory:', ':memory:'],
  ])('DATABASE_URL %s → %s', (url, path) => {
    expect(databasePathFromUrl(url)).toBe(path);
  });
});

describe('server/main.ts', () => {
  it('exits with status 1 and logs each bad field as JSON', async () => {
    const dir = tempDir();
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify(brokenConfig()));
    const run = promisify(execFile)('node_modules/.bin/tsx', ['server/main.ts'], {
      env: { ...process.env, SERVICE_FEEDBACK_CONFIG: configPath, DATABASE_URL: join(dir, 'x.db'), PORT: '0' },
    });
    const failure = (await run.catch((error: unknown) => error)) as { code: number; stderr: string };
    expect(failure.code).toBe(1);
    const entry = JSON.parse(failure.stderr.trim().split('\n').at(-1)!) as { msg: string; problems: string[] };
    expect(entry.msg).toBe('invalid configuration');
    for (const path of EXPECTED_PATHS) expect(entry.problems.join('\n')).toContain(`${path}: `);
  });

  it('serves, logs one JSON line per event without tokens, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    // SQLite: a file: URL into a folder that does not exist yet; PostgreSQL: a fresh database.
    const fresh = await freshDatabase(dir);
    const databasePath = join(dir, 'nested', 'main.db');
    const database = fresh.databaseUrl ? { databaseUrl: fresh.databaseUrl } : { databasePath };
    const child = spawn('node_modules/.bin/tsx', ['server/main.ts'], {
      env: { ...process.env, DATABASE_URL: database.databaseUrl ?? `file:${databasePath}`, PORT: '0', SERVICE_FEEDBACK_ADMIN_TOKEN: ADMIN },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let url: string | undefined;
    for (let waited = 0; url === undefined && waited < 15_000 && child.exitCode === null; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      url = stdout.match(/"report":"(http:\/\/127\.0\.0\.1:\d+)\/"/)?.[1];
    }
    expect(url, stdout).toBeDefined();
    expect((await fetch(`${url}/v1/report`, { headers: bearer(ADMIN) })).status).toBe(200);
    const stored = await postRatings({ url: url! }, [makeRating()], 'demo-ingest-token');
    expect(await stored.json()).toMatchObject({ accepted: 1 });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; extension?: string });
    expect(lines.some((line) => line.extension?.endsWith('.output/chrome-mv3'))).toBe(true);
    expect(lines.some((line) => line.msg === 'request')).toBe(true);
    expect(lines.at(-1)!.msg).toBe('stopped');
    expect(stdout).not.toContain(ADMIN);
    expect(stdout).not.toContain('demo-ingest-token');
    if (database.databaseUrl) {
      // The PostgreSQL password is never logged (the URL is, without it).
      expect(stdout).not.toContain(new URL(database.databaseUrl).password);
      expect(stdout).toContain('***@127.0.0.1');
    } else {
      // The database was closed cleanly: the WAL is checkpointed away.
      const wal = `${databasePath}-wal`;
      expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    }
    const migrations = ENGINE === 'postgres' ? POSTGRES_MIGRATIONS : MIGRATIONS;
    expect(await queryRows(database, 'SELECT version FROM schema_version ORDER BY version')).toEqual(migrations.map((_, index) => ({ version: index + 1 })));
    expect(await queryRows(database, 'SELECT COUNT(*) AS count FROM ratings')).toEqual([{ count: 1 }]);
    await fresh.drop();
  });
});
