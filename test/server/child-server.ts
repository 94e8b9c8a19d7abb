// The backend as a real child process: `node --import tsx server/main.ts` (no tsx wrapper, so the
// pid is the server's own and SIGKILL / SIGHUP reach it), with its JSON log lines kept for tests.
import { spawn, type ChildProcess } from 'node:child_process';

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
