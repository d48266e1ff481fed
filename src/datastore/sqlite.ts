/** A ready SQLite datastore backed by better-sqlite3 (an optional peer dependency, barbican/sqlite). */
import type BetterSqlite3 from 'better-sqlite3';
import type { Database as BetterSqlite3Database } from 'better-sqlite3';
import { Kysely } from 'kysely';
import { createSessionCache, type SessionCacheOptions } from '../auth/session-cache.js';
import { loadPeer } from '../peer-dependency.js';
import { createSqliteChangeCounter } from './kysely/change-counter-sqlite.js';
import { ImmediateSqliteDialect } from './kysely/immediate-sqlite-dialect.js';
import { openKyselyDatastore } from './kysely/open-kysely-datastore.js';
import type { Database } from './kysely/schema.js';
import { withStatementCache } from './kysely/statement-cache.js';
import { withWriteTracking } from './kysely/write-tracking-dialect.js';
import type { Datastore } from './types.js';

export interface SqliteDatastoreOptions {
  /** A file path, or ':memory:' for a private in-memory database. Either this or `database`. */
  filename?: string;
  /** An open better-sqlite3 connection of the app's; `close()` leaves it open. */
  database?: BetterSqlite3Database;
  /** How long a statement waits for another connection's write lock; default 5000. */
  busyTimeoutMs?: number;
  /** Apply pending migrations on open (default true); false refuses an outdated schema instead. */
  migrate?: boolean;
  /** Prefix for Barbican's tables and indexes, e.g. "auth_". */
  tablePrefix?: string;
  /**
   * The never-stale per-process session cache (docs/performance.md). Default on with `filename`;
   * off with an app's own `database`, whose direct writes to Barbican's tables it could not see.
   */
  sessionCache?: boolean | SessionCacheOptions;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) a SQLite database and applies Barbican's migrations.
 *
 * @example const store = await createSqliteDatastore({ filename: 'app.db', tablePrefix: 'auth_' });
 */
export async function createSqliteDatastore(options: SqliteDatastoreOptions): Promise<Datastore> {
  const owned = options.database === undefined;
  const database = options.database ?? (await openFile(options));
  // The statement cache's close() closes the connection; an app's own connection must outlive us.
  const cached = withStatementCache(database);
  const dialect = new ImmediateSqliteDialect({
    database: owned ? cached : { prepare: (sql) => cached.prepare(sql), close: () => {} },
  });
  const cacheOption = options.sessionCache ?? owned;
  const counter = cacheOption === false ? null : createSqliteChangeCounter(database);
  const cacheOptions = typeof cacheOption === 'object' ? cacheOption : {};
  const store = openKyselyDatastore({
    db: new Kysely<Database>({ dialect: counter ? withWriteTracking(dialect, counter.noteWrite) : dialect }),
    ...(counter ? { sessionCache: createSessionCache(counter, cacheOptions) } : {}),
    dialect: 'sqlite',
    // Barbican created this Kysely instance; an app's own connection under it is wrapped to stay open.
    destroyOnClose: true,
    ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }),
    ...(options.migrate === undefined ? {} : { migrate: options.migrate }),
  });
  return store;
}

async function openFile(options: SqliteDatastoreOptions): Promise<BetterSqlite3Database> {
  const filename = options.filename;
  if (filename === undefined) {
    throw new TypeError('createSqliteDatastore needs `filename` (a path or ":memory:") or `database`.');
  }
  // A CommonJS module: Node's ESM import puts module.exports on `default`, which the `export =`
  // typings do not describe.
  const { default: Driver } = await loadPeer('better-sqlite3', 'The SQLite datastore', () =>
    import('better-sqlite3').then((module) => module as unknown as { default: typeof BetterSqlite3 }),
  );
  const database = new Driver(filename, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  try {
    // WAL lets readers run while one connection writes (in-memory databases keep their own journal).
    if (filename !== ':memory:' && filename !== '') database.pragma('journal_mode = WAL');
    // Off by default in SQLite, and roles_users relies on ON DELETE CASCADE.
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}
