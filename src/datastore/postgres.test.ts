import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, createTestSchema, type TestDatabase } from '../../test/services/postgres.js';
import { describeMigrationUpgrade } from './contract/migration-upgrade.js';
import { describeDatastoreContract } from './datastore.contract.js';
import { barbicanMigrations, MIGRATION_TABLE } from './kysely/migrations.js';
import type { Database } from './kysely/schema.js';
import { openDatastore } from './open-datastore.js';
import { createPostgresDatastore } from './postgres.js';

const serverUrl = inject('postgresUrl');

if (serverUrl === null) {
  console.warn('\n!!! PostgreSQL is not available: the PostgreSQL datastore tests are SKIPPED.\n');
}

describe.skipIf(serverUrl === null)('PostgreSQL', () => {
  // One database for this file; every test of the contract gets a fresh schema inside it.
  let fileDatabase: Promise<TestDatabase> | undefined;
  afterAll(async () => {
    await (await fileDatabase)?.drop();
  });

  describeDatastoreContract('PostgreSQL', async () => {
    fileDatabase ??= createTestDatabase(serverUrl!);
    const schema = await createTestSchema((await fileDatabase).url);
    const store = await createPostgresDatastore({ connectionString: schema.url, max: 2 });
    return {
      store,
      async cleanup() {
        await store.close();
        await schema.drop();
      },
    };
  });

  describeMigrationUpgrade(async () => {
    fileDatabase ??= createTestDatabase(serverUrl!);
    const schema = await createTestSchema((await fileDatabase).url);
    const pool = new Pool({ connectionString: schema.url, max: 2 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', cleanup: () => schema.drop() };
  });

  describe('openDatastore', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(serverUrl!);
    });
    afterAll(async () => {
      await database.drop();
    });

    it('opens postgres:// and postgresql:// URLs', async () => {
      const viaPostgres = await openDatastore(database.url);
      const user = await viaPostgres.createUser({ email: 'ann@example.com' });
      await viaPostgres.close();
      const viaPostgresql = await openDatastore(database.url.replace(/^postgres:/, 'postgresql:'));
      expect(await viaPostgresql.findUserById(user.id)).toEqual(user);
      await viaPostgresql.close();
    });

    it('migrates safely when two pools start at once', async () => {
      const [a, b] = await Promise.all([
        createPostgresDatastore({ connectionString: database.url }),
        createPostgresDatastore({ connectionString: database.url }),
      ]);
      try {
        // Each migration ran exactly once, and both pools work on the one migrated schema.
        const pool = new Pool({ connectionString: database.url, max: 1 });
        const applied = await pool
          .query<{ name: string }>(`select name from ${MIGRATION_TABLE}`)
          .finally(() => pool.end());
        expect(applied.rows.map((row) => row.name).sort()).toEqual(
          Object.keys(barbicanMigrations('postgres')).sort(),
        );
        const user = await a.createUser({ email: 'both-pools@example.com' });
        expect(await b.findUserById(user.id)).toEqual(user);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});
