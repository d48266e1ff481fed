import { describe, expect, it } from 'vitest';
import { createConcurrencyLimiter, defaultMaxConcurrent } from './concurrency-limiter.js';

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve = (): void => {};
  let reject = (_error: Error): void => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-queued promise callback run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    await Promise.resolve();
  }
}

describe('createConcurrencyLimiter', () => {
  it('never runs more than maxConcurrent tasks at once', async () => {
    const limiter = createConcurrencyLimiter(2);
    const gates = Array.from({ length: 10 }, () => deferred());
    let running = 0;
    let peak = 0;
    const results = gates.map((gate, index) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await gate.promise;
        running -= 1;
        return index;
      }),
    );
    await flush();
    expect(running).toBe(2);
    for (const gate of gates) {
      gate.resolve();
      await flush();
    }
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(2);
  });

  it('starts waiting tasks in the order they were submitted', async () => {
    const limiter = createConcurrencyLimiter(1);
    const started: number[] = [];
    const first = deferred();
    const tasks = [0, 1, 2, 3].map((index) =>
      limiter.run(async () => {
        started.push(index);
        if (index === 0) {
          await first.promise;
        }
      }),
    );
    await flush();
    expect(started).toEqual([0]);
    first.resolve();
    await Promise.all(tasks);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot when a task rejects, and passes the rejection on', async () => {
    const limiter = createConcurrencyLimiter(1);
    const failing = limiter.run(() => Promise.reject(new Error('boom')));
    const next = limiter.run(async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });

  it('frees the slot when a task throws before returning a promise', async () => {
    const limiter = createConcurrencyLimiter(1);
    const throwing = limiter.run((): Promise<never> => {
      throw new Error('sync boom');
    });
    await expect(throwing).rejects.toThrow('sync boom');
    await expect(limiter.run(async () => 'ran')).resolves.toBe('ran');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => createConcurrencyLimiter(0)).toThrow(RangeError);
    expect(() => createConcurrencyLimiter(1.5)).toThrow(RangeError);
    expect(() => createConcurrencyLimiter(Number.NaN)).toThrow(RangeError);
  });
});

describe('defaultMaxConcurrent', () => {
  it('leaves two libuv threads free, within 1..2', () => {
    expect(defaultMaxConcurrent({})).toBe(2);
    expect(defaultMaxConcurrent({ UV_THREADPOOL_SIZE: '4' })).toBe(2);
    expect(defaultMaxConcurrent({ UV_THREADPOOL_SIZE: '3' })).toBe(1);
    expect(defaultMaxConcurrent({ UV_THREADPOOL_SIZE: '1' })).toBe(1);
    expect(defaultMaxConcurrent({ UV_THREADPOOL_SIZE: '64' })).toBe(2);
    expect(defaultMaxConcurrent({ UV_THREADPOOL_SIZE: 'lots' })).toBe(2);
  });
});
