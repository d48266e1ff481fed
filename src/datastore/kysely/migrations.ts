/**
 * The schema migrations Barbican ships, as code so they travel inside the package (no migration
 * folder to copy), run through Kysely's Migrator on SQLite and PostgreSQL alike.
 */
import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from 'kysely';
import { linkTokenBinding } from './migration-0004-link-token-binding.js';
import { twoFactorSchema } from './migration-0007-two-factor.js';
import { recoveryCodesSchema } from './migration-0008-recovery-codes.js';
import { webauthnSchema } from './migration-0009-webauthn.js';
import { unifiedSigninSchema } from './migration-0010-unified-signin.js';
import { sessionMetadataSchema } from './migration-0011-session-metadata.js';
import { changeNotifySchema } from './migration-0012-change-notify.js';
import { withMigrationLock } from './migration-lock.js';
import type { Database, SqlDialect } from './schema.js';
import { TablePrefixPlugin } from './table-prefix-plugin.js';

/** Kept apart from an application's own Kysely migrations, which default to `kysely_migration`. */
export const MIGRATION_TABLE = 'barbican_migration';
export const MIGRATION_LOCK_TABLE = 'barbican_migration_lock';

type IdColumn = (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

function idColumn(dialect: SqlDialect): IdColumn {
  // AUTOINCREMENT / IDENTITY: an id of a deleted user is never handed to a new one.
  return dialect === 'sqlite'
    ? (col) => col.primaryKey().autoIncrement()
    : (col) => col.primaryKey().generatedByDefaultAsIdentity();
}

function initialSchema(dialect: SqlDialect): Migration {
  const id = idColumn(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', 'integer', id)
        .addColumn('email', 'text', (col) => col.notNull())
        .addColumn('email_lower', 'text', (col) => col.notNull())
        .addColumn('username', 'text')
        .addColumn('password', 'text')
        .addColumn('active', 'integer', (col) => col.notNull().defaultTo(1).check(sql`active in (0, 1)`))
        .addColumn('fs_uniquifier', 'text', (col) => col.notNull())
        .addColumn('fs_token_uniquifier', 'text')
        .addColumn('confirmed_at', 'bigint')
        .addColumn('last_login_at', 'bigint')
        .addColumn('current_login_at', 'bigint')
        .addColumn('last_login_ip', 'text')
        .addColumn('current_login_ip', 'text')
        .addColumn('login_count', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('create_datetime', 'bigint', (col) => col.notNull())
        .addColumn('update_datetime', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('users_email_lower_key')
        .unique()
        .on('users')
        .column('email_lower')
        .execute();
      // Both dialects let a UNIQUE column hold many NULLs, which is what optional usernames need.
      await db.schema.createIndex('users_username_key').unique().on('users').column('username').execute();
      await db.schema
        .createIndex('users_fs_uniquifier_key')
        .unique()
        .on('users')
        .column('fs_uniquifier')
        .execute();
      await db.schema
        .createIndex('users_fs_token_uniquifier_key')
        .unique()
        .on('users')
        .column('fs_token_uniquifier')
        .execute();

      await db.schema
        .createTable('roles')
        .addColumn('id', 'integer', id)
        .addColumn('name', 'text', (col) => col.notNull().unique())
        .addColumn('description', 'text')
        .addColumn('permissions', 'text', (col) => col.notNull().defaultTo('[]'))
        .addColumn('update_datetime', 'bigint', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('roles_users')
        .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role_id', 'integer', (col) => col.notNull().references('roles.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('roles_users_pkey', ['user_id', 'role_id'])
        .execute();
      // The primary key serves lookups by user; deleting a role cascades through role_id.
      await db.schema.createIndex('roles_users_role_id_idx').on('roles_users').column('role_id').execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (col) => col.primaryKey())
        .addColumn('fs_uniquifier', 'text', (col) => col.notNull())
        .addColumn('authenticated_at', 'bigint', (col) => col.notNull())
        .addColumn('csrf_secret', 'text', (col) => col.notNull())
        .addColumn('remember', 'integer', (col) => col.notNull().defaultTo(0).check(sql`remember in (0, 1)`))
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('data', 'text', (col) => col.notNull().defaultTo('{}'))
        .execute();
      await db.schema
        .createIndex('sessions_fs_uniquifier_idx')
        .on('sessions')
        .column('fs_uniquifier')
        .execute();
      await db.schema.createIndex('sessions_expires_at_idx').on('sessions').column('expires_at').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('sessions').execute();
      await db.schema.dropTable('roles_users').execute();
      await db.schema.dropTable('roles').execute();
      await db.schema.dropTable('users').execute();
    },
  };
}

/** The durable mail outbox and single-use link tokens (confirm, reset, change-email). */
function outboxAndLinkTokens(dialect: SqlDialect): Migration {
  const id = idColumn(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('mail_outbox')
        .addColumn('id', 'integer', id)
        .addColumn('to_address', 'text', (col) => col.notNull())
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('text_body', 'text', (col) => col.notNull())
        .addColumn('html_body', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
        .addColumn('sent_at', 'bigint')
        .addColumn('last_error', 'text')
        .execute();
      // The claim query's scan, in its order. Partial: sent rows stay behind for the outbox page
      // and would otherwise grow the index workers walk on every poll.
      await db.schema
        .createIndex('mail_outbox_due_idx')
        .on('mail_outbox')
        .columns(['next_attempt_at', 'id'])
        .where(sql.ref('sent_at'), 'is', null)
        .execute();

      await db.schema
        .createTable('link_tokens')
        .addColumn('token_hash', 'text', (col) => col.primaryKey())
        .addColumn('purpose', 'text', (col) => col.notNull())
        .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('data', 'text', (col) => col.notNull().defaultTo('{}'))
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      // Serves supersede and per-user deletion, and the cascade from users.
      await db.schema
        .createIndex('link_tokens_user_id_purpose_idx')
        .on('link_tokens')
        .columns(['user_id', 'purpose'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('link_tokens').execute();
      await db.schema.dropTable('mail_outbox').execute();
    },
  };
}

/**
 * Usernames become case-insensitive, as Flask-Security matches them: `Joe` and `joe` are one
 * account. Existing rows are backfilled in JS (SQL lower() is ASCII-only on SQLite); two existing
 * usernames that differ only in case make this migration fail rather than pick one silently.
 */
function caseInsensitiveUsernames(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').addColumn('username_lower', 'text').execute();
      const users = db as unknown as Kysely<Database>;
      const rows = await users
        .selectFrom('users')
        .select(['id', 'username'])
        .where('username', 'is not', null)
        .execute();
      for (const row of rows) {
        await users
          .updateTable('users')
          .set({ username_lower: row.username?.toLowerCase() ?? null })
          .where('id', '=', row.id)
          .execute();
      }
      await db.schema
        .createIndex('users_username_lower_key')
        .unique()
        .on('users')
        .column('username_lower')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('users_username_lower_key').execute();
      await db.schema.alterTable('users').dropColumn('username_lower').execute();
    },
  };
}

/**
 * Every shipped migration by name; names sort in the order they must run. A shipped migration is
 * never edited (databases in the wild have run it): a schema change is a new entry.
 */
export function barbicanMigrations(dialect: SqlDialect, tablePrefix = ''): Record<string, Migration> {
  return {
    '0001_initial_schema': initialSchema(dialect),
    '0002_outbox_and_link_tokens': outboxAndLinkTokens(dialect),
    '0003_case_insensitive_usernames': caseInsensitiveUsernames(),
    '0004_link_token_binding': linkTokenBinding(),
    '0007_two_factor': twoFactorSchema(),
    '0008_recovery_codes': recoveryCodesSchema(),
    '0010_unified_signin': unifiedSigninSchema(),
    '0009_webauthn': webauthnSchema(dialect),
    '0011_session_metadata': sessionMetadataSchema(),
    '0012_change_notify': changeNotifySchema(dialect, tablePrefix),
  };
}

function migrationProvider(dialect: SqlDialect, tablePrefix: string): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      const migrations = barbicanMigrations(dialect, tablePrefix);
      if (tablePrefix === '') return migrations;
      // Each migration runs its builder queries through the prefix plugin, so every entry,
      // present or future, creates and alters the prefixed tables without knowing about it.
      const plugin = new TablePrefixPlugin(tablePrefix);
      const prefixed: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(migrations)) {
        const { down } = migration;
        prefixed[name] = {
          up: (db) => migration.up(db.withPlugin(plugin)),
          ...(down ? { down: (db: Kysely<unknown>) => down(db.withPlugin(plugin)) } : {}),
        };
      }
      return prefixed;
    },
  };
}

/**
 * The schema unqualified names resolve to on PostgreSQL. Kysely's Migrator, told no schema, counts
 * its bookkeeping table in ANY schema as present, so a second schema in the same database (one per
 * tenant, one per test) would skip creating its own and then fail; naming the schema avoids that.
 */
async function currentSchema(db: Kysely<Database>, dialect: SqlDialect): Promise<string | undefined> {
  if (dialect !== 'postgres') {
    return undefined;
  }
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/**
 * Kysely's Migrator over Barbican's migrations and bookkeeping tables (tests use it to stop
 * part-way). `db` is the unprefixed handle: the bookkeeping tables get the prefix by name here.
 */
export async function barbicanMigrator(
  db: Kysely<Database>,
  dialect: SqlDialect,
  tablePrefix = '',
): Promise<Migrator> {
  return new Migrator({
    db,
    provider: migrationProvider(dialect, tablePrefix),
    migrationTableName: `${tablePrefix}${MIGRATION_TABLE}`,
    migrationLockTableName: `${tablePrefix}${MIGRATION_LOCK_TABLE}`,
    migrationTableSchema: await currentSchema(db, dialect),
  });
}

/**
 * Brings the database up to the newest shipped schema; a no-op when it is already there.
 *
 * @example await migrateToLatest(db, 'postgres');
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: SqlDialect,
  tablePrefix = '',
): Promise<void> {
  // Serialized across processes (PostgreSQL advisory lock), so N starting together migrate once.
  const { error, results } = await withMigrationLock(db, dialect, tablePrefix, async (locked) =>
    (await barbicanMigrator(locked, dialect, tablePrefix)).migrateToLatest(),
  );
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Barbican migration ${failed} failed`, { cause: error });
  }
}

/**
 * The shipped migrations this database has not run yet, oldest first (empty when up to date).
 *
 * @example if ((await pendingMigrations(db, 'sqlite')).length > 0) console.log('run barbican db migrate');
 */
export async function pendingMigrations(
  db: Kysely<Database>,
  dialect: SqlDialect,
  tablePrefix = '',
): Promise<string[]> {
  const migrator = await barbicanMigrator(db, dialect, tablePrefix);
  const migrations = await migrator.getMigrations();
  return migrations.filter((migration) => migration.executedAt === undefined).map((m) => m.name);
}
