/**
 * The Redis session store's per-process cache, seen from two Security instances on one SQLite
 * file and one Redis (two processes' view): a session ended anywhere is refused on the other as
 * soon as its pub/sub notification is delivered (awaited here, never slept for), this process's
 * own ends at once, and users' changes at once through the SQL side's never-stale cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect } from 'vitest';
import { DEMO_ROUTES, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import {
  changeFeedSubscribers,
  changeFeedSubscribersOnce,
  itWithRedis,
  redisAvailable,
  redisKeyPrefix,
  redisUrl,
} from '../../../test/fixtures/redis.js';
import type { CacheChange, SessionCacheStats } from '../../auth/session-cache.js';
import { createTestSecurity, TEST_ORIGIN, type TestSecurity } from '../../testing/create-test-security.js';
import { TestClient } from '../../testing/test-client.js';
import type { ChangeFeedHandlers, OpenChangeFeed } from '../notified-change-counter.js';
import { createSqliteDatastore } from '../sqlite.js';
import type { User } from '../types.js';
import { redisChangeFeed } from './redis-change-feed.js';
import { createRedisConnection, type RedisConnection } from './redis-connection.js';
import { createRedisSessionStore, type RedisSessionCacheOptions } from './redis-session-store.js';
import { withSessionStore } from './with-session-store.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Pair {
  readonly a: TestSecurity;
  readonly b: TestSecurity;
  /** A's Redis record cache: one hit per guarded request it answers without Redis. */
  readonly statsA: SessionCacheStats;
  readonly user: User;
  /** A client of A signed in as JOE, and one of B carrying the same cookie. */
  readonly onA: TestClient;
  readonly onB: TestClient;
  readonly prefix: string;
  /** Resolves with the next change A's Redis cache hears. */
  nextChangeOnA(): Promise<CacheChange>;
  /** The SQLite file through a connection neither instance has (the CLI). */
  otherSql(sqlText: string): void;
  /** A Redis connection of the test's own. */
  readonly probe: RedisConnection;
}

async function pair(cacheA: Partial<RedisSessionCacheOptions> = {}): Promise<Pair> {
  const directory = mkdtempSync(join(tmpdir(), 'barbican-redis-cache-'));
  cleanups.push(async () => rmSync(directory, { recursive: true, force: true }));
  const filename = join(directory, 'app.db');
  const url = redisUrl();
  const prefix = redisKeyPrefix();
  const statsA = { hits: 0, misses: 0 };
  const waiting: Array<(change: CacheChange) => void> = [];

  const instance = async (cache: Partial<RedisSessionCacheOptions>): Promise<TestSecurity> => {
    const sql = await createSqliteDatastore({ filename });
    const redis = createRedisConnection({ url, onError: () => {} });
    const sessions = createRedisSessionStore({
      redis,
      users: sql,
      keyPrefix: prefix,
      cache: { subscribe: (channel) => redisChangeFeed(url, channel), ...cache },
    });
    const t = await createTestSecurity({ datastore: withSessionStore(sql, sessions), routes: DEMO_ROUTES });
    // Listening before the test begins: an entry read earlier would be dropped when it starts.
    await sessions.cacheListening();
    cleanups.push(async () => {
      await t.close();
      await sessions.close();
      await redis.close();
      await sql.close();
    });
    return t;
  };
  const a = await instance({
    stats: statsA,
    onChange: (change) => {
      for (const resolve of waiting.splice(0)) resolve(change);
    },
    ...cacheA,
  });
  const b = await instance({});
  const user = await a.createUser(JOE.email, JOE.password);
  const onA = a.client();
  expect((await loginJson(onA, JOE)).status).toBe(200);
  const onB = new TestClient(b.fetch, TEST_ORIGIN);
  for (const [name, value] of onA.cookies) onB.cookies.set(name, value);
  const probe = createRedisConnection({ url, onError: () => {} });
  cleanups.push(() => probe.close());
  return {
    a,
    b,
    statsA,
    user,
    onA,
    onB,
    prefix,
    probe,
    nextChangeOnA: () => new Promise((resolve) => waiting.push(resolve)),
    otherSql(sqlText) {
      const cli = new BetterSqlite3(filename);
      try {
        cli.prepare(sqlText).run();
      } finally {
        cli.close();
      }
    },
  };
}

const guarded = (client: TestClient) => client.getJson('/api/session-only');

/** A burst of guarded requests on A: Redis is read for the first alone. */
async function warm(p: Pair): Promise<void> {
  const { hits, misses } = p.statsA;
  for (let i = 0; i < 10; i += 1) expect((await guarded(p.onA)).status).toBe(200);
  expect(p.statsA.misses - misses).toBeLessThanOrEqual(1);
  expect(p.statsA.hits - hits).toBeGreaterThanOrEqual(9);
}

/** Guarded requests on A racing `revoke`: each answers 200 or 401, never anything else. */
async function race(p: Pair, revoke: () => Promise<unknown>): Promise<void> {
  const burst = Array.from({ length: 30 }, () => guarded(p.onA));
  await revoke();
  const statuses = new Set((await Promise.all(burst)).map((r) => r.status));
  for (const status of statuses) expect([200, 401]).toContain(status);
}

/** Subscribed as far as its counter knows, but nothing is ever delivered. */
const silentFeed: OpenChangeFeed = async (_handlers: ChangeFeedHandlers) => ({ close: async () => {} });

const logout = (client: TestClient) => client.post('/logout', { headers: { accept: 'application/json' } });

describe.skipIf(!redisAvailable())('Redis session cache across two instances', () => {
  itWithRedis('answers a known session from memory: no Redis read, and synchronously', async () => {
    const p = await pair();
    await warm(p);
    const [session] = await p.a.datastore.listUserSessions(p.user.fsUniquifier, Date.now());
    if (!session) throw new Error('no session');
    expect(p.a.datastore.peekSessionWithUser?.(session.idHash, Date.now())?.user.email).toBe(JOE.email);
  });

  itWithRedis('a logout on B refuses the next request on A once its notification is delivered', async () => {
    const p = await pair();
    await warm(p);
    const heard = p.nextChangeOnA();
    await race(p, () => logout(p.onB));
    expect(await heard).toEqual({ kind: 'session', idHash: expect.any(String) });
    expect((await guarded(p.onA)).status).toBe(401);
  });

  itWithRedis("A's own logout refuses its next request at once, with no notification at all", async () => {
    // A hears nothing, and its clock stands still: only its own forgetting can refuse the cookie.
    const p = await pair({ now: () => 0, subscribe: () => silentFeed });
    await warm(p);
    const captured = new TestClient(p.a.fetch, TEST_ORIGIN);
    for (const [name, value] of p.onA.cookies) captured.cookies.set(name, value);
    await race(p, () => logout(p.onA));
    expect((await guarded(captured)).status).toBe(401);
  });

  itWithRedis("ending all of a user's sessions through B refuses the next request on A", async () => {
    const p = await pair();
    await warm(p);
    const heard = p.nextChangeOnA();
    await race(p, () => p.b.datastore.deleteUserSessions(p.user.fsUniquifier));
    await heard;
    expect((await guarded(p.onA)).status).toBe(401);
  });

  itWithRedis('a new fs_uniquifier written through B refuses A at once, with no Redis write', async () => {
    const p = await pair();
    await warm(p);
    await race(p, () => p.b.datastore.setUniquifier(p.user));
    // The session is still in Redis and in A's record cache; its owner is no more.
    expect(await p.probe.command(['KEYS', `${p.prefix}s:*`])).toHaveLength(1);
    expect((await guarded(p.onA)).status).toBe(401);
  });

  itWithRedis(
    'deactivating the user through another SQLite connection (the CLI) refuses A at once',
    async () => {
      const p = await pair();
      await warm(p);
      p.otherSql('UPDATE users SET active = 0');
      expect((await guarded(p.onA)).status).toBe(401);
    },
  );

  itWithRedis("A's changes to its own session (a fresh sign-in time) are read again at once", async () => {
    const p = await pair();
    await warm(p);
    const [session] = await p.a.datastore.listUserSessions(p.user.fsUniquifier, Date.now());
    if (!session) throw new Error('no session');
    await p.a.datastore.updateSession(session.idHash, { data: { marker: 1 } });
    const found = await p.a.datastore.findSessionWithUser(session.idHash, Date.now());
    expect(found?.session.data).toEqual({ marker: 1 });
  });

  itWithRedis('drops everything when its subscription is cut, and subscribes again', async () => {
    const p = await pair();
    await warm(p);
    const dropped = p.nextChangeOnA();
    await killSubscribers(p.probe, `${p.prefix}changes`);
    expect(await dropped).toEqual({ kind: 'all' });
    // Read again once, then cached again; after the new subscription is up a logout on B is heard.
    expect((await guarded(p.onA)).status).toBe(200);
    expect(await changeFeedSubscribersOnce(p.probe, `${p.prefix}changes`, (n) => n === 2)).toBe(2);
    await warm(p);
    const heard = p.nextChangeOnA();
    await logout(p.onB);
    await heard;
    expect((await guarded(p.onA)).status).toBe(401);
  });

  itWithRedis('while its subscription is down, serves a session for at most maxStalenessMs', async () => {
    let clock = 0;
    // Held down for the whole test: no new subscription within it.
    const p = await pair({ now: () => clock, maxStalenessMs: 1000, reconnectDelayMs: 600_000 });
    await warm(p);
    const dropped = p.nextChangeOnA();
    await killSubscribers(p.probe, `${p.prefix}changes`);
    await dropped;
    expect((await guarded(p.onA)).status).toBe(200);
    await p.b.datastore.deleteUserSessions(p.user.fsUniquifier);
    // No notification can arrive: the entry read at 0 may be served up to the bound, never after.
    clock = 1000;
    expect((await guarded(p.onA)).status).toBe(200);
    clock = 1001;
    expect((await guarded(p.onA)).status).toBe(401);
  });

  itWithRedis('a subscription that hangs silently still bounds staleness', async () => {
    let clock = 0;
    const p = await pair({ now: () => clock, maxStalenessMs: 1000, subscribe: () => silentFeed });
    await warm(p);
    await p.b.datastore.deleteUserSessions(p.user.fsUniquifier);
    clock = 1000;
    expect((await guarded(p.onA)).status).toBe(200);
    clock = 1001;
    expect((await guarded(p.onA)).status).toBe(401);
  });
});

async function killSubscribers(probe: RedisConnection, channel: string): Promise<void> {
  const ids = await changeFeedSubscribers(probe, channel);
  expect(ids.length).toBeGreaterThanOrEqual(1);
  for (const id of ids) await probe.command(['CLIENT', 'KILL', 'ID', id]);
}
