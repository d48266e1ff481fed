/**
 * A FIFO semaphore for work that runs on the libuv thread pool.
 *
 * Password hashing (argon2, bcrypt) runs on the same 4-thread pool as fs, DNS and WebCrypto.
 * Unbounded, a burst of logins queues every other pool user behind it: measured with 50 hashes
 * queued, one WebCrypto HMAC went from 0.03 ms to 2.7 s. Capping hashing leaves threads free.
 */

export interface ConcurrencyLimiter {
  /** Runs `fn` once fewer than `maxConcurrent` calls are running; callers are served in order. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The default cap: two, but never more than the pool size minus two, and never less than one.
 *
 * @example defaultMaxConcurrent({ UV_THREADPOOL_SIZE: '3' }) // 1
 */
export function defaultMaxConcurrent(
  env: Readonly<Record<string, string | undefined>> = process.env,
): number {
  const poolSize = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
  const freeThreads = Number.isInteger(poolSize) ? poolSize - 2 : 2;
  return Math.max(1, Math.min(2, freeThreads));
}

/**
 * @example
 * const limiter = createConcurrencyLimiter(2);
 * const digest = await limiter.run(() => hash(password));
 */
export function createConcurrencyLimiter(maxConcurrent: number): ConcurrencyLimiter {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new RangeError(`maxConcurrent must be an integer >= 1, got ${String(maxConcurrent)}`);
  }
  let running = 0;
  const waiting: Array<() => void> = [];

  function acquire(): Promise<void> {
    if (running < maxConcurrent) {
      running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(): void {
    const next = waiting.shift();
    // Hand the slot straight to the next waiter so a newcomer cannot jump the queue.
    if (next) {
      next();
      return;
    }
    running -= 1;
  }

  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
