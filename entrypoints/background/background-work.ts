/**
 * Work the worker starts without waiting for it (a flush after a save, a reply sync when a rated
 * ticket page mounts, alarm and start-up handlers): a failure is logged, never thrown at nobody,
 * and `backgroundSettled()` says when all of it has ended — what a test awaits before it closes
 * the IndexedDB that work still uses.
 */
const running = new Set<Promise<void>>();

export function runInBackground(what: string, work: () => Promise<unknown>): void {
  const task: Promise<void> = work()
    .then(
      () => undefined,
      (error: unknown) => console.error(`service-feedback: ${what} failed`, error),
    )
    .finally(() => running.delete(task));
  running.add(task);
}

/** Resolves once nothing started by `runInBackground` is running (including work that work started). */
export async function backgroundSettled(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}
