import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './argon2-hasher.js';
import { type ConcurrencyLimiter, createConcurrencyLimiter } from './concurrency-limiter.js';

const FAST = { memoryCost: 256, timeCost: 1, parallelism: 1 } as const;

interface InstrumentedLimiter extends ConcurrencyLimiter {
  readonly calls: number;
  readonly peak: number;
}

/** Counts the work a hasher sends through its limiter and the most that ran at once. */
function instrumentedLimiter(maxConcurrent: number): InstrumentedLimiter {
  const inner = createConcurrencyLimiter(maxConcurrent);
  let calls = 0;
  let running = 0;
  let peak = 0;
  return {
    get calls(): number {
      return calls;
    },
    get peak(): number {
      return peak;
    },
    run<T>(fn: () => Promise<T>): Promise<T> {
      return inner.run(async () => {
        calls += 1;
        running += 1;
        peak = Math.max(peak, running);
        try {
          return await fn();
        } finally {
          running -= 1;
        }
      });
    },
  };
}

describe('bounded hashing concurrency', () => {
  it('runs at most 2 of 10 simultaneous hashes at once', async () => {
    const limiter = instrumentedLimiter(2);
    const hasher = createPasswordHasher({ argon2: FAST, limiter });
    const hashes = await Promise.all(Array.from({ length: 10 }, (_, i) => hasher.hash(`password ${i}`)));
    expect(hashes).toHaveLength(10);
    expect(limiter.calls).toBe(10);
    expect(limiter.peak).toBe(2);
  });

  it('sends verification through the limiter too', async () => {
    const limiter = instrumentedLimiter(2);
    const hasher = createPasswordHasher({ argon2: FAST, limiter });
    const stored = await hasher.hash('pw');
    await Promise.all(Array.from({ length: 6 }, () => hasher.verify('pw', stored)));
    expect(limiter.calls).toBe(7);
    expect(limiter.peak).toBe(2);
  });

  it('refuses both a limiter and maxConcurrent', () => {
    expect(() => createPasswordHasher({ limiter: createConcurrencyLimiter(1), maxConcurrent: 2 })).toThrow(
      TypeError,
    );
  });
});
