import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeMigrationUpgrade } from './contract/migration-upgrade.js';
import { describeDatastoreContract } from './datastore.contract.js';
import { ImmediateSqliteDialect } from './kysely/immediate-sqlite-dialect.js';
import type { Database } from './kysely/schema.js';
import { createSqliteDatastore } from './sqlite.js';

describeDatastoreContract('SQLite in memory', async () => {
  const store = await createSqliteDatastore({ filename: ':memory:' });
  return { store, cleanup: () => store.close() };
});

describe('SQLite', () => {
  describeMigrationUpgrade(async () => {
    const database = new BetterSqlite3(':memory:');
    database.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
    return { db, dialect: 'sqlite', cleanup: async () => {} };
  });
});

describe('SQLite database file', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'barbican-sqlite-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps data across reopening and uses a write-ahead log', async () => {
    const filename = join(dir, 'app.db');
    const first = await createSqliteDatastore({ filename });
    const user = await first.createUser({ email: 'ann@example.com' });
    expect(existsSync(`${filename}-wal`)).toBe(true);
    await first.close();
    const second = await createSqliteDatastore({ filename });
    expect(await second.findUserById(user.id)).toEqual(user);
    await second.close();
  });

  it('lets two connections to one file see each other’s writes', async () => {
    const filename = join(dir, 'shared.db');
    const a = await createSqliteDatastore({ filename, busyTimeoutMs: 2000 });
    const b = await createSqliteDatastore({ filename, busyTimeoutMs: 2000 });
    try {
      const user = await a.createUser({ email: 'ann@example.com' });
      expect((await b.findUserByIdentity('email', 'ANN@example.com'))?.id).toBe(user.id);
      await b.createRole({ name: 'admin' });
      await b.addRoleToUser(user, 'admin');
      expect((await a.getUserRoles(user)).map((role) => role.name)).toEqual(['admin']);
      const rotated = await a.transaction((tx) => tx.setUniquifier(user));
      expect((await b.findUserById(user.id))?.fsUniquifier).toBe(rotated.fsUniquifier);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
