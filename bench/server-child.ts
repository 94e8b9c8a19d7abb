/**
 * The benchmarks' server: the real backend in a child process (so the load generator never shares
 * its event loop), on the database given, with durable defaults and no request logging.
 * `fork`ed as `server-child.ts --serve <database>`; it reports its URL to the parent.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/start';

export const INGEST_TOKEN = 'bench-ingest-token-000000';
export const ADMIN_TOKEN = 'bench-admin-token-0000000';

async function serve(databaseUrl: string): Promise<void> {
  const server = await startServer({
    port: 0,
    databaseUrl,
    configPath: 'config/example.json',
    env: { SERVICE_FEEDBACK_INGEST_TOKENS: INGEST_TOKEN, SERVICE_FEEDBACK_ADMIN_TOKEN: ADMIN_TOKEN, SERVICE_FEEDBACK_RATE_LIMIT: '10000000' },
    logRequests: false,
  });
  process.send?.({ url: server.url });
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    await server.close();
    process.exit(0);
  });
}

export function startChild(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  return forkServer(fileURLToPath(import.meta.url), ['--serve', databaseUrl]);
}

/** Forks `modulePath` with `args` and waits for the `{ url }` it sends once listening; `stopChild` ends it. */
export async function forkServer(modulePath: string, args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(modulePath, args, { execArgv: process.execArgv, stdio: 'inherit' });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`${modulePath} exited with ${code}`)));
  });
  return { child, url };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  await exited;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--serve')) {
  void serve(process.argv[process.argv.indexOf('--serve') + 1]!);
}
