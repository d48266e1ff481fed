/**
 * One node-redis client for a Security's rate limits, opened at once (security.close() ends it).
 * Commands fail fast while the server is unreachable (no offline queue), so a request never waits
 * for Redis to come back: the caller counts in memory instead. Only requests in the first moments
 * after start-up wait, briefly, for the first connection.
 * The outage is logged once, and so is the recovery.
 */
import { loadPeer } from '../peer-dependency.js';

/** The few commands the counter store uses. */
export interface RedisScriptClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export interface RedisConnection {
  /** The client when it is connected and ready, else null (use the fallback). */
  ready(): Promise<RedisScriptClient | null>;
  /** Marks the connection down after a failed command (logged once per outage). */
  failed(error: unknown): void;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  readonly url: string;
  /** One line per outage and one per recovery. */
  readonly log: (line: string) => void;
  /** How long after start-up uses wait for the first connection (default 3000 ms). */
  readonly firstConnectWaitMs?: number;
}

type Client = RedisScriptClient & { readonly isReady: boolean; destroy(): void };

export function connectRedis(options: RedisConnectionOptions): RedisConnection {
  const deadline = Date.now() + (options.firstConnectWaitMs ?? 3000);
  let client: Client | null = null;
  let down = false;
  let closed = false;
  // Resolved by the first 'ready' or the first error: the start-up wait ends with either.
  let settle: () => void = () => {};
  const firstSettled = new Promise<void>((resolve) => {
    settle = resolve;
  });

  const markDown = (error: unknown): void => {
    settle();
    if (down || closed) return;
    down = true;
    const reason = error instanceof Error ? error.message : String(error);
    options.log(
      `Barbican rate limits: Redis unavailable (${reason}); counting in process memory until it returns.`,
    );
  };
  const markUp = (): void => {
    settle();
    if (!down) return;
    down = false;
    options.log('Barbican rate limits: Redis is back; counting in Redis again.');
  };

  const opening = loadPeer('redis', 'Rate limits in Redis', () => import('redis'))
    .then((redis) => {
      if (closed) return;
      const created = redis.createClient({
        url: options.url,
        disableOfflineQueue: true,
        socket: {
          connectTimeout: 2000,
          // Keep trying, at most every 2 s, for as long as the Security lives.
          reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
        },
      });
      created.on('error', markDown);
      created.on('ready', markUp);
      client = created;
      created.connect().catch(markDown);
    })
    .catch(markDown);

  const usable = (): Client | null => (client?.isReady && !down ? client : null);

  return {
    async ready() {
      if (closed) return null;
      const remainingMs = deadline - Date.now();
      if (!usable() && !down && remainingMs > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([firstSettled, new Promise<void>((r) => (timer = setTimeout(r, remainingMs)))]);
        clearTimeout(timer);
      }
      return usable();
    },
    failed: markDown,
    async close() {
      closed = true;
      settle();
      await opening;
      try {
        client?.destroy();
      } catch {
        // Already closed.
      }
      client = null;
    },
  };
}
