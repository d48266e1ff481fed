/**
 * The Redis connection of a Security's sessions (node-redis, an optional peer loaded on first use),
 * `core.redis`. It connects lazily, so createSecurity stays synchronous and an app that never
 * touches Redis never loads the package. The rate limiter keeps a client of its own, which never
 * waits for a dead server (src/ratelimit/redis-connection.ts), and the session cache a subscriber
 * (redis-change-feed.ts).
 */
import { loadPeer } from '../../peer-dependency.js';

/**
 * A reply as node-redis decodes it: strings, integers, arrays, null, or (for commands it knows,
 * such as HGETALL) an object. Narrow it where it is used.
 */
export type RedisReply = unknown;

/**
 * The narrow face of the shared connection. Commands fail at once (never queue) while the server
 * is unreachable, so a caller can fall back (the rate limiter) or answer an error (sessions).
 */
export interface RedisConnection {
  /** Runs one command, e.g. `['HGETALL', key]`. */
  command(args: readonly string[]): Promise<RedisReply>;
  /** Runs a Lua script atomically on the server (EVAL; scripts are small and few). */
  evalScript(script: string, keys: readonly string[], args: readonly string[]): Promise<RedisReply>;
  /** Ends the connection; later commands reject. Idempotent. */
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  /** redis:// or rediss:// URL. */
  readonly url: string;
  /** Connection errors (reported once per outage, not per retry). */
  readonly onError: (error: unknown) => void;
}

interface NodeRedisClient {
  connect(): Promise<unknown>;
  sendCommand(args: readonly string[]): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
  on(event: 'error' | 'ready', listener: (error?: unknown) => void): unknown;
  readonly isOpen: boolean;
  readonly isReady: boolean;
}

/** How long a command waits for a connection being (re)established before it fails. */
const READY_WAIT_MS = 2000;

/**
 * @example
 * const redis = createRedisConnection({ url: 'redis://127.0.0.1:6379', onError: console.error });
 * await redis.command(['PING']); // 'PONG'
 */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  let client: Promise<NodeRedisClient> | null = null;
  let closed = false;
  let reported = false;
  const waiters = new Set<() => void>();

  const open = async (): Promise<NodeRedisClient> => {
    const redis = await loadPeer('redis', 'Redis (redisUrl)', () => import('redis'));
    const created: NodeRedisClient = redis.createClient({
      url: options.url,
      disableOfflineQueue: true,
      // Keep trying, at most every 2 s, for as long as the Security lives.
      socket: {
        connectTimeout: READY_WAIT_MS,
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
      },
    });
    // Without an 'error' listener Node would crash the process on a dropped connection; node-redis
    // reconnects by itself, so one report per outage is all there is to do.
    created.on('error', (error) => {
      if (reported) return;
      reported = true;
      options.onError(new Error(`Redis connection error: ${String(error)}`));
    });
    created.on('ready', () => {
      reported = false;
      for (const wake of waiters) wake();
    });
    // Not awaited: with the server down at start-up connect() retries forever; commands wait a
    // bounded time for 'ready' instead (usable()).
    created.connect().catch(() => {});
    return created;
  };

  /** The client once ready; a command fails after READY_WAIT_MS rather than hang through an outage. */
  const usable = async (): Promise<NodeRedisClient> => {
    if (closed) throw new Error('Redis connection closed');
    client ??= open();
    // A failed load (package missing) is retried by the next command rather than cached forever.
    const c = await client.catch((error: unknown) => {
      client = null;
      throw error;
    });
    if (c.isReady) return c;
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`Redis at ${new URL(options.url).host} is not reachable`));
      }, READY_WAIT_MS);
      waiters.add(wake);
    });
    return c;
  };

  return {
    async command(args) {
      return (await (await usable()).sendCommand(args)) as RedisReply;
    },
    async evalScript(script, keys, args) {
      const c = await usable();
      return (await c.sendCommand(['EVAL', script, String(keys.length), ...keys, ...args])) as RedisReply;
    },
    async close() {
      if (closed) return;
      closed = true;
      const pending = client;
      client = null;
      if (pending === null) return;
      const c = await pending.catch(() => null);
      // destroy() also ends the reconnect loop of a server that never answered.
      if (c?.isReady) await c.close().catch(() => c.destroy());
      else c?.destroy();
    },
  };
}
