/** Picks the counter store from the config: Redis (with a memory fallback) or process memory. */
import { invalidValue } from '../config/config-error.js';
import type { SecurityConfig } from '../config/options.js';
import { createMemoryCounterStore } from './memory-counter-store.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { connectRedis } from './redis-connection.js';
import { createRedisCounterStore } from './redis-counter-store.js';

export interface RateLimiterDependencies {
  readonly nowMs: () => number;
  /** Where the one line per Redis outage (and recovery) goes. */
  readonly log: (line: string) => void;
}

export function rateLimiterFromConfig(config: SecurityConfig, deps: RateLimiterDependencies): RateLimiter {
  const memory = createMemoryCounterStore({ maxKeys: config.rateLimitMemoryMaxKeys, nowMs: deps.nowMs });
  const kind = config.rateLimitStore ?? (config.redisUrl ? 'redis' : 'memory');
  // Nothing connects while limiting is off.
  if (kind === 'memory' || !config.rateLimitEnabled) return createRateLimiter(config, memory);
  if (!config.redisUrl)
    throw invalidValue('rateLimitStore', '"memory" or null while redisUrl is unset', kind);
  const connection = connectRedis({ url: config.redisUrl, log: deps.log });
  const store = createRedisCounterStore({
    connection,
    fallback: memory,
    keyPrefix: config.rateLimitRedisPrefix,
  });
  return createRateLimiter(config, store);
}
