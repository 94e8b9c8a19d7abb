/**
 * Firefox's enterprise policy file, the way an admin deploys it on Linux (docs/DEPLOY.md):
 * `/etc/firefox/policies/policies.json`. Debian's firefox-esr 153 reads it there (its
 * `SysConfD` is /etc/firefox, not /etc/firefox-esr) and, failing that, in
 * /usr/lib/firefox-esr/distribution/; it reads the file once, at start, and keeps the policies
 * in memory. Firefox has one such file for the whole machine, so the file is created
 * exclusively (another run's or an admin's is waited for, never replaced) and is meant to be
 * removed as soon as the browser has started. Needs root (CI and the dev machines run as root).
 */
import { mkdirSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sleep } from '../wait';
import { writePolicyFile, type PolicyFile } from '../policy-file';

export const FIREFOX_POLICY_PATH = process.env.FIREFOX_POLICY_PATH || '/etc/firefox/policies/policies.json';
const WAIT_FOR_OTHER_MS = 30_000;

/** Writes `{ policies }`; waits up to 30 s while someone else's policies.json is there. */
export async function writeFirefoxPolicy(policies: Record<string, unknown>): Promise<PolicyFile> {
  const dir = dirname(FIREFOX_POLICY_PATH);
  for (let waited = 0; waited < WAIT_FOR_OTHER_MS; waited += 250) {
    // The first folder mkdir made (undefined when all were there): removed again, if left empty.
    const created = mkdirSync(dir, { recursive: true });
    const removeFolders = () => {
      for (let folder = dir; created && folder.startsWith(created); folder = dirname(folder)) {
        try {
          rmdirSync(folder);
        } catch {
          return; // not empty: someone else's files are in it
        }
      }
    };
    try {
      return writePolicyFile(FIREFOX_POLICY_PATH, { policies }, { exclusive: true, removeAlso: removeFolders });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOENT') throw error;
    }
    await sleep(250);
  }
  throw new Error(`${FIREFOX_POLICY_PATH} already exists (another run's, or this machine's own policy): not replacing it`);
}
