/**
 * `migrate: false` (deploy pipelines run `barbican db migrate` instead): opening never changes the
 * schema, refuses a database behind the shipped migrations, and opens an up-to-date one.
 */
import { expect } from 'vitest';
import { openBarbicanOn, useAppDatabases } from '../../test/fixtures/app-database.js';
import { describeEachDatabase } from '../../test/fixtures/each-database.js';
import { DatastoreError } from './errors.js';
import { barbicanMigrator } from './kysely/migrations.js';

async function refusal(opening: Promise<unknown>): Promise<DatastoreError> {
  const error = await opening.then(
    () => new Error('opened'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DatastoreError);
  return error as DatastoreError;
}

describeEachDatabase('opening with migrate: false', {}, ({ kind, it }) => {
  const openApp = useAppDatabases(kind);

  it('refuses an empty database with SCHEMA_OUTDATED naming barbican db migrate, creating no table', async () => {
    const app = await openApp();

    const error = await refusal(openBarbicanOn(app, { migrate: false }));

    expect(error.code).toBe('SCHEMA_OUTDATED');
    expect(error.message).toContain('barbican db migrate');
    expect(error.message).toContain('0001_initial_schema');
    expect((await app.catalog()).tables).toEqual([]);
    // The refusal closed Barbican's side only: the app's connection still answers.
    expect(await app.query<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('refuses a database an older release migrated, naming only the pending migrations', async () => {
    const app = await openApp();
    const migrator = await barbicanMigrator(app.kysely(), kind);
    expect((await migrator.migrateTo('0003_case_insensitive_usernames')).error).toBeUndefined();

    const error = await refusal(openBarbicanOn(app, { migrate: false }));

    expect(error.code).toBe('SCHEMA_OUTDATED');
    expect(error.message).toContain('pending: 0004_link_token_binding, 0007_two_factor');
    expect(error.message).toContain('barbican db migrate');
  });

  it('opens a migrated database and works, without migrating again', async () => {
    const app = await openApp();
    const migrating = await openBarbicanOn(app);
    await migrating.close();
    const before = await app.query<{ name: string }>('select name from barbican_migration order by name');

    const store = await openBarbicanOn(app, { migrate: false });
    try {
      const user = await store.createUser({ email: 'ann@example.com' });
      expect(await store.findUserByIdentity('email', 'ANN@example.com')).toEqual(user);
    } finally {
      await store.close();
    }
    expect(await app.query('select name from barbican_migration order by name')).toEqual(before);
    expect(before.length).toBeGreaterThan(0);
  });
});
