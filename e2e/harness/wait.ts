/** Polling for conditions that settle asynchronously (background sync, storage, the DB). */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  options: { timeout?: number; interval?: number; what: string; /** What was seen last, for the failure message. */ seen?: () => string },
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeout ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline) {
      const seen = options.seen ? options.seen() : JSON.stringify(last);
      throw new Error(`timed out after ${options.timeout ?? 10_000} ms waiting for ${options.what} (last seen: ${seen})`);
    }
    await sleep(options.interval ?? 100);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rejects with a message naming `what` when `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
