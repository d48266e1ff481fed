/** barbican/postgres: the PostgreSQL datastore alone (needs the optional peer dependency pg). */
export type { PostgresDatastoreOptions } from './datastore/postgres.js';
export { createPostgresDatastore } from './datastore/postgres.js';
