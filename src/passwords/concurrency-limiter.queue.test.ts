import { describe, expect, it } from 'vitest';
import { RequestAbortedError, ServiceUnavailableError } from '../errors.js';
import { createConcurrencyLimiter, QUEUE_FULL_CODE } from './concurrency-limiter.js';

function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('the bounded, cancellable hashing queue', () => {
  it('refuses a caller beyond maxQueue at once with a 503 error carrying Retry-After', async () => {
    const limiter = createConcurrencyLimiter(1, { maxQueue: 2, retryAfterSeconds: 4 });
    const held = gate();
    let ran = 0;
    const work = async (): Promise<void> => {
      ran += 1;
      await held.promise;
    };
    const accepted = [limiter.run(work), limiter.run(work), limiter.run(work)];
    const refused = await limiter.run(work).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect((refused as ServiceUnavailableError).code).toBe(QUEUE_FULL_CODE);
    expect((refused as ServiceUnavailableError).retryAfterSeconds).toBe(4);
    held.open();
    await Promise.all(accepted);
    expect(ran).toBe(3);
  });

  it('drops a waiter whose signal aborts: it never runs and frees its queue place', async () => {
    const limiter = createConcurrencyLimiter(1, { maxQueue: 1 });
    const held = gate();
    const ran: string[] = [];
    const first = limiter.run(async () => {
      ran.push('first');
      await held.promise;
    });
    const abort = new AbortController();
    const dropped = limiter.run(async () => ran.push('dropped'), { signal: abort.signal });
    abort.abort();
    await expect(dropped).rejects.toBeInstanceOf(RequestAbortedError);
    // Its place in the queue is free again.
    const next = limiter.run(async () => ran.push('next'));
    held.open();
    await Promise.all([first, next]);
    expect(ran).toEqual(['first', 'next']);
  });

  it('never runs a call whose signal has already aborted', async () => {
    const limiter = createConcurrencyLimiter(1);
    let ran = 0;
    const result = limiter.run(
      async () => {
        ran += 1;
      },
      { signal: AbortSignal.abort() },
    );
    await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
    expect(ran).toBe(0);
  });

  it('refuses a queue bound that is not a non-negative integer', () => {
    expect(() => createConcurrencyLimiter(1, { maxQueue: -1 })).toThrow(RangeError);
    expect(() => createConcurrencyLimiter(1, { maxQueue: 1.5 })).toThrow(RangeError);
  });
});
