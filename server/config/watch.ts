/**
 * Calls `onChange` when the configuration file changes: written in place, or replaced by a rename
 * (how most editors and config-management tools save). The folder is watched, since a watch on
 * the file itself ends with the inode a rename replaces; bursts of events settle for `settleMs`.
 */
import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export function watchConfigFile(path: string, onChange: () => void, settleMs = 200): { close(): void } {
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
    if (file !== null && file.toString() !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, settleMs);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
