/** Choosing the session store from the config, and the one Redis connection's lifecycle. */
import { describe, expect, it } from 'vitest';
import { itWithRedis, redisKeyPrefix, redisUrl } from '../../../test/fixtures/redis.js';
import { ConfigError } from '../../config/config-error.js';
import { createTestSecurity } from '../../testing/create-test-security.js';
import { createSqliteDatastore } from '../sqlite.js';
import { createRedisConnection } from './redis-connection.js';
import { sessionStorage } from './session-storage.js';

describe('session storage from the config', () => {
  it('refuses sessionStore redis without a redisUrl, naming the option', async () => {
    const datastore = await createSqliteDatastore({ filename: ':memory:' });
    const config = { redisUrl: null, sessionStore: 'redis', sessionRedisPrefix: 'p:' } as const;
    expect(() => sessionStorage(config, datastore, () => {})).toThrow(ConfigError);
    expect(() => sessionStorage(config, datastore, () => {})).toThrow(/sessionStore/);
    await datastore.close();
  });

  it('keeps the datastore itself, and opens no connection, without redisUrl', async () => {
    const datastore = await createSqliteDatastore({ filename: ':memory:' });
    const storage = sessionStorage(
      { redisUrl: null, sessionStore: 'sql', sessionRedisPrefix: 'p:' },
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
