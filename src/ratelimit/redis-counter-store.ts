/**
 * Counters in Redis, shared by every process. Each update is one Lua script, so the increment and
 * the expiry of a new window happen atomically (no key left without a TTL, no lost update). While
 * Redis is unreachable every call goes to the fallback store (process memory): limits still hold
 * per process, never "no limit" and never an error for the request.
 */
import type { CounterHit, CounterStore } from './counter-store.js';
import type { RedisConnection, RedisScriptClient } from './redis-connection.js';

// PEXPIRE only when the key had no TTL: the window starts at the first hit and never slides.
// A negative delta (an attempt given back) never creates a key: its window has already ended.
const INCREMENT = `if tonumber(ARGV[2]) < 0 and redis.call('EXISTS', KEYS[1]) == 0 then
  return {0, 1}
end
local n = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

const GET = `local v = redis.call('GET', KEYS[1])
if not v then return false end
return {tonumber(v), redis.call('PTTL', KEYS[1])}`;

export interface RedisCounterStoreOptions {
  readonly connection: RedisConnection;
  readonly fallback: CounterStore;
  readonly keyPrefix: string;
}

function toHit(reply: unknown): CounterHit | null {
  if (!Array.isArray(reply)) return null;
  const [count, ttl] = reply.map(Number);
  if (count === undefined || ttl === undefined || Number.isNaN(count)) return null;
  return { count, resetInMs: Math.max(1, ttl) };
}

export function createRedisCounterStore(options: RedisCounterStoreOptions): CounterStore {
  const { connection, fallback, keyPrefix } = options;

  async function attempt<T>(
    primary: (client: RedisScriptClient) => Promise<T>,
    secondary: () => Promise<T>,
  ): Promise<T> {
    const client = await connection.ready();
    if (!client) return secondary();
    try {
      return await primary(client);
    } catch (error) {
      connection.failed(error);
      return secondary();
    }
  }

  return {
    increment(key, windowMs, delta = 1) {
      return attempt(
        async (client) => {
          const reply = await client.eval(INCREMENT, {
            keys: [keyPrefix + key],
            arguments: [String(Math.max(1, Math.ceil(windowMs))), String(delta)],
          });
          const hit = toHit(reply);
          if (!hit) throw new Error('unexpected reply to the rate-limit script');
          return hit;
        },
        () => fallback.increment(key, windowMs, delta),
      );
    },
    get(key) {
      return attempt(
        async (client) => toHit(await client.eval(GET, { keys: [keyPrefix + key], arguments: [] })),
        () => fallback.get(key),
      );
    },
    delete(key) {
      return attempt(
        async (client) => {
          await client.del(keyPrefix + key);
          // A window counted in memory during an outage is forgotten too.
          await fallback.delete(key);
        },
        () => fallback.delete(key),
      );
    },
    async close() {
      await connection.close();
      await fallback.close();
    },
  };
}
