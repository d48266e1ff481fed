/**
 * Sessions in Redis (sessionStore: 'redis'), with the SQL store's semantics: the user still comes
 * from the datastore by fs_uniquifier, so a rotated uniquifier ends every session at once; logout
 * and revocation delete the key, which every process sees on its next lookup. Expiry is Redis's
 * TTL, so there is nothing to purge. Writes are Lua scripts (redis-session-scripts.ts).
 */
import { ServiceUnavailableError } from '../../errors.js';
import { DatastoreError } from '../errors.js';
import type { SessionStore, User, UserDatastore } from '../types.js';
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
  /** Where users are (the SQL datastore); only findUserByUniquifier is used. */
  readonly users: Pick<UserDatastore, 'findUserByUniquifier'>;
  /** Prefix of every key, e.g. "barbican:session:". */
  readonly keyPrefix: string;
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

/**
 * @example
 * const sessions = createRedisSessionStore({ redis, users: datastore, keyPrefix: 'app:session:' });
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const { users, keyPrefix } = options;
  const redis = unavailableWhileDown(options.redis);
  const sessionPrefix = `${keyPrefix}s:`;
  const indexPrefix = `${keyPrefix}u:`;
  const sessionKey = (idHash: string): string => `${sessionPrefix}${idHash}`;

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
      // Hot path: one HGETALL, then the user by its (indexed, unique) uniquifier.
      const session = parseSession(idHash, await redis.command(['HGETALL', sessionKey(idHash)]));
      if (session === null || session.expiresAt <= nowMs) return null;
      const user: User | null = await users.findUserByUniquifier(session.fsUniquifier);
      if (user === null) return null;
      return { session, user };
    },

    async updateSession(idHash, patch) {
      const fields = patchFields(patch);
      if (fields.length === 0) return;
      const expiresAt = patch.expiresAt === undefined ? '' : String(patch.expiresAt);
      await redis.evalScript(
        UPDATE_SESSION,
        [sessionKey(idHash)],
        [expiresAt, idHash, indexPrefix, ...fields],
      );
    },

    async deleteSession(idHash) {
      await redis.evalScript(DELETE_SESSION, [sessionKey(idHash)], [idHash, indexPrefix]);
    },

    async deleteUserSessions(fsUniquifier) {
      const deleted = await redis.evalScript(
        DELETE_USER_SESSIONS,
        [`${indexPrefix}${fsUniquifier}`],
        [sessionPrefix],
      );
      return Number(deleted);
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
      return wrote === 1;
    },
  };
}
