/** The counter stores, memory and Redis, behave alike; Redis falls back to memory while it is down. */
import { describe, expect, it } from 'vitest';
import { itWithRedis, redisKeyPrefix, redisUrl } from '../../test/fixtures/redis.js';
import type { CounterStore } from './counter-store.js';
import { createMemoryCounterStore } from './memory-counter-store.js';
import { createRateLimiter } from './rate-limiter.js';
import { connectRedis } from './redis-connection.js';
import { createRedisCounterStore } from './redis-counter-store.js';

async function redisStore(url: string, log: (line: string) => void = () => {}): Promise<CounterStore> {
  const connection = connectRedis({ url, log });
  const fallback = createMemoryCounterStore({ maxKeys: 1000 });
  const store = createRedisCounterStore({ connection, fallback, keyPrefix: redisKeyPrefix() });
  // The first use waits for the first connection, so the test counts in Redis, not in the fallback.
  await connection.ready();
  return store;
}

const LIMITS = {
  rateLimitEnabled: true,
  rateLimitIdentityIpAttempts: 5,
  rateLimitIdentityIpWindow: 60,
  rateLimitIpAttempts: 1000,
  rateLimitIpWindow: 60,
  rateLimitIdentityFreeFailures: 1000,
  rateLimitIdentityDelay: 1,
  rateLimitIdentityDelayMax: 60,
  rateLimitIdentityWindow: 60,
  rateLimitKnownIpTtl: 60,
  rateLimitSendRecipient: 5,
  rateLimitSendIp: 5,
  rateLimitSendWindow: 60,
};

function contract(name: string, open: () => Promise<CounterStore>, test: typeof itWithRedis): void {
  describe(name, () => {
    test('counts within a window and forgets after delete', async () => {
      const store = await open();
      expect((await store.increment('k', 60_000)).count).toBe(1);
      const second = await store.increment('k', 60_000);
      expect(second.count).toBe(2);
      expect(second.resetInMs).toBeGreaterThan(59_000);
      expect((await store.increment('k', 60_000, -1)).count).toBe(1);
      expect((await store.get('k'))?.count).toBe(1);
      await store.delete('k');
      expect(await store.get('k')).toBeNull();
      await store.close();
    });

    test('never creates a window to give an attempt back to', async () => {
      const store = await open();
      expect((await store.increment('gone', 60_000, -1)).count).toBe(0);
      expect(await store.get('gone')).toBeNull();
      await store.close();
    });

    test('counts N parallel increments exactly N', async () => {
      const store = await open();
      const hits = await Promise.all(Array.from({ length: 50 }, () => store.increment('p', 60_000)));
      expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      await store.close();
    });

    test('counts failures reported at once exactly', async () => {
      const store = await open();
      const limiter = (attempts: number) =>
        createRateLimiter({ ...LIMITS, rateLimitIdentityIpAttempts: attempts }, store);
      await Promise.all(
        Array.from({ length: 20 }, async () =>
          (await limiter(100).attempt('password', 'joe', '192.0.2.1')).outcome?.failed(),
        ),
      );
      expect((await limiter(20).attempt('password', 'joe', '192.0.2.1')).refused?.rule).toBe('identity-ip');
      expect((await limiter(21).attempt('password', 'joe', '192.0.2.1')).refused).toBeUndefined();
      await store.close();
    });
  });
}

contract('memory counter store', async () => createMemoryCounterStore({ maxKeys: 1000 }), it);
contract('redis counter store', () => redisStore(redisUrl()), itWithRedis);

describe('memory counter store bounds', () => {
  it('evicts the oldest windows past maxKeys and expires by the clock', async () => {
    let now = 0;
    const store = createMemoryCounterStore({ maxKeys: 3, nowMs: () => now });
    for (const key of ['a', 'b', 'c', 'd']) await store.increment(key, 1000);
    expect(store.size()).toBe(3);
    expect(await store.get('a')).toBeNull();
    now = 1000;
    expect(await store.get('d')).toBeNull();
  });
});

describe('redis outage', () => {
  it('falls back to memory at a dead server: limits still hold, one log line, no error', async () => {
    const lines: string[] = [];
    const store = await redisStore('redis://127.0.0.1:1', (line) => lines.push(line));
    for (let i = 0; i < 30 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    for (let i = 1; i <= 5; i++) expect((await store.increment('k', 60_000)).count).toBe(i);
    await new Promise((r) => setTimeout(r, 300));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis unavailable.*counting in process memory/);
    await store.close();
  });
});
