/**
 * The session cases of cluster.test.ts with sessions in Redis (sessionStore 'redis'): two demo
 * processes on one PostgreSQL database and one Redis. Its own file, so it runs beside the other.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_JOE as JOE } from '../../demo/seed.js';
import { createRedisConnection } from '../../src/datastore/redis/redis-connection.js';
import { changeFeedSubscribers } from '../fixtures/redis.js';
import { type Cluster, startCluster } from './cluster-fixture.js';
import { redisEnv, refusedOnBAfterLogout, sessionCases, signIn } from './session-cases.js';

const serverUrl = inject('postgresUrl');
const redisUrl = inject('redisUrl') ?? null;

describe.skipIf(!serverUrl || redisUrl === null)('two processes on PostgreSQL with sessions in Redis', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(serverUrl ?? '', redisUrl, {
      ...redisEnv(),
      SECURITY_SESSION_STORE: 'redis',
    });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  sessionCases(() => cluster);

  it("keeps each process's Redis session cache within its bound while its subscription is cut", async () => {
    const probe = createRedisConnection({ url: redisUrl ?? '', onError: () => {} });
    try {
      const joe = cluster.client(0);
      await signIn(joe, JOE);
      const onB = cluster.client(1);
      onB.cookies.set('session', String(joe.cookies.get('session')));
      // B reads the session, so it is cached there.
      expect((await onB.getJson('/api/session-or-token')).status).toBe(200);
      // Cut both processes' subscribers: no notification can reach B until it subscribes again.
      const ids = await changeFeedSubscribers(probe, `${cluster.env.SECURITY_SESSION_REDIS_PREFIX}changes`);
      expect(ids).toHaveLength(2);
      for (const id of ids) await probe.command(['CLIENT', 'KILL', 'ID', id]);
      const { status, staleMs: stale } = await refusedOnBAfterLogout(
        joe,
        onB,
        'Redis session cache (subscription cut)',
      );
      expect(status).toBe(401);
      // The documented bound is 1 s (docs/performance.md); the rest is slack for a loaded CI machine.
      expect(stale).toBeLessThan(2500);
    } finally {
      await probe.close();
    }
  });

  it('kept those sessions in Redis: none in the sessions table', async () => {
    const { rows } = await cluster.pool.query<{ n: string }>('select count(*) as n from sessions');
    expect(Number(rows[0]?.n)).toBe(0);
  });
});
