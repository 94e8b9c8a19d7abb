/**
 * How an e2e runner ends, the same way for every browser: a hard limit on the whole run, the
 * extension copy removed whatever happens, and the tally printed last (CI reads that line).
 */
export interface RunGuard {
  /** Names the run in the failure lines ("e2e", "Firefox e2e"). */
  label: string;
  limitMs: number;
  tally: { passed: number; failed: number };
  cleanUp: () => void;
}

export function runGuarded(main: () => Promise<number>, { label, limitMs, tally, cleanUp }: RunGuard): void {
  const failAs = (line: string) => {
    cleanUp();
    console.log(line);
    console.log(`${tally.passed} passed, ${tally.failed + 1} failed`);
    process.exit(1);
  };
  const runLimit = setTimeout(() => failAs(`✗ the whole ${label} run took longer than ${limitMs / 1000} s`), limitMs);
  main().then(
    (code) => {
      clearTimeout(runLimit);
      cleanUp();
      process.exit(code);
    },
    (error: unknown) => {
      clearTimeout(runLimit);
      failAs(`✗ ${label} setup: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
}
