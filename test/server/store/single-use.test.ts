// One-time things stay one-time when several server instances share one database: an extension's
// sign-in code and an IdP round trip's `state` are taken by exactly one of many concurrent takers,
// spread over two store instances (two connection pools on PostgreSQL, two connections on SQLite).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/open';
import type { Store } from '../../../server/store/store';
import { freshDatabase, type DatabaseChoice } from '../helpers';

let dir: string;
let database: DatabaseChoice & { drop(): Promise<void> };
let stores: Store[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-single-use-'));
  database = await freshDatabase(dir);
  const where = database.databaseUrl ?? database.databasePath!;
  // One after the other: both apply (or find) the same migrations.
  stores = [await openStore(where), await openStore(where)];
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const TAKERS = 24;
const inFuture = () => Date.now() + 60_000;

describe('single use across instances', () => {
  it('gives a one-time code to exactly one of many concurrent takers', async () => {
    for (let round = 0; round < 5; round++) {
      const codeHash = randomUUID();
      await stores[round % 2]!.addAuthCode(codeHash, {
        email: 'rae@example.com', name: 'Rae', groups: [], redirectUri: 'https://extension.example/', codeChallenge: 'challenge', expiresAt: inFuture(),
      });
      const taken = await Promise.all(Array.from({ length: TAKERS }, (_, index) => stores[index % 2]!.takeAuthCode(codeHash)));
      const winners = taken.filter((row) => row !== null);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ email: 'rae@example.com', redirectUri: 'https://extension.example/' });
    }
  });

  it("gives an IdP round trip's state to exactly one of many concurrent callbacks", async () => {
    for (let round = 0; round < 5; round++) {
      const state = randomUUID();
      await stores[round % 2]!.addLogin(state, {
        kind: 'web', nonce: 'nonce', codeVerifier: 'verifier', redirectUri: null, clientState: null, codeChallenge: null, expiresAt: inFuture(),
      });
      const taken = await Promise.all(Array.from({ length: TAKERS }, (_, index) => stores[index % 2]!.takeLogin(state)));
      expect(taken.filter((login) => login !== null)).toHaveLength(1);
    }
  });
});
