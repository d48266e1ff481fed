/**
 * tablePrefix: every table and index Barbican creates carries the prefix, an app's own `users`
 * and `sessions` stay untouched, and the whole datastore contract passes on a prefixed store
 * sitting beside those app tables (so any query the prefix plugin missed, builder, precompiled
 * hot-path or raw, would hit the app's table and fail).
 */
import { describe, expect } from 'vitest';
import { type AppDatabase, openBarbicanOn, useAppDatabases } from '../../test/fixtures/app-database.js';
import { describeEachDatabase } from '../../test/fixtures/each-database.js';
import { postgresAvailable } from '../../test/fixtures/mail-app.js';
import { sessionFor } from './contract/store-fixture.js';
import { describeDatastoreContract } from './datastore.contract.js';

/** An app's own tables, named like Barbican's but shaped differently. */
async function createAppTables(app: AppDatabase): Promise<void> {
  await app.query('create table users (id integer primary key, name text not null)');
  await app.query('create index users_name on users (name)');
  await app.query('create table sessions (token text primary key)');
  await app.query("insert into users (id, name) values (1, 'app-row')");
  await app.query("insert into sessions (token) values ('app-session')");
}

describeEachDatabase('tablePrefix', {}, ({ kind, it }) => {
  const openApp = useAppDatabases(kind);

  it('prefixes every table and index Barbican creates, leaving the app’s users and sessions as they were', async () => {
    const plain = await openApp();
    await (await openBarbicanOn(plain)).close();
    const unprefixed = await plain.catalog();
    const app = await openApp();
    await createAppTables(app);
    const appCatalog = await app.catalog();

    const store = await openBarbicanOn(app, { tablePrefix: 'auth_' });
    const user = await store.createUser({ email: 'ann@example.com' });
    await store.createSession(sessionFor(user, { idHash: 'barbican-session' }));
    expect((await store.findSessionWithUser('barbican-session', Date.now()))?.user.id).toBe(user.id);
    await store.close();

    const catalog = await app.catalog();
    const prefixed = (names: string[]) => names.map((name) => `auth_${name}`);
    const added = (names: string[], before: string[]) =>
      names.filter((name) => !before.includes(name)).sort();
    expect(added(catalog.tables, appCatalog.tables)).toEqual(prefixed(unprefixed.tables).sort());
    expect(added(catalog.indexes, appCatalog.indexes)).toEqual(prefixed(unprefixed.indexes).sort());
    expect(await app.query('select * from users')).toEqual([{ id: 1, name: 'app-row' }]);
    expect(await app.query('select * from sessions')).toEqual([{ token: 'app-session' }]);
  });

  it('prefixes names that already begin with the prefix (tablePrefix "u" still renames users)', async () => {
    const app = await openApp();
    const store = await openBarbicanOn(app, { tablePrefix: 'u' });
    await store.createUser({ email: 'ann@example.com' });
    await store.close();

    const { tables } = await app.catalog();
    expect(tables).toContain('uusers');
    expect(tables).not.toContain('users');
  });

  it('refuses a prefix that is not a plain lower-case identifier, naming tablePrefix', async () => {
    const app = await openApp();

    await expect(openBarbicanOn(app, { tablePrefix: 'Auth-' })).rejects.toThrow(/tablePrefix/);
    expect((await app.catalog()).tables).toEqual([]);
  });

  describe.skipIf(kind === 'postgres' && !postgresAvailable())('beside app tables users and sessions', () => {
    describeDatastoreContract(`${kind} with tablePrefix auth_`, async () => {
      const app = await openApp();
      await createAppTables(app);
      const store = await openBarbicanOn(app, { tablePrefix: 'auth_' });
      return { store, cleanup: () => store.close() };
    });
  });
});
