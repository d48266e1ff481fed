/** Two-factor storage (migration 0007) on SQLite and PostgreSQL: one-time codes, TOTP steps, pending logins. */
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, createTestSchema, type TestDatabase } from '../../../test/services/postgres.js';
import { describeOneTimeCodeStoreContract } from '../../one-time-code/one-time-code-store-contract.js';
import { createPostgresDatastore } from '../postgres.js';
import { createSqliteDatastore } from '../sqlite.js';
import type { Datastore, PendingLoginRecord, User } from '../types.js';

const serverUrl = inject('postgresUrl');
const KINDS = ['sqlite', 'postgres'] as const;

function pendingFor(user: User, overrides: Partial<PendingLoginRecord> = {}): PendingLoginRecord {
  return {
    idHash: 'pending-hash',
    userId: user.id,
    fsUniquifier: user.fsUniquifier,
    csrfSecret: 'csrf-secret',
    remember: true,
    method: 'authenticator',
    attempts: 0,
    createdAt: 1_000,
    expiresAt: 61_000,
    ...overrides,
  };
}

describe.each(KINDS)('two-factor storage (%s)', (kind) => {
  const skip = kind === 'postgres' && serverUrl === null;
  let fileDatabase: Promise<TestDatabase> | undefined;
  const open: Array<{ store: Datastore; drop(): Promise<void> }> = [];

  async function makeStore(): Promise<Datastore> {
    if (kind === 'sqlite') {
      const store = await createSqliteDatastore({ filename: ':memory:' });
      open.push({ store, drop: async () => {} });
      return store;
    }
    fileDatabase ??= createTestDatabase(serverUrl!);
    const schema = await createTestSchema((await fileDatabase).url);
    const store = await createPostgresDatastore({ connectionString: schema.url, max: 4 });
    open.push({ store, drop: () => schema.drop() });
    return store;
  }

  afterEach(async () => {
    for (const { store, drop } of open.splice(0)) {
      await store.close();
      await drop();
    }
  });
  afterAll(async () => {
    await (await fileDatabase)?.drop();
  });

  describe.skipIf(skip)('one-time codes', () => {
    describeOneTimeCodeStoreContract(async () => (await makeStore()).oneTimeCodeStore());
  });

  describe.skipIf(skip)('users', () => {
    it('start with no second factor, and keep what is set', async () => {
      const store = await makeStore();
      const user = await store.createUser({ email: 'ann@example.com' });
      expect(user).toMatchObject({
        tfPrimaryMethod: null,
        tfTotpSecret: null,
        tfTotpLastStep: null,
        tfPhoneNumber: null,
      });
      const set = await store.updateUser(user, {
        tfPrimaryMethod: 'authenticator',
        tfTotpSecret: 'v1:sealed',
      });
      expect(await store.findUserById(user.id)).toMatchObject({
        tfPrimaryMethod: 'authenticator',
        tfTotpSecret: 'v1:sealed',
      });
      await store.updateUser(set, { tfPrimaryMethod: null, tfTotpSecret: null, tfTotpLastStep: null });
      expect((await store.findUserById(user.id))?.tfPrimaryMethod).toBeNull();
    });

    it('advance the TOTP step only forward, and tell one of two racing requests', async () => {
      const store = await makeStore();
      const user = await store.createUser({ email: 'ann@example.com' });
      expect(await store.recordTOTPStep(user.id, 100)).toBe(true);
      expect(await store.recordTOTPStep(user.id, 100)).toBe(false);
      expect(await store.recordTOTPStep(user.id, 99)).toBe(false);
      const racing = await Promise.all([
        store.recordTOTPStep(user.id, 101),
        store.recordTOTPStep(user.id, 101),
      ]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect((await store.findUserById(user.id))?.tfTotpLastStep).toBe(101);
    });
  });

  describe.skipIf(skip)('recovery codes', () => {
    it('are replaced as a set, counted, used once each, and go with their user', async () => {
      const store = await makeStore();
      const user = await store.createUser({ email: 'ann@example.com' });
      const other = await store.createUser({ email: 'bob@example.com' });
      await store.replaceRecoveryCodes(user.id, ['a', 'b', 'c'], 1_000);
      await store.replaceRecoveryCodes(other.id, ['a'], 1_000);
      expect(await store.countRecoveryCodes(user.id)).toBe(3);
      await store.replaceRecoveryCodes(user.id, ['d', 'e'], 2_000);
      expect(await store.consumeRecoveryCode(user.id, 'a')).toBe(false);
      const racing = await Promise.all([
        store.consumeRecoveryCode(user.id, 'd'),
        store.consumeRecoveryCode(user.id, 'd'),
      ]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await store.countRecoveryCodes(user.id)).toBe(1);
      expect(await store.countRecoveryCodes(other.id)).toBe(1);
      await store.deleteUser(user);
      expect(await store.countRecoveryCodes(user.id)).toBe(0);
    });
  });

  describe.skipIf(skip)('pending logins', () => {
    it('are found with their user until they expire', async () => {
      const store = await makeStore();
      const user = await store.createUser({ email: 'ann@example.com' });
      await store.createPendingLogin(pendingFor(user));
      const found = await store.findPendingLogin('pending-hash', 60_999);
      expect(found?.pending).toEqual(pendingFor(user));
      expect(found?.user.id).toBe(user.id);
      expect(await store.findPendingLogin('pending-hash', 61_000)).toBeNull();
      expect(await store.findPendingLogin('other-hash', 2_000)).toBeNull();
      expect(await store.purgeExpiredPendingLogins(61_000)).toBe(1);
    });

    it('die when the user uniquifier rotates', async () => {
      const store = await makeStore();
      const user = await store.createUser({ email: 'ann@example.com' });
      await store.createPendingLogin(pendingFor(user));
      await store.setUniquifier(user);
      expect(await store.findPendingLogin('pending-hash', 2_000)).toBeNull();
    });

    it('count concurrent attempts without losing any, and are deleted once', async () => {
      const store = await makeStore();
      const user = await store.createUser({ email: 'ann@example.com' });
      await store.createPendingLogin(pendingFor(user));
      const counts = await Promise.all(
        Array.from({ length: 10 }, () => store.countPendingLoginAttempt('pending-hash')),
      );
      expect(counts.map(Number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const deleted = await Promise.all([
        store.deletePendingLogin('pending-hash'),
        store.deletePendingLogin('pending-hash'),
      ]);
      expect(deleted.filter(Boolean)).toHaveLength(1);
      expect(await store.countPendingLoginAttempt('pending-hash')).toBeNull();
    });

    it('go with their user', async () => {
      const store = await makeStore();
      const user = await store.createUser({ email: 'ann@example.com' });
      await store.createPendingLogin(pendingFor(user));
      await store.deleteUser(user);
      expect(await store.countPendingLoginAttempt('pending-hash')).toBeNull();
    });
  });
});
