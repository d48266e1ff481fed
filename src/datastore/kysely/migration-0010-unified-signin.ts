/**
 * Migration 0010: unified sign-in. Flask-Security keeps one JSON column (us_totp_secrets, method →
 * secret); here each method a user has set up is a row of us_methods, so adding or removing one is
 * a single-row write that never loses a concurrent change to another method. Only the authenticator
 * row carries a secret (sealed under totpSecrets): mailed and texted codes come from the
 * one-time-code service. The users table gains us_phone_number (E.164, unique: it is an identity)
 * and us_totp_last_step, a replay guard of its own, because the unified-sign-in authenticator
 * secret is not the two-factor one and sharing tf_totp_last_step would refuse a valid code of one
 * app right after a code of the other.
 */
import type { Kysely, Migration } from 'kysely';

export function unifiedSigninSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('users').addColumn('us_phone_number', 'text').execute();
      await db.schema.alterTable('users').addColumn('us_totp_last_step', 'bigint').execute();
      await db.schema
        .createIndex('users_us_phone_number_key')
        .unique()
        .on('users')
        .column('us_phone_number')
        .execute();
      await db.schema
        .createTable('us_methods')
        .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('method', 'text', (col) => col.notNull())
        .addColumn('totp_secret', 'text')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('us_methods_pkey', ['user_id', 'method'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('us_methods').execute();
      await db.schema.dropIndex('users_us_phone_number_key').execute();
      await db.schema.alterTable('users').dropColumn('us_totp_last_step').execute();
      await db.schema.alterTable('users').dropColumn('us_phone_number').execute();
    },
  };
}
