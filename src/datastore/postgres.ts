/** A ready, migrated PostgreSQL datastore backed by a node-pg pool. */
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { createKyselyDatastore } from './kysely/kysely-datastore.js';
import type { Database } from './kysely/schema.js';
import type { Datastore } from './types.js';

export interface PostgresDatastoreOptions {
  /** e.g. postgres://user:password@host:5432/app */
  connectionString: string;
  /** Most connections the pool opens; default 10 (node-pg's default). */
  max?: number;
}

/**
 * Connects a pool to PostgreSQL and applies Barbican's migrations.
 *
 * @example const store = await createPostgresDatastore({ connectionString: process.env.DATABASE_URL! });
 */
export async function createPostgresDatastore(options: PostgresDatastoreOptions): Promise<Datastore> {
  const pool = new Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // An idle client losing its connection (server restart, failover) is emitted on the pool; with
  // no listener Node would crash the process. The pool drops that client and the next query
  // opens a fresh one, so there is nothing more to do here.
  pool.on('error', () => {});
  const store = createKyselyDatastore({
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
  });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
