/**
 * A browser policy file the e2e writes as an admin would (as root) and must never leave behind:
 * removed by `remove()`, and also when the process exits for any other reason (a failed
 * assertion, the run limit, Ctrl-C) so no machine keeps a stray policy.
 */
import { rmSync, writeFileSync } from 'node:fs';

export interface PolicyFile {
  path: string;
  remove(): void;
}

/**
 * Writes `policy` to `path`. `exclusive`: fail instead of replacing a file already there (a
 * browser that reads a single policy file: someone else's policy must not be overwritten).
 */
export function writePolicyFile(path: string, policy: unknown, options: { exclusive?: boolean; removeAlso?: () => void } = {}): PolicyFile {
  writeFileSync(path, JSON.stringify(policy, null, 2), { mode: 0o644, flag: options.exclusive ? 'wx' : 'w' });
  const remove = () => {
    rmSync(path, { force: true });
    options.removeAlso?.();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', remove);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
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
