/**
 * Where a Security keeps its sessions, from the config: the datastore's own tables, or Redis
 * (sessionStore: 'redis') through the one shared Redis connection that redisUrl opens.
 */
import { invalidValue } from '../../config/config-error.js';
import type { SecurityConfig } from '../../config/options.js';
import type { Datastore } from '../types.js';
import { createRedisConnection, type RedisConnection } from './redis-connection.js';
import { createRedisSessionStore } from './redis-session-store.js';
import { withSessionStore } from './with-session-store.js';

export interface SessionStorage {
  /** The datastore features use: sessions routed to Redis when configured. */
  readonly datastore: Datastore;
  /** The shared connection (null without redisUrl); closed by security.close(). */
  readonly redis: RedisConnection | null;
}

type StorageConfig = Pick<SecurityConfig, 'redisUrl' | 'sessionStore' | 'sessionRedisPrefix'>;

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
  const redis = config.redisUrl ? createRedisConnection({ url: config.redisUrl, onError }) : null;
  if (config.sessionStore !== 'redis' || redis === null) return { datastore, redis };
  const sessions = createRedisSessionStore({ redis, users: datastore, keyPrefix: config.sessionRedisPrefix });
  return { datastore: withSessionStore(datastore, sessions), redis };
}
