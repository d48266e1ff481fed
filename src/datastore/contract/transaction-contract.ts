/** Contract: transactions commit together, roll back together, nest by reuse; migrations re-run. */
import { describe, expect, it } from 'vitest';
import { DatastoreError } from '../errors.js';
import { expectDatastoreError, type StoreFixture, sessionFor } from './store-fixture.js';

class Boom extends Error {}

export function describeTransactionContract(fixture: StoreFixture): void {
  describe('transactions and migrations', () => {
    it('commits every write of a transaction and returns its value', async () => {
      const id = await fixture.store.transaction(async (tx) => {
        await tx.createRole({ name: 'member' });
        const user = await tx.createUser({ email: 'eli@example.com', roles: ['member'] });
        return user.id;
      });
      const user = await fixture.store.findUserById(id);
      expect(user?.email).toBe('eli@example.com');
      expect((await fixture.store.getUserRoles(user!)).map((role) => role.name)).toEqual(['member']);
    });

    it('leaves the database as it was when the transaction throws', async () => {
      const existing = await fixture.store.createUser({ email: 'fay@example.com' });
      const session = sessionFor(existing);
      const attempt = fixture.store.transaction(async (tx) => {
        await tx.createRole({ name: 'member', permissions: ['read'] });
        const user = await tx.createUser({ email: 'gil@example.com' });
        await tx.addRoleToUser(user, 'member');
        await tx.addRoleToUser(existing, 'member');
        await tx.updateUser(existing, { loginCount: 42 });
        await tx.createSession(session);
        await tx.deactivateUser(existing);
        throw new Boom('abort');
      });
      await expect(attempt).rejects.toBeInstanceOf(Boom);
      expect(await fixture.store.findRole('member')).toBeNull();
      expect(await fixture.store.findUserByIdentity('email', 'gil@example.com')).toBeNull();
      expect(await fixture.store.findUserById(existing.id)).toEqual(existing);
      expect(await fixture.store.findSessionWithUser(session.idHash, Date.now())).toBeNull();
    });

    it('reuses the open transaction for a nested call, so an outer throw undoes inner writes', async () => {
      const attempt = fixture.store.transaction(async (tx) => {
        await tx.transaction(async (inner) => {
          await inner.createUser({ email: 'hal@example.com' });
        });
        expect(await tx.findUserByIdentity('email', 'hal@example.com')).not.toBeNull();
        throw new Boom('abort');
      });
      await expect(attempt).rejects.toBeInstanceOf(Boom);
      expect(await fixture.store.findUserByIdentity('email', 'hal@example.com')).toBeNull();
    });

    it('keeps a transaction usable after a duplicate is refused inside it', async () => {
      await fixture.store.createUser({ email: 'ina@example.com' });
      await fixture.store.createRole({ name: 'dup' });
      await fixture.store.transaction(async (tx) => {
        await expectDatastoreError(tx.createUser({ email: 'INA@example.com' }), 'USER_EXISTS');
        await expectDatastoreError(tx.createRole({ name: 'dup' }), 'ROLE_EXISTS');
        await tx.createUser({ email: 'jan@example.com' });
      });
      expect(await fixture.store.findUserByIdentity('email', 'jan@example.com')).not.toBeNull();
    });

    it('rolls back a datastore error thrown out of a transaction', async () => {
      const attempt = fixture.store.transaction(async (tx) => {
        const user = await tx.createUser({ email: 'kim@example.com' });
        await tx.addRoleToUser(user, 'ghost');
      });
      await expect(attempt).rejects.toBeInstanceOf(DatastoreError);
      expect(await fixture.store.findUserByIdentity('email', 'kim@example.com')).toBeNull();
    });

    it('runs migrate() again without error or data loss', async () => {
      const user = await fixture.store.createUser({ email: 'lou@example.com' });
      await fixture.store.migrate();
      await fixture.store.migrate();
      expect(await fixture.store.findUserById(user.id)).toEqual(user);
    });
  });
}
