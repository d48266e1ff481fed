/**
 * The session cases of cluster.test.ts with sessions in Redis (sessionStore 'redis'): two demo
 * processes on one PostgreSQL database and one Redis. Its own file, so it runs beside the other.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Cluster, startCluster } from './cluster-fixture.js';
import { redisEnv, sessionCases } from './session-cases.js';

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

  it('kept those sessions in Redis: none in the sessions table', async () => {
    const { rows } = await cluster.pool.query<{ n: string }>('select count(*) as n from sessions');
    expect(Number(rows[0]?.n)).toBe(0);
  });
});
