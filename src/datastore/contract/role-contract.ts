/** Contract: roles, their permissions, and granting them to users. */
import { describe, expect, it } from 'vitest';
import { expectDatastoreError, type StoreFixture } from './store-fixture.js';

export function describeRoleContract(fixture: StoreFixture): void {
  describe('roles', () => {
    it('creates a role with sorted, de-duplicated permissions and finds it by name', async () => {
      const role = await fixture.store.createRole({
        name: 'editor',
        description: 'Edits things',
        permissions: ['write', 'read', 'write'],
      });
      expect(role).toMatchObject({
        name: 'editor',
        description: 'Edits things',
        permissions: ['read', 'write'],
      });
      expect(await fixture.store.findRole('editor')).toEqual(role);
      expect(await fixture.store.findRole('ghost')).toBeNull();
      const bare = await fixture.store.createRole({ name: 'bare' });
      expect(bare).toMatchObject({ description: null, permissions: [] });
    });

    it('refuses a second role with the same name', async () => {
      await fixture.store.createRole({ name: 'admin' });
      await expectDatastoreError(fixture.store.createRole({ name: 'admin' }), 'ROLE_EXISTS');
    });

    it('lists roles by name and deletes them once', async () => {
      await fixture.store.createRole({ name: 'b' });
      await fixture.store.createRole({ name: 'a' });
      await fixture.store.createRole({ name: 'c' });
      expect((await fixture.store.listRoles()).map((role) => role.name)).toEqual(['a', 'b', 'c']);
      expect(await fixture.store.deleteRole('b')).toBe(true);
      expect(await fixture.store.deleteRole('b')).toBe(false);
      expect((await fixture.store.listRoles()).map((role) => role.name)).toEqual(['a', 'c']);
    });

    it('grants and revokes a role idempotently, reporting whether anything changed', async () => {
      await fixture.store.createRole({ name: 'admin' });
      await fixture.store.createRole({ name: 'author' });
      const user = await fixture.store.createUser({ email: 'rae@example.com' });
      expect(await fixture.store.addRoleToUser(user, 'admin')).toBe(true);
      expect(await fixture.store.addRoleToUser(user, 'admin')).toBe(false);
      expect(await fixture.store.addRoleToUser(user, 'author')).toBe(true);
      expect((await fixture.store.getUserRoles(user)).map((role) => role.name)).toEqual(['admin', 'author']);
      expect(await fixture.store.removeRoleFromUser(user, 'admin')).toBe(true);
      expect(await fixture.store.removeRoleFromUser(user, 'admin')).toBe(false);
      expect(await fixture.store.removeRoleFromUser(user, 'ghost')).toBe(false);
      expect((await fixture.store.getUserRoles(user)).map((role) => role.name)).toEqual(['author']);
    });

    it('throws ROLE_NOT_FOUND when granting a role that does not exist', async () => {
      const user = await fixture.store.createUser({ email: 'sam@example.com' });
      await expectDatastoreError(fixture.store.addRoleToUser(user, 'ghost'), 'ROLE_NOT_FOUND');
      expect(await fixture.store.getUserRoles(user)).toEqual([]);
    });

    it('takes a deleted role away from its holders', async () => {
      await fixture.store.createRole({ name: 'temp' });
      const user = await fixture.store.createUser({ email: 'tia@example.com', roles: ['temp'] });
      await fixture.store.deleteRole('temp');
      expect(await fixture.store.getUserRoles(user)).toEqual([]);
    });

    it('adds and removes permissions, keeping them sorted and unique', async () => {
      await fixture.store.createRole({ name: 'ops', permissions: ['deploy'] });
      const added = await fixture.store.addPermissionsToRole('ops', ['restart', 'audit', 'deploy', 'audit']);
      expect(added.permissions).toEqual(['audit', 'deploy', 'restart']);
      const removed = await fixture.store.removePermissionsFromRole('ops', ['deploy', 'never-had']);
      expect(removed.permissions).toEqual(['audit', 'restart']);
      expect((await fixture.store.findRole('ops'))?.permissions).toEqual(['audit', 'restart']);
      const user = await fixture.store.createUser({ email: 'uma@example.com', roles: ['ops'] });
      expect((await fixture.store.getUserRoles(user))[0]?.permissions).toEqual(['audit', 'restart']);
    });

    it('loses no permission when several changes to one role race', async () => {
      await fixture.store.createRole({ name: 'busy' });
      const names = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
      await Promise.all(names.map((name) => fixture.store.addPermissionsToRole('busy', [name])));
      expect((await fixture.store.findRole('busy'))?.permissions).toEqual(names);
    });

    it('throws ROLE_NOT_FOUND when changing permissions of a role that does not exist', async () => {
      await expectDatastoreError(fixture.store.addPermissionsToRole('ghost', ['x']), 'ROLE_NOT_FOUND');
      await expectDatastoreError(fixture.store.removePermissionsFromRole('ghost', ['x']), 'ROLE_NOT_FOUND');
    });
  });
}
