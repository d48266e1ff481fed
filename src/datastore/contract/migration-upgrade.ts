/** Contract: a database made by an older release upgrades in place, keeping its rows. */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createKyselyDatastore } from '../kysely/kysely-datastore.js';
import { barbicanMigrator } from '../kysely/migrations.js';
import type { Database, SqlDialect } from '../kysely/schema.js';

export interface RawDatabase {
  /** Unmigrated; the test hands it to a datastore, whose close() destroys it. */
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
  /** Runs after the Kysely instance is destroyed. */
  cleanup(): Promise<void>;
}

export function describeMigrationUpgrade(openRaw: () => Promise<RawDatabase>): void {
  describe('migrating a database that has only the first migration', () => {
    it('adds the outbox, link tokens and case-insensitive usernames, keeping users, and steps back down', async () => {
      const raw = await openRaw();
      const store = createKyselyDatastore({ db: raw.db, dialect: raw.dialect, destroyOnClose: true });
      try {
        const migrator = await barbicanMigrator(raw.db, raw.dialect);
        expect((await migrator.migrateTo('0001_initial_schema')).error).toBeUndefined();
        // A row as release 1 wrote it (no username_lower column yet).
        const old = raw.db as unknown as Kysely<
          Omit<Database, 'users'> & { users: Omit<Database['users'], 'username_lower'> }
        >;
        const inserted = await old
          .insertInto('users')
          .values({
            email: 'old@example.com',
            email_lower: 'old@example.com',
            username: 'OldName',
            password: null,
            active: 1,
            fs_uniquifier: 'u1',
            fs_token_uniquifier: null,
            confirmed_at: null,
            login_count: 0,
            create_datetime: 1,
            update_datetime: 1,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await expect(store.listMail(1)).rejects.toThrow();

        await store.migrate();
        const executed = (await migrator.getMigrations()).filter((migration) => migration.executedAt);
        expect(executed.map((migration) => migration.name)).toEqual([
          '0001_initial_schema',
          '0002_outbox_and_link_tokens',
          '0003_case_insensitive_usernames',
          '0004_link_token_binding',
          '0007_two_factor',
          '0008_recovery_codes',
          '0009_webauthn',
          '0010_unified_signin',
          '0011_session_metadata',
          '0012_change_notify',
        ]);
        const user = await store.findUserById(inserted.id);
        expect(user?.username).toBe('OldName');
        expect((await store.findUserByIdentity('username', 'oldname'))?.id).toBe(inserted.id);
        if (!user) throw new Error('migrated user missing');
        const id = await store.enqueueMail(
          { to: user.email, subject: 'Hi', text: 'Hi', html: '<p>Hi</p>', kind: 'welcome' },
          1_000,
        );
        expect((await store.claimDueMail(1_000, 5, 1_000)).map((entry) => entry.id)).toEqual([id]);
        const token = {
          tokenHash: 'h',
          purpose: 'confirm',
          userId: user.id,
          data: {},
          createdAt: 1,
          expiresAt: 9,
        };
        await store.createLinkToken(token, { supersede: true });
        expect(await store.consumeLinkToken('h', 5)).toBe(true);

        expect((await migrator.migrateTo('0001_initial_schema')).error).toBeUndefined();
        await expect(store.listMail(1)).rejects.toThrow();
        const after = await old
          .selectFrom('users')
          .selectAll()
          .where('id', '=', inserted.id)
          .executeTakeFirst();
        expect(after?.username).toBe('OldName');
      } finally {
        await store.close();
        await raw.cleanup();
      }
    });
  });
}
