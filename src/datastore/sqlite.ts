/** A ready, migrated SQLite datastore backed by better-sqlite3. */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { ImmediateSqliteDialect } from './kysely/immediate-sqlite-dialect.js';
import { createKyselyDatastore } from './kysely/kysely-datastore.js';
import type { Database } from './kysely/schema.js';
import { withStatementCache } from './kysely/statement-cache.js';
import type { Datastore } from './types.js';

export interface SqliteDatastoreOptions {
  /** A file path, or ':memory:' for a private in-memory database. */
  filename: string;
  /** How long a statement waits for another connection's write lock; default 5000. */
  busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) a SQLite database and applies Barbican's migrations.
 *
 * @example const store = await createSqliteDatastore({ filename: 'app.db' });
 */
export async function createSqliteDatastore(options: SqliteDatastoreOptions): Promise<Datastore> {
  const database = new BetterSqlite3(options.filename, {
    timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
  });
  try {
    // WAL lets readers run while one connection writes (in-memory databases keep their own journal).
    if (options.filename !== ':memory:' && options.filename !== '') {
      database.pragma('journal_mode = WAL');
    }
    // Off by default in SQLite, and roles_users relies on ON DELETE CASCADE.
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  const store = createKyselyDatastore({
    db: new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }),
    }),
    dialect: 'sqlite',
  });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
