/**
 * `npm start` / `npm run server`: the backend on http://127.0.0.1:8787 with the example config
 * and ./data/service-feedback.db (or PostgreSQL with DATABASE_URL=postgres://…). Environment: PORT, HOST,
 * DATABASE_URL, SERVICE_FEEDBACK_CONFIG, SERVICE_FEEDBACK_INGEST_TOKENS, SERVICE_FEEDBACK_ADMIN_TOKEN,
 * SERVICE_FEEDBACK_RATE_LIMIT and the delivery tuning SERVICE_FEEDBACK_NOTIFY_* (notify/tuning.ts).
 */
import { resolve } from 'node:path';
import { ConfigError } from './config/server-config';
import type { LogEntry } from './http/app';
import { describeDatabase } from './store/open';
import { watchConfigFile } from './config/watch';
import { startServer } from './start';

function log(entry: LogEntry): void {
  const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
  if (entry.level === 'info') process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 8787;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    log({ level: 'error', msg: 'PORT: must be an integer between 0 and 65535', value });
    process.exit(1);
  }
  return port;
}

async function main(): Promise<void> {
  const configPath = resolve(process.env.SERVICE_FEEDBACK_CONFIG || 'config/example.json');
  const databaseUrl = process.env.DATABASE_URL || './data/service-feedback.db';
  let server;
  try {
    server = await startServer({
      port: parsePort(process.env.PORT),
      host: process.env.HOST || '127.0.0.1',
      configPath,
      databaseUrl,
      log,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      log({ level: 'error', msg: 'invalid configuration', config: configPath, source: error.source, problems: error.problems });
    } else {
      log({ level: 'error', msg: 'cannot start', error: String(error) });
    }
    process.exit(1);
  }
  const running = server;
  log({
    level: 'info',
    msg: `Service Feedback backend listening on ${running.url}`,
    url: running.url,
    config: configPath,
    database: describeDatabase(databaseUrl),
    services: running.config.services.length,
  });
  log({
    level: 'info',
    msg: `Load the extension unpacked from ${resolve('.output/chrome-mv3')} (chrome://extensions, Developer mode, Load unpacked)`,
    extension: resolve('.output/chrome-mv3'),
  });
  log({ level: 'info', msg: `Report for service owners: ${running.url}/ (sign in with the admin token)`, report: `${running.url}/` });
  log({ level: 'info', msg: `Owners' inbox: ${running.url}/inbox (sign in with an owner's personal token)`, inbox: `${running.url}/inbox` });

  // Configuration reload without a restart: on SIGHUP and whenever the file changes. A bad file
  // is refused with one problem per field, and the running configuration stays.
  const reload = (trigger: string) => {
    const outcome = running.reload();
    if (outcome.ok) log({ level: 'info', msg: 'configuration reloaded', trigger, config: configPath, services: outcome.config.services.length });
    else log({ level: 'error', msg: 'configuration refused; the running configuration stays', trigger, config: configPath, problems: outcome.problems });
  };
  process.on('SIGHUP', () => reload('SIGHUP'));
  const watcher = watchConfigFile(configPath, () => reload('file changed'));

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      watcher.close();
      log({ level: 'info', msg: 'shutting down', signal });
      running.close().then(
        () => {
          log({ level: 'info', msg: 'stopped' });
          process.exit(0);
        },
        (error: unknown) => {
          log({ level: 'error', msg: 'shutdown failed', error: String(error) });
          process.exit(1);
        },
      );
    });
  }
}

void main();
