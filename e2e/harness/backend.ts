/**
 * The real backend (`server/start.ts`) in this process, on loopback, with a temporary SQLite
 * file and the example configuration. Assertions read the very same SQLite file read-only.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../../server/start';
import { CLIENT_ID, CLIENT_SECRET, startTestIdp, type TestIdp } from '../../test/server/auth/test-idp';
import { waitFor } from './wait';

export const EXAMPLE_CONFIG = resolve(import.meta.dirname, '../../config/example.json');

/** The first ingest token of the example config: what an extension user would paste. */
export function exampleIngestToken(): string {
  const config = JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as { tokens?: { ingest?: string[] } };
  const token = config.tokens?.ingest?.[0];
  if (!token) throw new Error(`${EXAMPLE_CONFIG} has no tokens.ingest[0] for the extension to use`);
  return token;
}

/** The stored columns scenarios assert on (read straight from the SQLite file). */
export interface StoredRatingRow {
  id: string;
  ticketKey: string;
  ticketTitle: string | null;
  overall: number;
  communication: number | null;
  understanding: number | null;
  proactiveness: number | null;
  comment: string | null;
  tags: string[];
}

const SELECT_ROWS = `SELECT id, ticket_key AS ticketKey, ticket_title AS ticketTitle, overall, communication,
  understanding, proactiveness, comment, tags FROM ratings`;

export interface Backend {
  url: string;
  port: number;
  databasePath: string;
  token: string;
  /** Stops the server; `start()` brings it back on the same port and database (backend outage). */
  stop(): Promise<void>;
  /**
   * Stops the server and holds its port with one that accepts connections and never answers:
   * a request sent now stays in flight until the client gives up or dies.
   */
  hang(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and deletes the temporary database. */
  dispose(): Promise<void>;
  ratings(where?: { ticketKey?: string }): StoredRatingRow[];
  /** The loopback OpenID Connect provider the backend signs people in with (`startBackendWith({ testIdp: true })`). */
  idp?: TestIdp;
}

/** Waits until the backend has stored a rating of `ticketKey`; returns every row for it. */
export function storedRatingsOf(backend: Backend, ticketKey: string): Promise<StoredRatingRow[]> {
  return waitFor(() => {
    const found = backend.ratings({ ticketKey });
    return found.length > 0 ? found : undefined;
  }, { what: `the rating of ${ticketKey} in the backend database` });
}

export async function startBackend(): Promise<Backend> {
  return startBackendWith();
}

export interface BackendOptions {
  /** Top-level keys laid over the example configuration (written beside the database). */
  config?: Record<string, unknown>;
  /**
   * Company sign-in: starts the test IdP (test/server/auth/test-idp.ts, `oidc-provider` on
   * loopback, accounts `alice`, `bob`, `carol`) and sets `auth.oidc` to it, so shared ingest
   * tokens are refused (`auth.sharedIngest` defaults to false).
   */
  testIdp?: boolean;
}

export async function startBackendWith(options: BackendOptions = {}): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'sf-e2e-db-'));
  const databasePath = join(dir, 'ratings.db');
  const token = exampleIngestToken();
  const idp = options.testIdp ? await startTestIdp() : undefined;
  const overlay = { ...options.config, ...(idp ? { auth: { oidc: { issuer: idp.issuer, clientId: CLIENT_ID, scopes: ['openid', 'email', 'profile', 'groups'] } } } : {}) };
  let configPath = EXAMPLE_CONFIG;
  if (options.config || idp) {
    configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ ...(JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as object), ...overlay }));
  }
  // Only what the run sets: token overrides from the developer's shell must not change what the run tests.
  const env = idp ? { SERVICE_FEEDBACK_OIDC_CLIENT_SECRET: CLIENT_SECRET } : {};
  const listen = (port: number) => startServer({ port, host: '127.0.0.1', databasePath, configPath, env, shutdownGraceMs: 500 });
  let server: RunningServer | undefined = await listen(0).catch(async (error: unknown) => {
    await idp?.close();
    throw error;
  });
  let silent: NetServer | undefined;
  const held = new Set<Socket>();
  const stopSilent = async () => {
    for (const socket of held) socket.destroy();
    held.clear();
    await new Promise<void>((done) => (silent ? silent.close(() => done()) : done()));
    silent = undefined;
  };
  const url = server.url.replace(/\/+$/, '');
  const port = Number(new URL(url).port);
  // The IdP sends people back to the backend's callback (for the web UI and the extension alike).
  idp?.register([`${url}/auth/callback`]);

  return {
    url,
    port,
    databasePath,
    token,
    idp,
    async stop() {
      await server?.close();
      server = undefined;
    },
    async hang() {
      await server?.close();
      server = undefined;
      silent = createNetServer((socket) => {
        held.add(socket);
        socket.on('close', () => held.delete(socket));
      });
      await new Promise<void>((done, fail) => silent!.once('error', fail).listen(port, '127.0.0.1', () => done()));
    },
    async dispose() {
      await stopSilent();
      await server?.close();
      server = undefined;
      await idp?.close();
      rmSync(dirname(databasePath), { recursive: true, force: true });
    },
    async start() {
      await stopSilent();
      if (server) return;
      server = await listen(port);
    },
    ratings(where = {}) {
      if (!existsSync(databasePath)) return [];
      const db = new Database(databasePath, { readonly: true, fileMustExist: true });
      try {
        const rows = (where.ticketKey === undefined
          ? db.prepare(`${SELECT_ROWS} ORDER BY received_at`).all()
          : db.prepare(`${SELECT_ROWS} WHERE ticket_key = ? ORDER BY received_at`).all(where.ticketKey)) as Array<Omit<StoredRatingRow, 'tags'> & { tags: string }>;
        return rows.map((row) => ({ ...row, tags: JSON.parse(row.tags) as string[] }));
      } finally {
        db.close();
      }
    },
  };
}
