/**
 * The Redis session store passes the SQL stores' session contracts, over SQLite and PostgreSQL
 * users, with and without its per-process cache, and keeps Redis tidy: TTLs on every key, and no
 * key left once a user's sessions end.
 */
import { afterAll, afterEach, beforeEach, describe, expect, inject } from 'vitest';
import { itWithRedis, redisAvailable, redisKeyPrefix, redisUrl } from '../../../test/fixtures/redis.js';
import { createTestDatabase, createTestSchema, type TestDatabase } from '../../../test/services/postgres.js';
import { describeSessionContract } from '../contract/session-contract.js';
import { describeSessionManagementContract } from '../contract/session-management-contract.js';
import { type StoreFixture, sessionFor } from '../contract/store-fixture.js';
import { createPostgresDatastore } from '../postgres.js';
import { createSqliteDatastore } from '../sqlite.js';
import type { Datastore } from '../types.js';
import { redisChangeFeed } from './redis-change-feed.js';
import { createRedisConnection, type RedisConnection } from './redis-connection.js';
import { createRedisSessionStore, type RedisSessionStore } from './redis-session-store.js';
import { withSessionStore } from './with-session-store.js';

interface RedisFixture extends StoreFixture {
  readonly redis: RedisConnection;
  readonly prefix: string;
}

function useRedisStore(openSql: () => Promise<Datastore>, cached: boolean): RedisFixture {
  let current:
    | {
        store: Datastore;
        sql: Datastore;
        sessions: RedisSessionStore;
        redis: RedisConnection;
        prefix: string;
      }
    | undefined;
  beforeEach(async () => {
    if (!redisAvailable()) return;
    const sql = await openSql();
    const redis = createRedisConnection({ url: redisUrl(), onError: () => {} });
    const prefix = redisKeyPrefix();
    const url = redisUrl();
    const sessions = createRedisSessionStore({
      redis,
      users: sql,
      keyPrefix: prefix,
      ...(cached ? { cache: { subscribe: (channel) => redisChangeFeed(url, channel) } } : {}),
    });
    current = { store: withSessionStore(sql, sessions), sql, sessions, redis, prefix };
  });
  afterEach(async () => {
    await current?.sessions.close();
    await current?.redis.close();
    await current?.sql.close();
    current = undefined;
  });
  const now = () => {
    if (current === undefined) throw new Error('only inside a test');
    return current;
  };
  return {
    get store() {
      return now().store;
    },
    get redis() {
      return now().redis;
    },
    get prefix() {
      return now().prefix;
    },
  };
}

function describeRedisStore(name: string, openSql: () => Promise<Datastore>): void {
  describe.skipIf(!redisAvailable())(`Redis session store with its cache (users on ${name})`, () => {
    const fixture = useRedisStore(openSql, true);
    describeSessionContract(fixture, { expiresByTTL: true });
    describeSessionManagementContract(fixture);
  });

  describe.skipIf(!redisAvailable())(`Redis session store (users on ${name})`, () => {
    const fixture = useRedisStore(openSql, false);
    describeSessionContract(fixture, { expiresByTTL: true });
    describeSessionManagementContract(fixture);

    itWithRedis(
      'gives the session key a TTL at its expiry and drops the index with the last session',
      async () => {
        const user = await fixture.store.createUser({ email: 'ttl@example.com' });
        const session = sessionFor(user, { expiresAt: Date.now() + 60_000 });
        await fixture.store.createSession(session);
        const ttl = Number(await fixture.redis.command(['PTTL', `${fixture.prefix}s:${session.idHash}`]));
        expect(ttl).toBeGreaterThan(50_000);
        expect(ttl).toBeLessThanOrEqual(60_000);
        const indexTtl = Number(
          await fixture.redis.command(['PTTL', `${fixture.prefix}u:${user.fsUniquifier}`]),
        );
        expect(indexTtl).toBeGreaterThan(50_000);
        await fixture.store.deleteUserSessions(user.fsUniquifier);
        expect(await fixture.redis.command(['KEYS', `${fixture.prefix}*`])).toEqual([]);
      },
    );

    itWithRedis('an update racing a delete never brings the session back', async () => {
      const user = await fixture.store.createUser({ email: 'race@example.com' });
      const session = sessionFor(user);
      await fixture.store.createSession(session);
      await fixture.store.deleteSession(session.idHash);
      await fixture.store.updateSession(session.idHash, { data: { a: 1 }, expiresAt: Date.now() + 90_000 });
      await fixture.store.touchSession(session.idHash, { lastSeenAt: Date.now(), ifBefore: Date.now() });
      expect(await fixture.redis.command(['EXISTS', `${fixture.prefix}s:${session.idHash}`])).toBe(0);
      expect(await fixture.store.listUserSessions(user.fsUniquifier, Date.now())).toEqual([]);
    });

    itWithRedis('a hash that is not a whole session is no session', async () => {
      await fixture.redis.command(['HSET', `${fixture.prefix}s:forged`, 'u', 'x', 'd', '{not json']);
      expect(await fixture.store.findSessionWithUser('forged', Date.now())).toBeNull();
    });
  });
}

describeRedisStore('SQLite', () => createSqliteDatastore({ filename: ':memory:' }));

const postgresUrl = inject('postgresUrl');
let fileDatabase: Promise<TestDatabase> | undefined;
afterAll(async () => {
  await (await fileDatabase)?.drop();
});
describe.skipIf(postgresUrl === null)('on PostgreSQL', () => {
  describeRedisStore('PostgreSQL', async () => {
    fileDatabase ??= createTestDatabase(postgresUrl ?? '');
    const schema = await createTestSchema((await fileDatabase).url);
    const store = await createPostgresDatastore({ connectionString: schema.url, max: 2 });
    // Dropping the schema with the store: one cleanup the fixture's close() runs.
    const close = store.close.bind(store);
    return Object.assign(store, {
      close: async () => {
        await close();
        await schema.drop();
      },
    });
  });
});
