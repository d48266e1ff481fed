/** Starts one throw-away PostgreSQL for the whole run and hands its URL to tests via inject(). */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './services/postgres.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('postgresUrl', postgres?.url ?? null);
  return async () => {
    await postgres?.stop();
  };
}
