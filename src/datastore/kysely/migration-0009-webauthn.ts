/**
 * Migration 0009: WebAuthn. Registered credentials (upstream's WebAuthn model plus the backup-
 * eligible flag, credProps.rk and a counter-regression mark), users.fs_webauthn_user_handle (set
 * lazily on first registration, as upstream does for existing users), and ceremony states that
 * upstream keeps in a signed, reusable token: here a row, single-use and bound to the browser.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { SqlDialect } from './schema.js';

export function webauthnSchema(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').addColumn('fs_webauthn_user_handle', 'text').execute();
      await db.schema
        .createIndex('users_fs_webauthn_user_handle_key')
        .unique()
        .on('users')
        .column('fs_webauthn_user_handle')
        .execute();

      await db.schema
        .createTable('webauthn_credentials')
        .addColumn('id', 'integer', (col) =>
          dialect === 'sqlite'
            ? col.primaryKey().autoIncrement()
            : col.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('credential_id', 'text', (col) => col.notNull().unique())
        .addColumn('public_key', 'text', (col) => col.notNull())
        .addColumn('sign_count', 'bigint', (col) => col.notNull().defaultTo(0))
        .addColumn('transports', 'text', (col) => col.notNull().defaultTo('[]'))
        .addColumn('backup_eligible', 'integer', (col) =>
          col.notNull().defaultTo(0).check(sql`backup_eligible in (0, 1)`),
        )
        .addColumn('backup_state', 'integer', (col) =>
          col.notNull().defaultTo(0).check(sql`backup_state in (0, 1)`),
        )
        .addColumn('device_type', 'text', (col) => col.notNull())
        .addColumn('aaguid', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('usage', 'text', (col) => col.notNull().check(sql`usage in ('first', 'secondary')`))
        .addColumn('discoverable', 'integer')
        .addColumn('counter_regressed_at', 'bigint')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('last_used_at', 'bigint', (col) => col.notNull())
        // Names are how a user tells keys apart and how /wan-delete picks one; also serves by-user lookups.
        .addUniqueConstraint('webauthn_credentials_user_id_name_key', ['user_id', 'name'])
        .execute();

      await db.schema
        .createTable('webauthn_states')
        .addColumn('token_hash', 'text', (col) => col.primaryKey())
        .addColumn('purpose', 'text', (col) => col.notNull())
        .addColumn('user_id', 'integer', (col) => col.references('users.id').onDelete('cascade'))
        .addColumn('binding_hash', 'text', (col) => col.notNull())
        .addColumn('data', 'text', (col) => col.notNull().defaultTo('{}'))
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('webauthn_states_expires_at_idx')
        .on('webauthn_states')
        .column('expires_at')
        .execute();
      // The cascade from users walks this.
      await db.schema
        .createIndex('webauthn_states_user_id_idx')
        .on('webauthn_states')
        .column('user_id')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('webauthn_states').execute();
      await db.schema.dropTable('webauthn_credentials').execute();
      await db.schema.dropIndex('users_fs_webauthn_user_handle_key').execute();
      await db.schema.alterTable('users').dropColumn('fs_webauthn_user_handle').execute();
    },
  };
}
