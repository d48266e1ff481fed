/**
 * Migration 0011: what a user sees of each of their sessions (docs/sessions.md): last seen,
 * client IP and User-Agent. Nullable, so sessions started before it simply show "unknown".
 */
import type { Kysely, Migration } from 'kysely';

export function sessionMetadataSchema(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('sessions').addColumn('last_seen_at', 'bigint').execute();
      await db.schema.alterTable('sessions').addColumn('ip', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('sessions').dropColumn('user_agent').execute();
      await db.schema.alterTable('sessions').dropColumn('ip').execute();
      await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute();
    },
  };
}
