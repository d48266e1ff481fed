/** A ready PostgreSQL datastore backed by a node-pg pool (pg is an optional peer dependency, barbican/postgres). */
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import type { Pool } from 'pg';
import { createSessionCache, type SessionCacheOptions } from '../auth/session-cache.js';
import { loadPeer } from '../peer-dependency.js';
import {
  createPostgresChangeCounter,
  type ListenConnection,
  type PostgresChangeCounter,
} from './kysely/change-counter-postgres.js';
import { changeChannel } from './kysely/migration-0012-change-notify.js';
import { openKyselyDatastore } from './kysely/open-kysely-datastore.js';
import type { Database } from './kysely/schema.js';
import { checkTablePrefix } from './kysely/table-prefix-plugin.js';
import { withWriteTracking } from './kysely/write-tracking-dialect.js';
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
  /**
   * The never-stale per-process session cache (docs/performance.md): on when LISTEN works at
   * open (it holds one extra connection), off with false.
   */
  sessionCache?: boolean | PostgresSessionCacheOptions;
}

export interface PostgresSessionCacheOptions extends SessionCacheOptions {
  /** How old a cached session may be served while the LISTEN connection is down (default 1000 ms). */
  readonly maxStalenessMs?: number;
  /** First delay before reconnecting the LISTEN connection, doubled up to 5 s (default 100 ms). */
  readonly reconnectDelayMs?: number;
}

/**
 * Connects to PostgreSQL (or uses the app's pool) and applies Barbican's migrations.
 *
 * @example const store = await createPostgresDatastore({ connectionString: process.env.DATABASE_URL! });
 */
export async function createPostgresDatastore(options: PostgresDatastoreOptions): Promise<Datastore> {
  const pool: PostgresPool = options.pool ? borrowed(options.pool) : await ownPool(options);
  const counter = await changeCounter(options);
  const dialect = new PostgresDialect({ pool });
  const cacheOptions = typeof options.sessionCache === 'object' ? options.sessionCache : {};
  return openKyselyDatastore({
    db: new Kysely<Database>({ dialect: counter ? withWriteTracking(dialect, counter.noteWrite) : dialect }),
    ...(counter ? { sessionCache: createSessionCache(counter, cacheOptions) } : {}),
    dialect: 'postgres',
    // Barbican created this Kysely instance; an app's own pool under it is wrapped so ending is a no-op.
    destroyOnClose: true,
    ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }),
    ...(options.migrate === undefined ? {} : { migrate: options.migrate }),
  });
}

/** The LISTEN side of the session cache; null (no cache) when switched off or LISTEN fails. */
async function changeCounter(options: PostgresDatastoreOptions): Promise<PostgresChangeCounter | null> {
  if (options.sessionCache === false) return null;
  const tuning = typeof options.sessionCache === 'object' ? options.sessionCache : {};
  const { pool, connectionString } = options;
  const { default: driver } = await loadPeer('pg', 'The PostgreSQL datastore', () => import('pg'));
  // Its own connection, never one of the pool's: an app's pool keeps every connection it sized.
  const settings = pool ? pool.options : { connectionString };
  const connect = async (): Promise<ListenConnection> => {
    const client = new driver.Client({ ...settings, keepAlive: true });
    await client.connect();
    return { client, release: () => client.end() };
  };
  return createPostgresChangeCounter({
    connect,
    channel: changeChannel(checkTablePrefix(options.tablePrefix ?? '')),
    ...(tuning.maxStalenessMs === undefined ? {} : { maxStalenessMs: tuning.maxStalenessMs }),
    ...(tuning.reconnectDelayMs === undefined ? {} : { reconnectDelayMs: tuning.reconnectDelayMs }),
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
