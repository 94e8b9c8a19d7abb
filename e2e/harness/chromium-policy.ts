/**
 * A Chromium policy file, the way an admin deploys one on Linux (docs/DEPLOY.md): JSON in
 * `/etc/chromium/policies/managed/`. Chromium reads that folder when it starts, so write the
 * file before launching; it is removed afterwards and on exit (policy-file.ts).
 * Needs root (CI and the dev machines run as root).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writePolicyFile, type PolicyFile } from './policy-file';

export const CHROMIUM_POLICY_DIR = process.env.CHROMIUM_POLICY_DIR || '/etc/chromium/policies/managed';

/** Writes `policy` as its own file (unique name: other runs may share the machine). */
export function writeChromiumPolicy(name: string, policy: unknown): PolicyFile {
  mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
  return writePolicyFile(join(CHROMIUM_POLICY_DIR, `${name}-${process.pid}.json`), policy);
}
