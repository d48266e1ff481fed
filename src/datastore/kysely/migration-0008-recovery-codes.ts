/**
 * Migration 0008: recovery codes, one row per unused code, stored only as a keyed MAC (Flask-
 * Security keeps them readable, or Fernet-encrypted). Using a code deletes its row.
 */
import type { Kysely, Migration } from 'kysely';

export function recoveryCodesSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('recovery_codes')
        .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('code_mac', 'text', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addPrimaryKeyConstraint('recovery_codes_pkey', ['user_id', 'code_mac'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('recovery_codes').execute();
    },
  };
}
