/** barbican/sqlite: the SQLite datastore alone (needs the optional peer dependency better-sqlite3). */
export type { SqliteDatastoreOptions } from './datastore/sqlite.js';
export { createSqliteDatastore } from './datastore/sqlite.js';
