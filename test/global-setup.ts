/**
 * Starts one throw-away PostgreSQL and one redis-server for the whole run and hands their URLs to
 * tests via inject().
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './services/postgres.js';
import { startRedis } from './services/redis.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  project.provide('postgresUrl', postgres?.url ?? null);
  project.provide('redisUrl', redis?.url ?? null);
  return async () => {
    await Promise.all([postgres?.stop(), redis?.stop()]);
  };
}
