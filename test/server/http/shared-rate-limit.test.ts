// Two server processes on one database (SQLite file or PostgreSQL, per the vitest project) share
// every rate limit: a token's budget, and the failed-attempt budget of an address, which still never
// locks out a valid credential from that address (an office behind one NAT address).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, stopChildServer, type ChildServer } from '../child-server';
import { ADMIN, INGEST, bearer, exampleConfig, freshDatabase, makeRating, postRatings, type DatabaseChoice } from '../helpers';

const BUDGET = 5;
let dir: string;
let database: DatabaseChoice & { drop(): Promise<void> };
let servers: ChildServer[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-shared-limit-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(exampleConfig()));
  database = await freshDatabase(dir);
  const env = { PORT: '0', DATABASE_URL: database.databaseUrl ?? database.databasePath!, SERVICE_FEEDBACK_CONFIG: configPath, SERVICE_FEEDBACK_RATE_LIMIT: String(BUDGET) };
  // One after the other: the first creates the SQLite file's folder and applies the migrations.
  servers.push(await startChildServer(env));
  servers.push(await startChildServer(env));
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => stopChildServer(server.process)));
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('rate limits across two server processes on one database', () => {
  it("spends one token's budget whichever server answers", async () => {
    const statuses = [];
    for (let index = 0; index <= BUDGET; index++) {
      statuses.push((await fetch(`${servers[index % 2]!.url}/v1/config`, { headers: bearer(INGEST) })).status);
    }
    // A budget of 5 a minute refills one every 12 s; this takes well under that.
    expect(statuses).toEqual([...Array.from({ length: BUDGET }, () => 200), 429]);
    const refused = await fetch(`${servers[1]!.url}/v1/config`, { headers: bearer(INGEST) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
  });

  it("shares an address's failed attempts and still lets a valid credential in from it", async () => {
    const statuses = [];
    for (let index = 0; index < BUDGET * 2; index++) {
      statuses.push((await fetch(`${servers[index % 2]!.url}/v1/report`, { headers: bearer('wrong-token-guess-000000') })).status);
    }
    expect(statuses).toEqual([...Array.from({ length: BUDGET }, () => 401), ...Array.from({ length: BUDGET }, () => 429)]);
    // The same address with the right credentials, on both servers: the admin signs in and reads the report.
    for (const server of servers) {
      const signIn = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ token: ADMIN }), redirect: 'manual' });
      expect(signIn.status).toBe(303);
    }
    expect((await fetch(`${servers[0]!.url}/v1/report`, { headers: bearer(ADMIN) })).status).toBe(200);
    expect((await postRatings(servers[1]!, [makeRating()], INGEST)).status).toBe(429); // its own budget is spent above
  });
});
