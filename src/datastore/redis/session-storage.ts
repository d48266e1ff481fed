/**
 * Where a Security keeps its sessions, from the config: the datastore's own tables, or Redis
 * (sessionStore: 'redis') through the Redis connection that redisUrl opens.
 */
import { invalidValue } from '../../config/config-error.js';
import type { SecurityConfig } from '../../config/options.js';
import type { Datastore } from '../types.js';
import { redisChangeFeed } from './redis-change-feed.js';
import { createRedisConnection, type RedisConnection } from './redis-connection.js';
import { createRedisSessionStore } from './redis-session-store.js';
import { withSessionStore } from './with-session-store.js';

export interface SessionStorage {
  /** The datastore features use: sessions routed to Redis when configured. */
  readonly datastore: Datastore;
  /** The shared connection (null without redisUrl). */
  readonly redis: RedisConnection | null;
  /** Ends the session cache's subscription and the shared connection (security.close()). */
  close(): Promise<void>;
}

type StorageConfig = Pick<
  SecurityConfig,
  'redisUrl' | 'sessionStore' | 'sessionRedisPrefix' | 'sessionRedisCache' | 'sessionRedisCacheMaxStaleness'
>;

/** Throws ConfigError (naming sessionStore) for 'redis' without a redisUrl. */
export function sessionStorage(
  config: StorageConfig,
  datastore: Datastore,
  onError: (error: unknown) => void,
): SessionStorage {
  if (config.sessionStore === 'redis' && !config.redisUrl) {
    throw invalidValue('sessionStore', '"sql" while redisUrl is unset', config.sessionStore);
  }
  // Connecting waits for the first command, so an app that sets redisUrl pays nothing until used.
  const { redisUrl } = config;
  const redis = redisUrl ? createRedisConnection({ url: redisUrl, onError }) : null;
  const closeRedis = async (): Promise<void> => {
    await redis?.close();
  };
  if (config.sessionStore !== 'redis' || !redisUrl || redis === null) {
    return { datastore, redis, close: closeRedis };
  }
  const sessions = createRedisSessionStore({
    redis,
    users: datastore,
    keyPrefix: config.sessionRedisPrefix,
    ...(config.sessionRedisCache
      ? {
          cache: {
            subscribe: (channel) => redisChangeFeed(redisUrl, channel),
            maxStalenessMs: config.sessionRedisCacheMaxStaleness * 1000,
          },
        }
      : {}),
  });
  return {
    datastore: withSessionStore(datastore, sessions),
    redis,
    async close() {
      await sessions.close();
      await closeRedis();
    },
  };
}
