import { Pool } from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_ROLES } from '../../demo/seed.js';
import { barbicanMigrations, MIGRATION_TABLE } from '../../src/datastore/kysely/migrations.js';
import { freePort } from '../services/free-port.js';
import { createTestDatabase, type TestDatabase } from '../services/postgres.js';
import { killAllSpawned, spawnTs } from './child-process.js';

const serverUrl = inject('postgresUrl');
const databases: TestDatabase[] = [];

afterAll(async () => {
  killAllSpawned();
  for (const database of databases) await database.drop();
});

async function freshDatabase(): Promise<string> {
  const database = await createTestDatabase(serverUrl ?? '');
  databases.push(database);
  return database.url;
}

async function count(url: string, query: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ n: string }>(query);
    return Number(rows[0]?.n);
  } finally {
    await pool.end();
  }
}

describe.skipIf(!serverUrl)('processes starting together on one empty PostgreSQL database', () => {
  it('four migrating processes all start, and each migration runs once', async () => {
    const url = await freshDatabase();
    const processes = Array.from({ length: 4 }, () =>
      spawnTs('test/cluster/migrate-child.ts', [], { DATABASE_URL: url }),
    );
    const exits = await Promise.all(processes.map((p) => p.exited));
    expect(exits.map((exit) => [exit.code, exit.stdout.trim(), exit.stderr])).toEqual(
      exits.map(() => [0, 'migrated', '']),
    );
    expect(await count(url, `select count(*) as n from ${MIGRATION_TABLE}`)).toBe(
      Object.keys(barbicanMigrations('postgres')).length,
    );
  }, 60_000);

  it('two demo processes both come up, and the demo data is seeded once', async () => {
    const url = await freshDatabase();
    const ports = [await freePort(), await freePort()];
    const demos = ports.map((port) =>
      spawnTs('demo/main.ts', [], {
        PORT: String(port),
        DATABASE_URL: url,
        SECRET_KEY: 'cluster-start-together-secret-0123456789',
      }),
    );
    await Promise.all(demos.map((demo) => demo.waitForLine(/^Barbican demo on /)));
    for (const port of ports) {
      const res = await fetch(`http://127.0.0.1:${port}/api/public`);
      expect(await res.json()).toEqual({ ok: true, user: null });
    }
    const seeded = demos.filter((demo) => demo.stdout().includes('Seeded the demo database.'));
    expect(seeded).toHaveLength(1);
    expect(await count(url, 'select count(*) as n from roles')).toBe(DEMO_ROLES.length);
    expect(await count(url, 'select count(*) as n from users')).toBe(DEMO_ACCOUNTS.length);
    for (const demo of demos) demo.child.kill('SIGTERM');
    const exits = await Promise.all(demos.map((demo) => demo.exited));
    expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
  }, 60_000);
});
