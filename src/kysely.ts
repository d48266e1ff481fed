/** barbican/kysely: the SQL datastore for SQLite and PostgreSQL, over a URL or the app's own Kysely. */

export { DatastoreError } from './datastore/errors.js';
export type { KyselyDatastore, KyselyDatastoreOptions } from './datastore/kysely/kysely-datastore.js';
export { createKyselyDatastore } from './datastore/kysely/kysely-datastore.js';
export type { OpenKyselyDatastoreOptions } from './datastore/kysely/open-kysely-datastore.js';
export { openKyselyDatastore } from './datastore/kysely/open-kysely-datastore.js';
export type { Database, SqlDialect } from './datastore/kysely/schema.js';
export { TablePrefixPlugin } from './datastore/kysely/table-prefix-plugin.js';
export type { OpenDatastoreOptions } from './datastore/open-datastore.js';
export { openDatastore } from './datastore/open-datastore.js';
export type { PostgresDatastoreOptions } from './datastore/postgres.js';
export { createPostgresDatastore } from './datastore/postgres.js';
export type { SqliteDatastoreOptions } from './datastore/sqlite.js';
export { createSqliteDatastore } from './datastore/sqlite.js';
export { MissingPeerDependencyError } from './peer-dependency.js';
