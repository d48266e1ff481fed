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
    it('adds the outbox and link tokens, keeping existing users, and can step back down', async () => {
      const raw = await openRaw();
      const store = createKyselyDatastore({ db: raw.db, dialect: raw.dialect });
      try {
        const migrator = await barbicanMigrator(raw.db, raw.dialect);
        expect((await migrator.migrateTo('0001_initial_schema')).error).toBeUndefined();
        const user = await store.createUser({ email: 'old@example.com', roles: [] });
        await expect(store.listMail(1)).rejects.toThrow();

        await store.migrate();
        const executed = (await migrator.getMigrations()).filter((migration) => migration.executedAt);
        expect(executed.map((migration) => migration.name)).toEqual([
          '0001_initial_schema',
          '0002_outbox_and_link_tokens',
        ]);
        expect(await store.findUserById(user.id)).toEqual(user);
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

        expect((await migrator.migrateDown()).error).toBeUndefined();
        await expect(store.listMail(1)).rejects.toThrow();
        expect(await store.findUserById(user.id)).toEqual(user);
      } finally {
        await store.close();
        await raw.cleanup();
      }
    });
  });
}
