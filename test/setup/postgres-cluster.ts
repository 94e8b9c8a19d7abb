/**
 * A throwaway PostgreSQL cluster for the tests and the benchmark: `initdb` in a temporary folder,
 * listening on 127.0.0.1 on a free port with a random password, stopped and deleted afterwards.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
 * (created by Debian's package; `POSTGRES_OS_USER` picks another) through `runuser`.
 * Missing binaries fail loudly, saying how to install them: nothing is skipped.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresCluster {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  /** The URL of database `name` on this cluster. */
  urlOf(name: string): string;
  stop(): Promise<void>;
}

function findBinaries(): string {
  const fromEnv = process.env.POSTGRES_BIN;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, 'initdb'))) throw new Error(`POSTGRES_BIN=${fromEnv} has no initdb`);
    return fromEnv;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb), and the server tests run on PostgreSQL too. ' +
        'Install them with `apt-get install postgresql` (Debian/Ubuntu; .ci/run does this), or set POSTGRES_BIN to the folder holding initdb and pg_ctl.',
    );
  }
  return join(root, versions[0]!, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function osUser(): Promise<{ name: string; uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const name = process.env.POSTGRES_OS_USER ?? 'postgres';
  try {
    const uid = Number((await run('id', ['-u', name])).stdout.trim());
    const gid = Number((await run('id', ['-g', name])).stdout.trim());
    return { name, uid, gid };
  } catch {
    throw new Error(
      `running as root, and PostgreSQL refuses root: the system user "${name}" is missing. ` +
        'Install Debian\'s postgresql package (it creates the user), or set POSTGRES_OS_USER to an unprivileged user.',
    );
  }
}

/**
 * `durable: false` (the tests) turns fsync off, which only matters on power loss; the benchmark
 * keeps PostgreSQL's durable defaults so that its figures are those of a real deployment.
 */
export async function startPostgresCluster(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const bin = findBinaries();
  const user = await osUser();
  const dir = mkdtempSync(join(tmpdir(), 'sf-postgres-'));
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('hex');
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(passwordFile, user.uid, user.gid);
  }
  const as = (command: string, args: string[]) =>
    user ? run('runuser', ['-u', user.name, '--', join(bin, command), ...args]) : run(join(bin, command), args);

  const settings = [
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    '-c max_connections=300',
    '-c shared_buffers=128MB',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ];
  try {
    await as('initdb', ['-D', data, '-U', 'sf', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C', '-N']);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await as('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', [`-p ${port}`, ...settings].join(' '), 'start']);
        break;
      } catch (error) {
        // Another process took the port in between: try another one.
        if (attempt >= 3) throw error;
      }
    }
    const base = `postgres://sf:${password}@127.0.0.1:${port}`;
    let stopped: Promise<void> | undefined;
    return {
      adminUrl: `${base}/postgres`,
      urlOf: (name) => `${base}/${name}`,
      stop: () =>
        (stopped ??= as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).then(
          () => rmSync(dir, { recursive: true, force: true }),
          (error: unknown) => {
            rmSync(dir, { recursive: true, force: true });
            throw error;
          },
        )),
    };
  } catch (error) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a throwaway PostgreSQL cluster: ${String(error)}\n${log}`);
  }
}
