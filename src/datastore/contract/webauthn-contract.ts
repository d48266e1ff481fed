/**
 * Contract: WebAuthn storage — credentials (unique ids, names unique per user, the conditional
 * sign-count update, the regression mark, the cascade from users), user handles, and single-use
 * ceremony states.
 */
import { describe, expect, it } from 'vitest';
import type { User } from '../types.js';
import type { NewWebAuthnCredential, WebAuthnStateRecord } from '../webauthn-types.js';
import { expectDatastoreError, type StoreFixture } from './store-fixture.js';

function credentialFor(user: User, overrides: Partial<NewWebAuthnCredential> = {}): NewWebAuthnCredential {
  return {
    userId: user.id,
    credentialId: `cred-${Math.random().toString(36).slice(2)}`,
    publicKey: 'pQECAyYgASFYIA',
    signCount: 0,
    transports: ['internal', 'hybrid'],
    backupEligible: true,
    backupState: false,
    deviceType: 'multiDevice',
    aaguid: '00000000-0000-0000-0000-000000000000',
    name: 'laptop',
    usage: 'first',
    discoverable: true,
    createdAt: 1_000,
    ...overrides,
  };
}

function stateFor(user: User | null, overrides: Partial<WebAuthnStateRecord> = {}): WebAuthnStateRecord {
  return {
    tokenHash: `state-${Math.random().toString(36).slice(2)}`,
    purpose: 'register',
    userId: user?.id ?? null,
    bindingHash: 'binding',
    data: { challenge: 'abc', name: 'key' },
    createdAt: 1_000,
    expiresAt: 10_000,
    ...overrides,
  };
}

export function describeWebAuthnContract(fixture: StoreFixture): void {
  describe('webauthn', () => {
    it('stores a credential with every field and finds and lists it', async () => {
      const user = await fixture.store.createUser({ email: 'wan@example.com' });
      const input = credentialFor(user, { signCount: 7, discoverable: null, usage: 'secondary' });
      const created = await fixture.store.createWebAuthnCredential(input);
      expect(created).toEqual({ ...input, id: created.id, counterRegressedAt: null, lastUsedAt: 1_000 });
      expect(await fixture.store.findWebAuthnCredential(input.credentialId)).toEqual(created);
      expect(await fixture.store.findWebAuthnCredential('missing')).toBeNull();
      const second = await fixture.store.createWebAuthnCredential(
        credentialFor(user, { name: 'phone', createdAt: 2_000 }),
      );
      expect((await fixture.store.listWebAuthnCredentials(user.id)).map((c) => c.id)).toEqual([
        created.id,
        second.id,
      ]);
    });

    it('refuses a name the user already has, and a credential id anyone has', async () => {
      const ana = await fixture.store.createUser({ email: 'ana@example.com' });
      const bob = await fixture.store.createUser({ email: 'bob@example.com' });
      const first = await fixture.store.createWebAuthnCredential(credentialFor(ana));
      await expectDatastoreError(
        fixture.store.createWebAuthnCredential(credentialFor(ana, { name: first.name })),
        'WEBAUTHN_NAME_EXISTS',
      );
      await expectDatastoreError(
        fixture.store.createWebAuthnCredential(credentialFor(bob, { credentialId: first.credentialId })),
        'WEBAUTHN_CREDENTIAL_EXISTS',
      );
      // Another user may use the same name.
      await fixture.store.createWebAuthnCredential(credentialFor(bob, { name: first.name }));
      expect(await fixture.store.listWebAuthnCredentials(ana.id)).toHaveLength(1);
    });

    it('records a use only when the sign count moves forward, or stays 0 after 0', async () => {
      const user = await fixture.store.createUser({ email: 'count@example.com' });
      const zero = await fixture.store.createWebAuthnCredential(credentialFor(user, { name: 'zero' }));
      const use = (signCount: number, nowMs: number) => ({ signCount, backupState: true, nowMs });
      expect(await fixture.store.recordWebAuthnUse(zero.credentialId, use(0, 2_000))).toBe(true);
      const afterZero = await fixture.store.findWebAuthnCredential(zero.credentialId);
      expect(afterZero).toMatchObject({ signCount: 0, backupState: true, lastUsedAt: 2_000 });

      const counted = await fixture.store.createWebAuthnCredential(
        credentialFor(user, { name: 'counted', signCount: 5 }),
      );
      expect(await fixture.store.recordWebAuthnUse(counted.credentialId, use(5, 3_000))).toBe(false);
      expect(await fixture.store.recordWebAuthnUse(counted.credentialId, use(4, 3_000))).toBe(false);
      expect(await fixture.store.recordWebAuthnUse(counted.credentialId, use(0, 3_000))).toBe(false);
      expect(await fixture.store.recordWebAuthnUse(counted.credentialId, use(6, 4_000))).toBe(true);
      expect(await fixture.store.findWebAuthnCredential(counted.credentialId)).toMatchObject({
        signCount: 6,
        lastUsedAt: 4_000,
      });
    });

    it('marks a regressed credential once, and a marked one records no use', async () => {
      const user = await fixture.store.createUser({ email: 'clone@example.com' });
      const cred = await fixture.store.createWebAuthnCredential(credentialFor(user, { signCount: 9 }));
      await fixture.store.markWebAuthnCounterRegressed(cred.credentialId, 5_000);
      await fixture.store.markWebAuthnCounterRegressed(cred.credentialId, 6_000);
      expect((await fixture.store.findWebAuthnCredential(cred.credentialId))?.counterRegressedAt).toBe(5_000);
      const use = { signCount: 20, backupState: false, nowMs: 7_000 };
      expect(await fixture.store.recordWebAuthnUse(cred.credentialId, use)).toBe(false);
    });

    it('deletes by the owner and name only', async () => {
      const ana = await fixture.store.createUser({ email: 'del-ana@example.com' });
      const bob = await fixture.store.createUser({ email: 'del-bob@example.com' });
      await fixture.store.createWebAuthnCredential(credentialFor(ana));
      expect(await fixture.store.deleteWebAuthnCredential(bob.id, 'laptop')).toBe('missing');
      expect(await fixture.store.deleteWebAuthnCredential(ana.id, 'laptop')).toBe('deleted');
      expect(await fixture.store.deleteWebAuthnCredential(ana.id, 'laptop')).toBe('missing');
      expect(await fixture.store.listWebAuthnCredentials(ana.id)).toEqual([]);
    });

    it('keeps the last first-factor credential when asked, even against a racing delete', async () => {
      const user = await fixture.store.createUser({ email: 'last@example.com' });
      await fixture.store.createWebAuthnCredential(credentialFor(user, { name: 'a' }));
      await fixture.store.createWebAuthnCredential(credentialFor(user, { name: 'b' }));
      await fixture.store.createWebAuthnCredential(
        credentialFor(user, { name: 'second', usage: 'secondary' }),
      );
      const keep = { keepOneFirstFactor: true };
      const results = await Promise.all([
        fixture.store.deleteWebAuthnCredential(user.id, 'a', keep),
        fixture.store.deleteWebAuthnCredential(user.id, 'b', keep),
      ]);
      expect(results.sort()).toEqual(['deleted', 'last-way-in']);
      expect(await fixture.store.deleteWebAuthnCredential(user.id, 'second', keep)).toBe('deleted');
      const [left] = await fixture.store.listWebAuthnCredentials(user.id);
      expect(await fixture.store.deleteWebAuthnCredential(user.id, left!.name)).toBe('deleted');
    });

    it('deleting a user deletes their credentials and ceremony states', async () => {
      const user = await fixture.store.createUser({ email: 'gone@example.com' });
      const cred = await fixture.store.createWebAuthnCredential(credentialFor(user));
      const state = stateFor(user);
      await fixture.store.createWebAuthnState(state);
      expect(await fixture.store.deleteUser(user)).toBe(true);
      expect(await fixture.store.findWebAuthnCredential(cred.credentialId)).toBeNull();
      expect(await fixture.store.consumeWebAuthnState(state.tokenHash)).toBeNull();
    });

    it('gives each user one stable 32-hex user handle and finds the user by it', async () => {
      const ana = await fixture.store.createUser({ email: 'handle-ana@example.com' });
      const bob = await fixture.store.createUser({ email: 'handle-bob@example.com' });
      const [one, two] = await Promise.all([
        fixture.store.ensureWebAuthnUserHandle(ana.id),
        fixture.store.ensureWebAuthnUserHandle(ana.id),
      ]);
      expect(one).toMatch(/^[0-9a-f]{32}$/);
      expect(two).toBe(one);
      expect(await fixture.store.ensureWebAuthnUserHandle(ana.id)).toBe(one);
      expect(await fixture.store.ensureWebAuthnUserHandle(bob.id)).not.toBe(one);
      expect((await fixture.store.findUserByWebAuthnUserHandle(one!))?.id).toBe(ana.id);
      expect(await fixture.store.findUserByWebAuthnUserHandle('0'.repeat(32))).toBeNull();
      await expectDatastoreError(fixture.store.ensureWebAuthnUserHandle(999_999), 'USER_NOT_FOUND');
    });

    it('hands a ceremony state out once, expired or not, and purges expired ones', async () => {
      const user = await fixture.store.createUser({ email: 'state@example.com' });
      const state = stateFor(user);
      const anonymous = stateFor(null, { purpose: 'signin', expiresAt: 20_000 });
      const expired = stateFor(user, { expiresAt: 5_000 });
      for (const s of [state, anonymous, expired]) await fixture.store.createWebAuthnState(s);
      const [a, b] = await Promise.all([
        fixture.store.consumeWebAuthnState(state.tokenHash),
        fixture.store.consumeWebAuthnState(state.tokenHash),
      ]);
      expect([a, b].filter((taken) => taken !== null)).toEqual([state]);
      expect(await fixture.store.purgeExpiredWebAuthnStates(6_000)).toBe(1);
      expect(await fixture.store.consumeWebAuthnState(expired.tokenHash)).toBeNull();
      expect(await fixture.store.consumeWebAuthnState(anonymous.tokenHash)).toEqual(anonymous);
    });
  });
}
