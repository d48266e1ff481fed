/**
 * Migration 0004: link tokens remember the user's fs_uniquifier at issue time, so a link dies with
 * the sessions and tokens when access is reset, even one written by a request that raced the reset.
 * Links stored before this migration get null and are refused when used: they may have survived a
 * password change under the old rules, and the user can ask for a new one.
 */
import type { Kysely, Migration } from 'kysely';

export function linkTokenBinding(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('link_tokens').addColumn('fs_uniquifier', 'text').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('link_tokens').dropColumn('fs_uniquifier').execute();
    },
  };
}
