/**
 * Bring your own database: Barbican works on the app's pg.Pool, better-sqlite3 Database or Kysely
 * instance, and its close() leaves them open (whoever opened a connection ends it).
 */
import { expect } from 'vitest';
import { openBarbicanOn, useAppDatabases } from '../../test/fixtures/app-database.js';
import { describeEachDatabase } from '../../test/fixtures/each-database.js';
import { openKyselyDatastore } from './kysely/open-kysely-datastore.js';

describeEachDatabase("the app's own connection", {}, ({ kind, it }) => {
  const openApp = useAppDatabases(kind);

  it(`is used by Barbican (${kind === 'sqlite' ? 'better-sqlite3 Database' : 'pg.Pool'}) and left open by close()`, async () => {
    const app = await openApp();
    const store = await openBarbicanOn(app);

    await store.createUser({ email: 'ann@example.com' });
    await store.close();

    // The row went through the app's connection, which still answers after Barbican closed.
    expect(await app.query('select email from users')).toEqual([{ email: 'ann@example.com' }]);
    const connection = app.connection;
    const open = connection.kind === 'sqlite' ? connection.database.open : !connection.pool.ended;
    expect(open).toBe(true);
  });

  it("is used through the app's Kysely instance, which close() does not destroy", async () => {
    const app = await openApp();
    const db = app.kysely();
    const store = await openKyselyDatastore({ db, dialect: kind });

    const user = await store.createUser({ email: 'bob@example.com' });
    await store.close();

    const rows = await db.selectFrom('users').select(['id', 'email']).execute();
    expect(rows).toEqual([{ id: user.id, email: 'bob@example.com' }]);
  });
});
