/**
 * Starts the real server (config → store, SQLite or PostgreSQL → Hono on node:http) and gives back its URL and a
 * graceful `close()`. Used by `main.ts`, the tests, the benchmark and the e2e harness.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { ConfigError, loadConfig, type ServerConfig } from './config/server-config';
import { createApp, defaultProjectRoot, type Logger } from './http/app';
import { eventsForConfig } from './notify/events';
import { startDigestSchedule, type DigestScheduleOptions } from './notify/digest-schedule';
import { startDeliveryLoop, type DeliveryLoopOptions } from './notify/loop';
import { deliveryTuningFromEnv } from './notify/tuning';
import { openStore } from './store/open';
import { warnCalendarsLackingHolidays } from './calendars/coverage-warning';
import { startLiveCatalogue } from './catalogue/live';

export interface StartOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** The SQLite file (or `:memory:`); ignored when `databaseUrl` is set. */
  databasePath?: string;
  /** `postgres://…` for PostgreSQL, or a path / `file:` URL for SQLite (see store/open.ts); wins over `databasePath`. */
  databaseUrl?: string;
  configPath: string;
  /** Source of the token / rate-limit overrides; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  logRequests?: boolean;
  /** How long `close()` lets in-flight requests finish before cutting connections. */
  shutdownGraceMs?: number;
  /** Delivery loop tuning (tests shorten the retry delays); see notify/loop.ts. */
  notify?: Pick<DeliveryLoopOptions, 'pollMs' | 'timeoutMs' | 'leaseMs' | 'batch' | 'retry'>;
  /** Weekly digest schedule (tests set the clock); see notify/digest-schedule.ts. */
  digests?: Pick<DigestScheduleOptions, 'now' | 'everyMs' | 'enabled'>;
}

export interface RunningServer {
  url: string;
  /** The configuration in force (replaced by a successful `reload()`). */
  readonly config: ServerConfig;
  /**
   * Reads the configuration file again. A valid file takes over for new requests, alerts and
   * digests (port, host, database and environment stay); a bad one is refused with one problem per
   * field and the running configuration stays.
   */
  reload(): ReloadOutcome;
  close(): Promise<void>;
}

export type ReloadOutcome = { ok: true; config: ServerConfig } | { ok: false; problems: string[] };

export async function startServer(options: StartOptions): Promise<RunningServer> {
  let config = loadConfig(options.configPath, options.env ?? process.env);
  // SERVICE_FEEDBACK_NOTIFY_* (notify/tuning.ts); options.notify wins over the environment.
  const tuning = deliveryTuningFromEnv(options.env ?? process.env);
  if (tuning.problems.length > 0) throw new ConfigError('in the environment', tuning.problems);
  const log = options.log ?? (() => {});
  warnCalendarsLackingHolidays(config.calendars, log);
  const database = options.databaseUrl ?? options.databasePath;
  if (database === undefined) throw new Error('startServer: set databaseUrl or databasePath');
  const store = await openStore(database, {
    onCheckpointError: (message) => log({ level: 'warn', msg: 'checkpoint failed', error: message }),
    eventsFor: (...args) => eventsFor(...args),
  });
  const catalogue = await startLiveCatalogue({ store, config, log, now: Date.now });
  const appFor = (next: ServerConfig) => createApp({ store, config: next, catalogue, log: options.log, logRequests: options.logRequests });
  let eventsFor = eventsForConfig(config);
  let app = appFor(config);
  // Through `app` at request time, so a reload swaps the whole app (routes, tokens, people) at once.
  const server = createAdaptorServer({ fetch: (request, env) => app.fetch(request, env) });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    catalogue.stop();
    await store.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const deliveries = startDeliveryLoop({ store, config, baseUrl: config.publicUrl ?? url, projectRoot: defaultProjectRoot, log, ...tuning.tuning, ...options.notify });
  const digests = startDigestSchedule({ store, config, log, ...options.digests });

  const reload = (): ReloadOutcome => {
    let next: ServerConfig;
    try {
      next = loadConfig(options.configPath, options.env ?? process.env);
    } catch (error) {
      if (error instanceof ConfigError) return { ok: false, problems: error.problems };
      throw error;
    }
    // The stored catalogue version stays in force; the file brings tokens, people and chat targets.
    catalogue.rebase(next).catch((error: unknown) => log({ level: 'error', msg: 'catalogue not updated from the reloaded file', error: String(error) }));
    warnCalendarsLackingHolidays(next.calendars, log);
    config = next;
    eventsFor = eventsForConfig(next);
    app = appFor(next);
    deliveries.update(next, next.publicUrl ?? url);
    digests.update(next);
    return { ok: true, config: next };
  };

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const httpServer = server as import('node:http').Server;
      // Stop accepting, let in-flight requests finish, then close the store.
      const forceAfter = setTimeout(() => httpServer.closeAllConnections(), options.shutdownGraceMs ?? 5000);
      forceAfter.unref();
      httpServer.close(() => {
        clearTimeout(forceAfter);
        catalogue.stop();
        void Promise.all([digests.stop(), deliveries.stop()]).finally(() => store.close().finally(resolve));
      });
      httpServer.closeIdleConnections();
    }));

  return {
    url,
    get config() {
      return config;
    },
    reload,
    close,
  };
}
