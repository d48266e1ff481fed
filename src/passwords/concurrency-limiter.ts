/**
 * A bounded FIFO semaphore for work that runs on the libuv thread pool.
 *
 * Password hashing (argon2, bcrypt) runs on the same 4-thread pool as fs, DNS and WebCrypto.
 * Unbounded, a burst of logins queues every other pool user behind it: measured with 50 hashes
 * queued, one WebCrypto HMAC went from 0.03 ms to 2.7 s. Capping hashing leaves threads free.
 * The queue is bounded too: 2,000 waiting logins once held real users for 11.6 s and grew RSS by
 * 150 MB, so past `maxQueue` a caller is refused at once, and a waiter whose request was aborted
 * (its client went away) leaves the queue instead of being hashed for nobody.
 */
import { RequestAbortedError, ServiceUnavailableError } from '../errors.js';

export interface LimiterRunOptions {
  /** Aborting it while the call waits for a slot drops the call (RequestAbortedError). */
  readonly signal?: AbortSignal | undefined;
}

export interface ConcurrencyLimiter {
  /**
   * Runs `fn` once fewer than `maxConcurrent` calls are running; callers are served in order.
   * Throws ServiceUnavailableError when `maxQueue` callers already wait.
   */
  run<T>(fn: () => Promise<T>, options?: LimiterRunOptions): Promise<T>;
}

export interface ConcurrencyLimiterOptions {
  /** Callers allowed to wait for a slot; more are refused at once. Default unbounded. */
  readonly maxQueue?: number;
  /** The Retry-After a refused caller is given, in seconds. Default 1. */
  readonly retryAfterSeconds?: number;
}

/** Code of the ServiceUnavailableError thrown when the queue is full. */
export const QUEUE_FULL_CODE = 'PASSWORD_HASH_QUEUE_FULL';
const QUEUE_FULL_MESSAGE = 'The server is busy. Please try again in a moment.';

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

interface Waiter {
  readonly grant: () => void;
}

/**
 * @example
 * const limiter = createConcurrencyLimiter(2, { maxQueue: 64 });
 * const digest = await limiter.run(() => hash(password), { signal: request.signal });
 */
export function createConcurrencyLimiter(
  maxConcurrent: number,
  options: ConcurrencyLimiterOptions = {},
): ConcurrencyLimiter {
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new RangeError(`maxConcurrent must be an integer >= 1, got ${String(maxConcurrent)}`);
  }
  const maxQueue = options.maxQueue ?? Number.POSITIVE_INFINITY;
  if (maxQueue !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxQueue) || maxQueue < 0)) {
    throw new RangeError(`maxQueue must be an integer >= 0, got ${String(maxQueue)}`);
  }
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  let running = 0;
  const waiting: Waiter[] = [];

  function acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new RequestAbortedError());
    if (running < maxConcurrent) {
      running += 1;
      return Promise.resolve();
    }
    if (waiting.length >= maxQueue) {
      return Promise.reject(
        new ServiceUnavailableError(QUEUE_FULL_CODE, QUEUE_FULL_MESSAGE, retryAfterSeconds),
      );
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const at = waiting.indexOf(waiter);
        if (at >= 0) waiting.splice(at, 1);
        reject(new RequestAbortedError());
      };
      const waiter: Waiter = {
        grant() {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(waiter);
    });
  }

  function release(): void {
    const next = waiting.shift();
    // Hand the slot straight to the next waiter so a newcomer cannot jump the queue.
    if (next) {
      next.grant();
      return;
    }
    running -= 1;
  }

  return {
    async run<T>(fn: () => Promise<T>, runOptions: LimiterRunOptions = {}): Promise<T> {
      await acquire(runOptions.signal);
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}
