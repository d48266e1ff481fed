/**
 * Sessions in Redis (sessionStore: 'redis'), with the SQL store's semantics: the user still comes
 * from the datastore by fs_uniquifier, so a rotated uniquifier ends every session at once; logout
 * and revocation delete the key. Expiry is Redis's TTL, so there is nothing to purge. Writes are
 * Lua scripts (redis-session-scripts.ts) that also publish which session they changed.
 *
 * With `cache`, each process keeps the session records it read, and drops one as soon as a script
 * anywhere publishes its change (the notified change counter's rules: a bound on staleness
 * whatever the subscription's state, everything dropped when it is lost). The owner comes from the
 * SQL datastore's own never-stale cache (peekUserByUniquifier), so a guarded request whose session
 * and user are both cached waits for neither Redis nor SQL.
 */
import {
  type ChangeAwareCache,
  createChangeAwareCache,
  type SessionCacheOptions,
} from '../../auth/session-cache.js';
import { ServiceUnavailableError } from '../../errors.js';
import { DatastoreError } from '../errors.js';
import { createNotifiedChangeCounter, type OpenChangeFeed } from '../notified-change-counter.js';
import type { SessionRecord, SessionStore, User, UserDatastore } from '../types.js';
import type { RedisConnection } from './redis-connection.js';
import { parseSession, patchFields, sessionFields } from './redis-session-codec.js';
import {
  CREATE_SESSION,
  DELETE_SESSION,
  DELETE_USER_SESSIONS,
  LIST_USER_SESSIONS,
  TOUCH_SESSION,
  UPDATE_SESSION,
} from './redis-session-scripts.js';

export interface RedisSessionStoreOptions {
  readonly redis: RedisConnection;
  /** Where users are (the SQL datastore): found by fs_uniquifier, peeked at when it can. */
  readonly users: Pick<UserDatastore, 'findUserByUniquifier' | 'peekUserByUniquifier'>;
  /** Prefix of every key, e.g. "barbican:session:"; the change channel is `<keyPrefix>changes`. */
  readonly keyPrefix: string;
  /** A per-process cache of session records, invalidated through the change channel; none without. */
  readonly cache?: RedisSessionCacheOptions;
}

export interface RedisSessionCacheOptions extends SessionCacheOptions {
  /** Opens a subscription to the change channel (redisChangeFeed(url, channel) in production). */
  readonly subscribe: (channel: string) => OpenChangeFeed;
  /** How old a cached session may be served, whatever the subscription's state (default 1000 ms). */
  readonly maxStalenessMs?: number;
  /** First delay before subscribing again after a loss, doubled up to 5 s (default 100 ms). */
  readonly reconnectDelayMs?: number;
}

export interface RedisSessionStore extends SessionStore {
  /**
   * Resolves true once the cache hears the change channel (false without a cache, or when its
   * first subscription failed; it keeps retrying then). Tests and health checks wait on it.
   */
  cacheListening(): Promise<boolean>;
  /** Ends the cache's subscription (the Redis connection is the caller's to close). */
  close(): Promise<void>;
}

/** Seconds a client is told to wait (Retry-After) while Redis is unreachable. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Redis unreachable is a 503 with Retry-After, never a 500: no session can be checked, but the
 * server is fine. The connection's error stays as the cause.
 */
function unavailableWhileDown(redis: RedisConnection): RedisConnection {
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const refusal = new ServiceUnavailableError(
        'SESSION_STORE_UNAVAILABLE',
        'Sessions are unavailable for a moment; please try again shortly.',
        RETRY_AFTER_SECONDS,
      );
      refusal.cause = error;
      throw refusal;
    }
  };
  return {
    command: (args) => guarded(() => redis.command(args)),
    evalScript: (script, keys, args) => guarded(() => redis.evalScript(script, keys, args)),
    close: () => redis.close(),
  };
}

const SESSION_RECORD = {
  expiresAt: (record: SessionRecord) => record.expiresAt,
  // A user's change (a new uniquifier, deactivation) reaches the SQL cache; the record stays valid.
  userId: () => undefined,
};

/**
 * The cache of session records. It subscribes at once, without waiting: until the subscription is
 * up, what it reads is served within the staleness bound only, and dropped when it comes up.
 */
function recordCache(
  options: RedisSessionCacheOptions,
  channel: string,
): ChangeAwareCache<SessionRecord> & { listening(): Promise<boolean> } {
  const { subscribe, maxStalenessMs, reconnectDelayMs, ...cacheOptions } = options;
  const counter = createNotifiedChangeCounter({
    open: subscribe(channel),
    ...(maxStalenessMs === undefined ? {} : { maxStalenessMs }),
    ...(reconnectDelayMs === undefined ? {} : { reconnectDelayMs }),
  });
  const cache = createChangeAwareCache(counter, SESSION_RECORD, cacheOptions);
  const listening = counter.start();
  return { ...cache, listening: () => listening };
}

/**
 * @example
 * const sessions = createRedisSessionStore({ redis, users: datastore, keyPrefix: 'app:session:' });
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): RedisSessionStore {
  const { users, keyPrefix } = options;
  const redis = unavailableWhileDown(options.redis);
  const sessionPrefix = `${keyPrefix}s:`;
  const indexPrefix = `${keyPrefix}u:`;
  const channel = `${keyPrefix}changes`;
  const sessionKey = (idHash: string): string => `${sessionPrefix}${idHash}`;
  const cache = options.cache ? recordCache(options.cache, channel) : null;
  /** This process's own write counts at once, before its notification comes back. */
  const forget = (idHash: string): void => cache?.forget({ kind: 'session', idHash });

  const readSession = async (idHash: string): Promise<SessionRecord | null> =>
    parseSession(idHash, await redis.command(['HGETALL', sessionKey(idHash)]));

  return {
    async createSession(record) {
      const created = await redis.evalScript(
        CREATE_SESSION,
        [sessionKey(record.idHash), `${indexPrefix}${record.fsUniquifier}`],
        [String(record.expiresAt), record.idHash, ...sessionFields(record)],
      );
      if (created !== 1) throw new DatastoreError('SESSION_EXISTS', 'A session with this id already exists');
    },

    async findSessionWithUser(idHash, nowMs) {
      // One HGETALL (unless cached), then the user by its (indexed, unique) uniquifier.
      const session = cache
        ? await cache.find(idHash, nowMs, () => readSession(idHash))
        : await readSession(idHash);
      if (session === null || session.expiresAt <= nowMs) return null;
      const user: User | null = await users.findUserByUniquifier(session.fsUniquifier);
      if (user === null) return null;
      return { session, user };
    },

    peekSessionWithUser(idHash, nowMs) {
      const session = cache?.peek(idHash, nowMs);
      const user = session && users.peekUserByUniquifier?.(session.fsUniquifier);
      return user ? { session, user } : undefined;
    },

    async updateSession(idHash, patch) {
      const fields = patchFields(patch);
      if (fields.length === 0) return;
      const expiresAt = patch.expiresAt === undefined ? '' : String(patch.expiresAt);
      await redis.evalScript(
        UPDATE_SESSION,
        [sessionKey(idHash)],
        [expiresAt, idHash, indexPrefix, channel, ...fields],
      );
      forget(idHash);
    },

    async deleteSession(idHash) {
      await redis.evalScript(DELETE_SESSION, [sessionKey(idHash)], [idHash, indexPrefix, channel]);
      forget(idHash);
    },

    async deleteUserSessions(fsUniquifier) {
      const deleted = await redis.evalScript(
        DELETE_USER_SESSIONS,
        [`${indexPrefix}${fsUniquifier}`],
        [sessionPrefix, channel],
      );
      if (!Array.isArray(deleted)) return 0;
      for (const id of deleted) if (typeof id === 'string') forget(id);
      return deleted.length;
    },

    async purgeExpiredSessions() {
      // Redis expires each session at its expiresAt (PEXPIREAT); indexes prune themselves on write.
      return 0;
    },

    async listUserSessions(fsUniquifier, nowMs) {
      const reply = await redis.evalScript(
        LIST_USER_SESSIONS,
        [`${indexPrefix}${fsUniquifier}`],
        [sessionPrefix, String(nowMs)],
      );
      if (!Array.isArray(reply)) return [];
      const sessions = [];
      for (let i = 0; i + 1 < reply.length; i += 2) {
        const id = reply[i];
        const session = typeof id === 'string' ? parseSession(id, reply[i + 1]) : null;
        if (session !== null && session.expiresAt > nowMs) sessions.push(session);
      }
      return sessions.sort((a, b) => a.createdAt - b.createdAt || (a.idHash < b.idHash ? -1 : 1));
    },

    async touchSession(idHash, times) {
      const wrote = await redis.evalScript(
        TOUCH_SESSION,
        [sessionKey(idHash)],
        [String(times.lastSeenAt), String(times.ifBefore)],
      );
      // Only this process re-reads it: other processes' copies keep an older last-seen time,
      // which no check reads (the sessions list reads Redis itself).
      if (wrote === 1) forget(idHash);
      return wrote === 1;
    },

    cacheListening: () => cache?.listening() ?? Promise.resolve(false),

    async close() {
      await cache?.close();
    },
  };
}
