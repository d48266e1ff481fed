/**
 * Migration 0007: two-factor. Users get Flask-Security's tf_* columns plus tf_totp_last_step (the
 * replay guard upstream leaves to the application); pending one-time codes and pending
 * second-factor sign-ins get tables of their own, so every process behind a load balancer sees them.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export function twoFactorSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const [column, type] of [
        ['tf_primary_method', 'text'],
        ['tf_totp_secret', 'text'],
        ['tf_totp_last_step', 'bigint'],
        ['tf_phone_number', 'text'],
      ] as const) {
        await db.schema.alterTable('users').addColumn(column, type).execute();
      }

      await db.schema
        .createTable('one_time_codes')
        .addColumn('subject', 'text', (col) => col.notNull())
        .addColumn('purpose', 'text', (col) => col.notNull())
        .addColumn('id', 'text', (col) => col.notNull())
        .addColumn('code_mac', 'text', (col) => col.notNull())
        .addColumn('issued_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('one_time_codes_pkey', ['subject', 'purpose'])
        .execute();
      await db.schema
        .createIndex('one_time_codes_expires_at_idx')
        .on('one_time_codes')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('pending_logins')
        .addColumn('id_hash', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('fs_uniquifier', 'text', (col) => col.notNull())
        .addColumn('csrf_secret', 'text', (col) => col.notNull())
        .addColumn('remember', 'integer', (col) => col.notNull().defaultTo(0).check(sql`remember in (0, 1)`))
        .addColumn('method', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('pending_logins_user_id_idx')
        .on('pending_logins')
        .column('user_id')
        .execute();
      await db.schema
        .createIndex('pending_logins_expires_at_idx')
        .on('pending_logins')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('pending_logins').execute();
      await db.schema.dropTable('one_time_codes').execute();
      for (const column of ['tf_phone_number', 'tf_totp_last_step', 'tf_totp_secret', 'tf_primary_method']) {
        await db.schema.alterTable('users').dropColumn(column).execute();
      }
    },
  };
}
