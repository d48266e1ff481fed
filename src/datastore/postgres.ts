/** A ready PostgreSQL datastore backed by a node-pg pool (pg is an optional peer dependency, barbican/postgres). */
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import type { Pool } from 'pg';
import { loadPeer } from '../peer-dependency.js';
import { openKyselyDatastore } from './kysely/kysely-datastore.js';
import type { Database } from './kysely/schema.js';
import type { Datastore } from './types.js';

export interface PostgresDatastoreOptions {
  /** e.g. postgres://user:password@host:5432/app. Either this or `pool`. */
  connectionString?: string;
  /** The app's own pg.Pool; `close()` leaves it open (the app ends it). */
  pool?: Pool;
  /** Most connections the pool opens; default 10 (node-pg's default). Only with connectionString. */
  max?: number;
  /** Apply pending migrations on open (default true); false refuses an outdated schema instead. */
  migrate?: boolean;
  /** Prefix for Barbican's tables and indexes, e.g. "auth_". */
  tablePrefix?: string;
}

/**
 * Connects to PostgreSQL (or uses the app's pool) and applies Barbican's migrations.
 *
 * @example const store = await createPostgresDatastore({ connectionString: process.env.DATABASE_URL! });
 */
export async function createPostgresDatastore(options: PostgresDatastoreOptions): Promise<Datastore> {
  const pool: PostgresPool = options.pool ? borrowed(options.pool) : await ownPool(options);
  return openKyselyDatastore({
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    dialect: 'postgres',
    // Barbican created this Kysely instance; an app's own pool under it is wrapped so ending is a no-op.
    destroyOnClose: true,
    ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }),
    ...(options.migrate === undefined ? {} : { migrate: options.migrate }),
  });
}

/** The app's pool, minus `end`: closing the datastore must not end connections the app still uses. */
function borrowed(pool: Pool): PostgresPool {
  return { connect: () => pool.connect(), end: async () => {} };
}

async function ownPool(options: PostgresDatastoreOptions): Promise<Pool> {
  if (options.connectionString === undefined) {
    throw new TypeError('createPostgresDatastore needs `connectionString` or `pool`.');
  }
  const pg = await loadPeer('pg', 'The PostgreSQL datastore', () => import('pg'));
  const pool = new pg.default.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // An idle client losing its connection (server restart, failover) is emitted on the pool; with
  // no listener Node would crash the process. The pool drops that client and the next query
  // opens a fresh one, so there is nothing more to do here.
  pool.on('error', () => {});
  return pool;
}
