import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/services/postgres.js';
import { createPostgresDatastore } from '../postgres.js';
import { MIGRATION_LOCK_NAMESPACE, migrationLockKey } from './migration-lock.js';
import { barbicanMigrations, MIGRATION_TABLE } from './migrations.js';

const serverUrl = inject('postgresUrl');

describe('the migration lock key', () => {
  it('is fixed for a schema and prefix, and differs between tenants', () => {
    expect(migrationLockKey('public', '')).toBe(migrationLockKey('public', ''));
    expect(migrationLockKey('public', 'auth_')).not.toBe(migrationLockKey('public', ''));
    expect(migrationLockKey('tenant_a', '')).not.toBe(migrationLockKey('tenant_b', ''));
  });
});

describe.skipIf(!serverUrl)('the migration lock on PostgreSQL', () => {
  let database: TestDatabase;
  let holder: Client;
  beforeAll(async () => {
    database = await createTestDatabase(serverUrl ?? '');
    holder = new Client({ connectionString: database.url });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await database?.drop();
  });

  async function waitersOnLock(key: number): Promise<number> {
    const { rows } = await holder.query<{ count: string }>(
      `select count(*) from pg_locks where locktype = 'advisory' and not granted
         and classid = $1::int::oid and objid = $2::int::oid and database = (select oid from pg_database where datname = current_database())`,
      [MIGRATION_LOCK_NAMESPACE, key],
    );
    return Number(rows[0]?.count);
  }

  async function migrationTableExists(): Promise<boolean> {
    const { rows } = await holder.query(`select 1 from pg_tables where tablename = $1`, [MIGRATION_TABLE]);
    return rows.length === 1;
  }

  it('waits for a migrator holding the lock, then migrates once it is released', async () => {
    const key = migrationLockKey('public', '');
    // Another "process" is migrating: it holds the lock.
    await holder.query('select pg_advisory_lock($1, $2)', [MIGRATION_LOCK_NAMESPACE, key]);
    const opening = createPostgresDatastore({ connectionString: database.url, max: 2 });
    let opened = false;
    void opening.then(() => {
      opened = true;
    });
    // Counted, not timed: the opener is queued on exactly this lock and has touched nothing yet.
    for (let tries = 0; (await waitersOnLock(key)) === 0; tries += 1) {
      if (tries > 200) throw new Error('the opener never waited on the migration lock');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await waitersOnLock(key)).toBe(1);
    expect(await migrationTableExists()).toBe(false);
    expect(opened).toBe(false);

    await holder.query('select pg_advisory_unlock($1, $2)', [MIGRATION_LOCK_NAMESPACE, key]);
    const store = await opening;
    const applied = await holder.query(`select name from ${MIGRATION_TABLE}`);
    expect(applied.rows).toHaveLength(Object.keys(barbicanMigrations('postgres')).length);
    // Released after migrating: the next process takes it at once.
    const { rows } = await holder.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1, $2) as locked',
      [MIGRATION_LOCK_NAMESPACE, key],
    );
    expect(rows[0]?.locked).toBe(true);
    await holder.query('select pg_advisory_unlock($1, $2)', [MIGRATION_LOCK_NAMESPACE, key]);
    await store.close();
  });
});
