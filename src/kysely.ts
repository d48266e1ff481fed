/** barbican/kysely: the SQL datastore for SQLite and PostgreSQL. */

export { DatastoreError } from './datastore/errors.js';
export { openDatastore } from './datastore/open-datastore.js';
export { createPostgresDatastore } from './datastore/postgres.js';
export { createSqliteDatastore } from './datastore/sqlite.js';
