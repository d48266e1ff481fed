/** Choosing the session store from the config, and the one Redis connection's lifecycle. */
import { describe, expect, it } from 'vitest';
import { DEMO_ROUTES, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import {
  changeFeedSubscribersOnce,
  itWithRedis,
  redisKeyPrefix,
  redisUrl,
} from '../../../test/fixtures/redis.js';
import { ConfigError } from '../../config/config-error.js';
import { createTestSecurity } from '../../testing/create-test-security.js';
import { createSqliteDatastore } from '../sqlite.js';
import { createRedisConnection, type RedisConnection } from './redis-connection.js';
import { sessionStorage } from './session-storage.js';

/** Whether the session cache's subscriber of `prefix` is connected, once it is as `expected` (5 s at most). */
async function subscribed(probe: RedisConnection, prefix: string, expected: boolean): Promise<boolean> {
  return (
    (await changeFeedSubscribersOnce(probe, `${prefix}changes`, (n) => (expected ? n > 0 : n === 0))) > 0
  );
}

describe('session storage from the config', () => {
  it('refuses sessionStore redis without a redisUrl, naming the option', async () => {
    const datastore = await createSqliteDatastore({ filename: ':memory:' });
    const config = {
      redisUrl: null,
      sessionStore: 'redis',
      sessionRedisPrefix: 'p:',
      sessionRedisCache: true,
      sessionRedisCacheMaxStaleness: 1,
    } as const;
    expect(() => sessionStorage(config, datastore, () => {})).toThrow(ConfigError);
    expect(() => sessionStorage(config, datastore, () => {})).toThrow(/sessionStore/);
    await datastore.close();
  });

  it('keeps the datastore itself, and opens no connection, without redisUrl', async () => {
    const datastore = await createSqliteDatastore({ filename: ':memory:' });
    const storage = sessionStorage(
      {
        redisUrl: null,
        sessionStore: 'sql',
        sessionRedisPrefix: 'p:',
        sessionRedisCache: true,
        sessionRedisCacheMaxStaleness: 1,
      },
      datastore,
      () => {},
    );
    expect(storage.datastore).toBe(datastore);
    expect(storage.redis).toBeNull();
    await datastore.close();
  });

  itWithRedis('puts sessions in Redis, not in the SQL table', async () => {
    const prefix = redisKeyPrefix();
    const t = await createTestSecurity({
      config: { redisUrl: redisUrl(), sessionStore: 'redis', sessionRedisPrefix: prefix },
    });
    const user = await t.createUser('ann@example.com', 'a long enough password 1');
    const client = t.client();
    const login = await client.getJson('/login');
    await client.post('/login', {
      json: { email: user.email, password: 'a long enough password 1', csrf_token: login.body.csrf_token },
    });
    // The session is in Redis, not in the SQL table.
    const probe = createRedisConnection({ url: redisUrl(), onError: () => {} });
    expect(await probe.command(['KEYS', `${prefix}s:*`])).toHaveLength(1);
    expect(await t.datastore.listUserSessions(user.fsUniquifier, Date.now())).toEqual([]);
    await t.close();
    await probe.close();
  });

  describe('the per-process cache of Redis sessions', () => {
    /** Signs in, reads the session once through a guard, then deletes it behind Barbican's back. */
    async function readThenDeleteQuietly(config: { sessionRedisCache?: boolean }) {
      const prefix = redisKeyPrefix();
      const t = await createTestSecurity({
        routes: DEMO_ROUTES,
        config: {
          redisUrl: redisUrl(),
          sessionStore: 'redis',
          sessionRedisPrefix: prefix,
          // Long enough that the bound never ends the test's cached read (its unit tests cover it).
          sessionRedisCacheMaxStaleness: 30,
          ...config,
        },
      });
      const probe = createRedisConnection({ url: redisUrl(), onError: () => {} });
      try {
        // Subscribed before the first read: one read earlier would be dropped when it starts.
        const cached = config.sessionRedisCache !== false;
        expect(await subscribed(probe, prefix, cached)).toBe(cached);
        await t.createUser(JOE.email, JOE.password);
        const client = t.client();
        expect((await loginJson(client, JOE)).status).toBe(200);
        expect((await client.getJson('/api/session-only')).status).toBe(200);
        // A DEL that publishes nothing: only the staleness bound could reveal it to a cache.
        const keys = (await probe.command(['KEYS', `${prefix}s:*`])) as string[];
        expect(keys).toHaveLength(1);
        await probe.command(['DEL', ...keys]);
        return (await client.getJson('/api/session-only')).status;
      } finally {
        await t.close();
        await probe.close();
      }
    }

    itWithRedis('is on by default: a read session is served from memory, not Redis', async () => {
      expect(await readThenDeleteQuietly({})).toBe(200);
    });

    itWithRedis('is off with sessionRedisCache false: every guarded request reads Redis', async () => {
      expect(await readThenDeleteQuietly({ sessionRedisCache: false })).toBe(401);
    });

    itWithRedis('ends its subscription with security.close()', async () => {
      const prefix = redisKeyPrefix();
      const t = await createTestSecurity({
        config: { redisUrl: redisUrl(), sessionStore: 'redis', sessionRedisPrefix: prefix },
      });
      const probe = createRedisConnection({ url: redisUrl(), onError: () => {} });
      expect(await subscribed(probe, prefix, true)).toBe(true);
      await t.close();
      expect(await subscribed(probe, prefix, false)).toBe(false);
      await probe.close();
    });
  });

  itWithRedis('a closed connection refuses commands rather than reconnecting', async () => {
    const connection = createRedisConnection({ url: redisUrl(), onError: () => {} });
    expect(await connection.command(['PING'])).toBe('PONG');
    await connection.close();
    await expect(connection.command(['PING'])).rejects.toThrow(/closed/);
    await connection.close();
  });
});

describe('Redis sessions while Redis is unreachable', () => {
  it('answers 503 with Retry-After, not a 500, and recovers nothing it should not', async () => {
    const errors: unknown[] = [];
    // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
    const t = await createTestSecurity({
      config: { redisUrl: 'redis://127.0.0.1:9', sessionStore: 'redis' },
      onError: (error) => errors.push(error),
    });
    const user = await t.createUser('ann@example.com', 'a long enough password 1');
    const client = t.client();
    const login = await client.getJson('/login');
    const res = await client.post('/login', {
      json: { email: user.email, password: 'a long enough password 1', csrf_token: login.body.csrf_token },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.text).not.toContain('127.0.0.1:9');
    expect(errors).toHaveLength(1);
    await t.close();
  });
});
