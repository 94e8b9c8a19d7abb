/**
 * Starts the real server (config → SQLite → Hono on node:http) and gives back its URL and a
 * graceful `close()`. Used by `main.ts`, the tests, the benchmark and the e2e harness.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createApp, type Logger } from './app';
import { loadConfig, type ServerConfig } from './config';
import { openDatabase, startCheckpointer } from './db';
import { warnCalendarsLackingHolidays } from './calendars/coverage-warning';

export interface StartOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  databasePath: string;
  configPath: string;
  /** Source of the token / rate-limit overrides; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  logRequests?: boolean;
  /** How long `close()` lets in-flight requests finish before cutting connections. */
  shutdownGraceMs?: number;
}

export interface RunningServer {
  url: string;
  config: ServerConfig;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const config = loadConfig(options.configPath, options.env ?? process.env);
  const db = openDatabase(options.databasePath);
  const log = options.log ?? (() => {});
  warnCalendarsLackingHolidays(config.calendars, log);
  const checkpointer =
    options.databasePath === ':memory:'
      ? undefined
      : startCheckpointer(db, options.databasePath, 1000, (message) => log({ level: 'warn', msg: 'checkpoint failed', error: message }));
  const app = createApp({ db, config, log: options.log, logRequests: options.logRequests });
  const server = createAdaptorServer({ fetch: app.fetch });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await checkpointer?.stop();
    db.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const httpServer = server as import('node:http').Server;
      // Stop accepting, let in-flight requests finish, then close the database.
      const forceAfter = setTimeout(() => httpServer.closeAllConnections(), options.shutdownGraceMs ?? 5000);
      forceAfter.unref();
      httpServer.close(() => {
        clearTimeout(forceAfter);
        void (checkpointer?.stop() ?? Promise.resolve()).finally(() => {
          db.close();
          resolve();
        });
      });
      httpServer.closeIdleConnections();
    }));

  return { url: `http://${host}:${address.port}`, config, close };
}
