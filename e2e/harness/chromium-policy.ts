/**
 * A Chromium policy file, the way an admin deploys one on Linux (docs/DEPLOY.md): JSON in
 * `/etc/chromium/policies/managed/`. Chromium reads that folder when it starts, so write the
 * file before launching. The file is removed by `remove()`, and also when the process exits for
 * any other reason (a failed assertion, the run limit, Ctrl-C) so no machine keeps a stray policy.
 * Needs root (CI and the dev machines run as root).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM_POLICY_DIR = process.env.CHROMIUM_POLICY_DIR || '/etc/chromium/policies/managed';

export interface PolicyFile {
  path: string;
  remove(): void;
}

/** Writes `policy` as its own file (unique name: other runs may share the machine). */
export function writeChromiumPolicy(name: string, policy: unknown): PolicyFile {
  mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
  const path = join(CHROMIUM_POLICY_DIR, `${name}-${process.pid}.json`);
  const remove = () => rmSync(path, { force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', remove);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  writeFileSync(path, JSON.stringify(policy, null, 2), { mode: 0o644 });
  return {
    path,
    remove() {
      remove();
      process.off('exit', remove);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
