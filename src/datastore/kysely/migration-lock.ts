/**
 * One migrator at a time per Barbican schema on PostgreSQL, so N processes started together on an
 * empty database migrate once and the rest wait, then find nothing to do.
 *
 * Kysely's Migrator takes a lock of its own, but only around running the migrations: creating its
 * bookkeeping tables happens before, unlocked, and leans on catching "already exists". Taking our
 * lock first, on one dedicated connection that the whole run uses, makes the entire step serial.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, SqlDialect } from './schema.js';

/** The first half of every Barbican migration lock key ("BRBC"), so an app can keep clear of it. */
export const MIGRATION_LOCK_NAMESPACE = 0x42524243;

/**
 * The second half: a hash of the schema and table prefix. Two tenants (schemas or prefixes) in one
 * database then never wait for each other, while two processes of one tenant always do.
 */
export function migrationLockKey(schema: string, tablePrefix: string): number {
  return createHash('sha256').update(`${schema}\u0000${tablePrefix}`).digest().readInt32BE(0);
}

/**
 * Runs `migrate` holding the lock (PostgreSQL) on the connection it hands over; on SQLite it runs
 * as before, since SQLite's write lock already serializes migrating connections.
 * A killed holder's lock ends with its connection, so a crash never leaves the database locked.
 */
export async function withMigrationLock<T>(
  db: Kysely<Database>,
  dialect: SqlDialect,
  tablePrefix: string,
  migrate: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (dialect !== 'postgres') return migrate(db);
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
      connection,
    );
    const key = migrationLockKey(rows[0]?.schema ?? '', tablePrefix);
    // Session-level, not transaction-level: the migrator opens and commits its own transactions
    // on this same connection, and the lock must span all of them.
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_NAMESPACE}, ${key})`.execute(connection);
    try {
      return await migrate(connection);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_NAMESPACE}, ${key})`.execute(connection);
    }
  });
}
