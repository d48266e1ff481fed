/** Contract: user lookups, creation, updates, activation and uniquifier rotation. */
import { describe, expect, it } from 'vitest';
import { expectDatastoreError, type StoreFixture, sessionFor, sleep } from './store-fixture.js';

export function describeUserContract(fixture: StoreFixture): void {
  describe('users', () => {
    it('creates a user with Flask-Security defaults', async () => {
      const user = await fixture.store.createUser({ email: 'ann@example.com' });
      expect(user).toMatchObject({
        email: 'ann@example.com',
        username: null,
        password: null,
        active: true,
        fsTokenUniquifier: null,
        confirmedAt: null,
        lastLoginAt: null,
        loginCount: 0,
      });
      expect(user.fsUniquifier).toMatch(/^[0-9a-f]{64}$/);
      expect(user.createdAt).toBeInstanceOf(Date);
      expect(user.updatedAt.getTime()).toBe(user.createdAt.getTime());
    });

    it('stores the given password hash, active flag and confirmation time', async () => {
      const confirmedAt = new Date('2024-05-06T07:08:09.123Z');
      const user = await fixture.store.createUser({
        email: 'bo@example.com',
        username: 'bo',
        password: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
        active: false,
        confirmedAt,
      });
      const found = await fixture.store.findUserById(user.id);
      expect(found).toEqual(user);
      expect(found?.active).toBe(false);
      expect(found?.confirmedAt).toEqual(confirmedAt);
    });

    it('finds a user by email whatever its case, keeping the email as written', async () => {
      const user = await fixture.store.createUser({ email: 'Cy.Smith@Example.COM' });
      const found = await fixture.store.findUserByIdentity('email', 'cy.smith@example.com');
      expect(found?.id).toBe(user.id);
      expect(found?.email).toBe('Cy.Smith@Example.COM');
      expect(await fixture.store.findUserByIdentity('email', 'CY.SMITH@EXAMPLE.COM')).not.toBeNull();
      expect(await fixture.store.findUserByIdentity('email', 'nobody@example.com')).toBeNull();
    });

    it('finds a user by username case-insensitively, keeping the case it was given', async () => {
      const user = await fixture.store.createUser({ email: 'di@example.com', username: 'Di' });
      expect(user.username).toBe('Di');
      expect((await fixture.store.findUserByIdentity('username', 'di'))?.id).toBe(user.id);
      expect((await fixture.store.findUserByIdentity('username', 'DI'))?.id).toBe(user.id);
      expect(await fixture.store.findUserByIdentity('username', 'nobody')).toBeNull();
    });

    it('finds a user by id and by fs_uniquifier', async () => {
      const user = await fixture.store.createUser({ email: 'ed@example.com' });
      expect(await fixture.store.findUserById(user.id)).toEqual(user);
      expect(await fixture.store.findUserByUniquifier(user.fsUniquifier)).toEqual(user);
      expect(await fixture.store.findUserById(user.id + 1000)).toBeNull();
      expect(await fixture.store.findUserByUniquifier('no-such-uniquifier')).toBeNull();
    });

    it('finds token owners by fs_token_uniquifier, or by fs_uniquifier while they have none', async () => {
      const user = await fixture.store.createUser({ email: 'flo@example.com' });
      expect((await fixture.store.findUserByTokenUniquifier(user.fsUniquifier))?.id).toBe(user.id);
      const withToken = await fixture.store.setTokenUniquifier(user);
      expect(withToken.fsTokenUniquifier).toMatch(/^[0-9a-f]{64}$/);
      expect((await fixture.store.findUserByTokenUniquifier(withToken.fsTokenUniquifier!))?.id).toBe(user.id);
      expect(await fixture.store.findUserByTokenUniquifier(user.fsUniquifier)).toBeNull();
    });

    it('refuses a second user with the same email in another case, or the same username', async () => {
      await fixture.store.createUser({ email: 'gus@example.com', username: 'gus' });
      await expectDatastoreError(fixture.store.createUser({ email: 'GUS@example.com' }), 'USER_EXISTS');
      await expectDatastoreError(
        fixture.store.createUser({ email: 'other@example.com', username: 'GUS' }),
        'USER_EXISTS',
      );
      // Many users may go without a username.
      await fixture.store.createUser({ email: 'h1@example.com' });
      await fixture.store.createUser({ email: 'h2@example.com', username: null });
    });

    it('lets exactly one of several racing sign-ups with one email through', async () => {
      const results = await Promise.allSettled(
        ['race@example.com', 'RACE@example.com', 'Race@Example.com', 'race@EXAMPLE.com'].map((email) =>
          fixture.store.createUser({ email }),
        ),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') {
          await expectDatastoreError(Promise.reject(result.reason), 'USER_EXISTS');
        }
      }
    });

    it('creates a user with roles, and none at all when a role is unknown', async () => {
      await fixture.store.createRole({ name: 'admin' });
      const user = await fixture.store.createUser({ email: 'ivy@example.com', roles: ['admin'] });
      expect((await fixture.store.getUserRoles(user)).map((role) => role.name)).toEqual(['admin']);
      await expectDatastoreError(
        fixture.store.createUser({ email: 'jo@example.com', roles: ['admin', 'ghost'] }),
        'ROLE_NOT_FOUND',
      );
      expect(await fixture.store.findUserByIdentity('email', 'jo@example.com')).toBeNull();
    });

    it('updates tracking columns and bumps updatedAt', async () => {
      const user = await fixture.store.createUser({ email: 'kai@example.com' });
      await sleep(5);
      const loginAt = new Date('2025-01-02T03:04:05.678Z');
      const updated = await fixture.store.updateUser(user, {
        lastLoginAt: loginAt,
        currentLoginAt: loginAt,
        lastLoginIp: '192.0.2.1',
        currentLoginIp: '2001:db8::1',
        loginCount: 3,
        password: 'new-hash',
        confirmedAt: loginAt,
      });
      expect(updated).toMatchObject({
        lastLoginAt: loginAt,
        currentLoginAt: loginAt,
        lastLoginIp: '192.0.2.1',
        currentLoginIp: '2001:db8::1',
        loginCount: 3,
        password: 'new-hash',
        confirmedAt: loginAt,
        fsUniquifier: user.fsUniquifier,
      });
      expect(updated.updatedAt.getTime()).toBeGreaterThan(user.updatedAt.getTime());
      expect(await fixture.store.findUserById(user.id)).toEqual(updated);
      const cleared = await fixture.store.updateUser(updated, { confirmedAt: null, password: null });
      expect(cleared.confirmedAt).toBeNull();
      expect(cleared.password).toBeNull();
    });

    it('changes email and username, refusing ones another user holds', async () => {
      await fixture.store.createUser({ email: 'lea@example.com', username: 'lea' });
      const user = await fixture.store.createUser({ email: 'max@example.com' });
      const renamed = await fixture.store.updateUser(user, { email: 'Max2@example.com', username: 'max' });
      expect((await fixture.store.findUserByIdentity('email', 'max2@EXAMPLE.com'))?.id).toBe(renamed.id);
      expect(await fixture.store.findUserByIdentity('email', 'max@example.com')).toBeNull();
      await expectDatastoreError(fixture.store.updateUser(user, { email: 'LEA@example.com' }), 'USER_EXISTS');
      await expectDatastoreError(fixture.store.updateUser(user, { username: 'lea' }), 'USER_EXISTS');
      await expectDatastoreError(fixture.store.updateUser(user, { username: 'LEA' }), 'USER_EXISTS');
    });

    it('deletes a user once, with their sessions but not their roles', async () => {
      await fixture.store.createRole({ name: 'staff' });
      const user = await fixture.store.createUser({ email: 'ned@example.com', roles: ['staff'] });
      const session = sessionFor(user);
      await fixture.store.createSession(session);
      expect(await fixture.store.deleteUser(user)).toBe(true);
      expect(await fixture.store.deleteUser(user)).toBe(false);
      expect(await fixture.store.findUserById(user.id)).toBeNull();
      expect(await fixture.store.findRole('staff')).not.toBeNull();
      expect(await fixture.store.deleteUserSessions(user.fsUniquifier)).toBe(0);
      await expectDatastoreError(fixture.store.updateUser(user, { loginCount: 1 }), 'USER_NOT_FOUND');
    });

    it('reports whether (de)activation changed anything; deactivation rotates fs_uniquifier', async () => {
      const user = await fixture.store.createUser({ email: 'ola@example.com' });
      expect(await fixture.store.activateUser(user)).toBe(false);
      expect(await fixture.store.deactivateUser(user)).toBe(true);
      const inactive = await fixture.store.findUserById(user.id);
      expect(inactive?.active).toBe(false);
      expect(inactive?.fsUniquifier).not.toBe(user.fsUniquifier);
      expect(await fixture.store.deactivateUser(user)).toBe(false);
      expect((await fixture.store.findUserById(user.id))?.fsUniquifier).toBe(inactive?.fsUniquifier);
      expect(await fixture.store.activateUser(user)).toBe(true);
      expect((await fixture.store.findUserById(user.id))?.active).toBe(true);
    });

    it('sets fs_uniquifier and fs_token_uniquifier, randomly or to a given value', async () => {
      const user = await fixture.store.createUser({ email: 'pia@example.com' });
      const rotated = await fixture.store.setUniquifier(user);
      expect(rotated.fsUniquifier).toMatch(/^[0-9a-f]{64}$/);
      expect(rotated.fsUniquifier).not.toBe(user.fsUniquifier);
      expect((await fixture.store.setUniquifier(user, 'chosen-uniquifier')).fsUniquifier).toBe(
        'chosen-uniquifier',
      );
      const token = await fixture.store.setTokenUniquifier(user, 'chosen-token');
      expect(token.fsTokenUniquifier).toBe('chosen-token');
      expect(token.fsUniquifier).toBe('chosen-uniquifier');
    });

    it('resets access by rotating both uniquifiers', async () => {
      const user = await fixture.store.setTokenUniquifier(
        await fixture.store.createUser({ email: 'q@example.com' }),
      );
      await fixture.store.createSession(sessionFor(user));
      const reset = await fixture.store.resetUserAccess(user);
      expect(reset.fsUniquifier).not.toBe(user.fsUniquifier);
      expect(reset.fsTokenUniquifier).not.toBe(user.fsTokenUniquifier);
      expect(reset.fsTokenUniquifier).toMatch(/^[0-9a-f]{64}$/);
      expect(await fixture.store.findUserByTokenUniquifier(user.fsTokenUniquifier!)).toBeNull();
      expect(await fixture.store.deleteUserSessions(user.fsUniquifier)).toBe(0);
    });
  });
}
