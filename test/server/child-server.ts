// The backend as a real child process: `node --import tsx server/main.ts` (no tsx wrapper, so the
// pid is the server's own and SIGKILL / SIGHUP reach it), with its JSON log lines kept for tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export interface ChildServer {
  process: ChildProcess;
  url: string;
  /** Every JSON line logged so far (stdout and stderr), oldest first. */
  lines(): { msg: string; [key: string]: unknown }[];
}

export async function startChildServer(env: NodeJS.ProcessEnv): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Bounded: a long run logs a line per failed delivery.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const lines = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{') && line.endsWith('}'))
      .map((line) => JSON.parse(line) as { msg: string; [key: string]: unknown });
  let url: string | undefined;
  for (let waited = 0; url === undefined && waited < 20_000; waited += 50) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    url = output.match(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/)?.[1];
  }
  if (!url) throw new Error(`server did not start: ${output.slice(-2000)}`);
  return { process: child, url, lines };
}

/** SIGTERM and wait, unless it has exited (or was killed) already. */
export async function stopChildServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export interface ChildServerFolder {
  dir: string;
  configPath: string;
  databasePath: string;
  /** What points `server/main.ts` at this folder: port 0, the SQLite file, the config file. */
  env: NodeJS.ProcessEnv;
}

/**
 * The set-up a child-server test shares: per test a temp folder with the config file, the server
 * started from it, and a receiver if the test has one; after each test the server is stopped, the
 * receiver closed and the folder deleted, pass or fail. Call at the top of the test file.
 */
export function childServerTests(prefix: string) {
  const state: { dir?: string; child?: ChildProcess; receiver?: { close(): Promise<void> } } = {};
  afterEach(async () => {
    await stopChildServer(state.child);
    await state.receiver?.close();
    if (state.dir) rmSync(state.dir, { recursive: true, force: true });
    state.dir = state.child = state.receiver = undefined;
  });
  return {
    /** A fresh temp folder with `config` as its config.json; the database file goes in data/. */
    folder(config: unknown, databaseName = 'feedback.db'): ChildServerFolder {
      const dir = (state.dir = mkdtempSync(join(tmpdir(), prefix)));
      const configPath = join(dir, 'config.json');
      const databasePath = join(dir, 'data', databaseName);
      writeFileSync(configPath, JSON.stringify(config));
      return { dir, configPath, databasePath, env: { PORT: '0', DATABASE_URL: databasePath, SERVICE_FEEDBACK_CONFIG: configPath } };
    },
    /** Starts a server (again, after a kill) and makes it the one stopped after the test. */
    async start(env: NodeJS.ProcessEnv): Promise<ChildServer> {
      const server = await startChildServer(env);
      state.child = server.process;
      return server;
    },
    /** A receiver to close after the test. */
    keep<T extends { close(): Promise<void> }>(receiver: T): T {
      state.receiver = receiver;
      return receiver;
    },
    /** The server process started last. */
    get child(): ChildProcess | undefined {
      return state.child;
    },
  };
}
