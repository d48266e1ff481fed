/** Opening a Kysely datastore ready for use: migrated, or checked to be up to date. */
import { DatastoreError } from '../errors.js';
import type { Datastore } from '../types.js';
import { createKyselyDatastore, type KyselyDatastoreOptions } from './kysely-datastore.js';

export interface OpenKyselyDatastoreOptions extends KyselyDatastoreOptions {
  /**
   * Run pending migrations on open (default true). With false, opening refuses a database that is
   * behind the shipped schema (DatastoreError SCHEMA_OUTDATED): deploy runs `barbican db migrate`.
   */
  migrate?: boolean;
}

/**
 * A ready Datastore over a Kysely instance: migrated on open, or (with `migrate: false`) checked
 * to be up to date. On failure a store that owns `db` is closed before the error is thrown.
 *
 * @example const store = await openKyselyDatastore({ db, dialect: 'sqlite', migrate: false });
 */
export async function openKyselyDatastore(options: OpenKyselyDatastoreOptions): Promise<Datastore> {
  const store = createKyselyDatastore(options);
  try {
    if (options.migrate ?? true) {
      await store.migrate();
    } else {
      const pending = await store.pendingMigrations();
      if (pending.length > 0) {
        throw new DatastoreError(
          'SCHEMA_OUTDATED',
          `Barbican: the database schema is behind (pending: ${pending.join(', ')}); run \`barbican db migrate\` before starting the app, or open with migrate: true.`,
        );
      }
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
