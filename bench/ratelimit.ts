/**
 * `npx tsx bench/ratelimit.ts`: what the rate limiter adds to one /login, measured apart from the
 * HTTP bench (a sign-in's Argon2 hash costs milliseconds; this is microseconds). Memory always;
 * Redis too when REDIS_URL is set. Prints µs per sign-in (reserve + settle as success or failure).
 */
import { performance } from 'node:perf_hooks';
import type { CounterStore } from '../src/ratelimit/counter-store.js';
import { createMemoryCounterStore } from '../src/ratelimit/memory-counter-store.js';
import { createRateLimiter } from '../src/ratelimit/rate-limiter.js';
import { connectRedis } from '../src/ratelimit/redis-connection.js';
import { createRedisCounterStore } from '../src/ratelimit/redis-counter-store.js';

const LIMITS = {
  rateLimitEnabled: true,
  rateLimitIdentityIpAttempts: 1e9,
  rateLimitIdentityIpWindow: 900,
  rateLimitIpAttempts: 1e9,
  rateLimitIpWindow: 900,
  rateLimitIdentityFreeFailures: 1e9,
  rateLimitIdentityDelay: 1,
  rateLimitIdentityDelayMax: 300,
  rateLimitIdentityWindow: 3600,
  rateLimitKnownIpTtl: 86_400,
  rateLimitSendRecipient: 5,
  rateLimitSendIp: 50,
  rateLimitSendWindow: 3600,
};

async function measure(name: string, store: CounterStore, rounds: number): Promise<void> {
  const limiter = createRateLimiter(LIMITS, store);
  for (const outcome of ['succeeded', 'failed'] as const) {
    const started = performance.now();
    for (let i = 0; i < rounds; i++) {
      const result = await limiter.attempt('password', `user${i % 1000}@example.com`, `192.0.2.${i % 250}`);
      await result.outcome?.[outcome]();
    }
    const micros = ((performance.now() - started) * 1000) / rounds;
    console.log(`| ${name} | ${outcome} | ${micros.toFixed(1)} µs |`);
  }
  await limiter.close();
}

console.log('| store | sign-in | limiter cost per sign-in |\n| --- | --- | --- |');
await measure('memory', createMemoryCounterStore({ maxKeys: 100_000 }), 20_000);
const url = process.env.REDIS_URL;
if (url) {
  const connection = connectRedis({ url, log: console.warn });
  await connection.ready();
  const fallback = createMemoryCounterStore({ maxKeys: 1000 });
  await measure('redis', createRedisCounterStore({ connection, fallback, keyPrefix: 'bench:rl:' }), 2000);
}
