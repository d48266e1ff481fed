/**
 * Contract: single-use link tokens — create, find, consume once, supersede, delete, cascade, and
 * the reset-access steps (resetUserAccess, deactivateUser) that void every unused one.
 */
import { describe, expect, it } from 'vitest';
import type { NewLinkToken, User } from '../types.js';
import { expectDatastoreError, type StoreFixture } from './store-fixture.js';

class Boom extends Error {}

function tokenFor(user: User, overrides: Partial<NewLinkToken> = {}): NewLinkToken {
  return {
    tokenHash: `token-${Math.random().toString(36).slice(2)}`,
    purpose: 'confirm',
    userId: user.id,
    fsUniquifier: user.fsUniquifier,
    data: {},
    createdAt: 1_000,
    expiresAt: 10_000,
    ...overrides,
  };
}

const KEEP = { supersede: false };
const SUPERSEDE = { supersede: true };

export function describeLinkTokenContract(fixture: StoreFixture): void {
  describe('link tokens', () => {
    it('purges expired tokens, used or not, and keeps live ones (used ones included)', async () => {
      const user = await fixture.store.createUser({ email: 'purge@example.com' });
      const expired = tokenFor(user, { purpose: 'reset', expiresAt: 5_000 });
      const usedLive = tokenFor(user, { purpose: 'confirm', expiresAt: 20_000 });
      const live = tokenFor(user, { purpose: 'change-email', expiresAt: 20_000 });
      for (const token of [expired, usedLive, live]) await fixture.store.createLinkToken(token, KEEP);
      expect(await fixture.store.consumeLinkToken(usedLive.tokenHash, 2_000)).toBe(true);
      expect(await fixture.store.purgeExpiredLinkTokens(10_000)).toBe(1);
      expect(await fixture.store.findLinkToken(expired.tokenHash)).toBeNull();
      expect((await fixture.store.findLinkToken(usedLive.tokenHash))?.usedAt).toBe(2_000);
      expect(await fixture.store.findLinkToken(live.tokenHash)).not.toBeNull();
    });

    it('stores a token with its data and finds it by hash', async () => {
      const user = await fixture.store.createUser({ email: 'ola@example.com' });
      const token = tokenFor(user, {
        purpose: 'change-email',
        data: { newEmail: 'new@example.com', n: [1] },
      });
      await fixture.store.createLinkToken(token, KEEP);
      expect(await fixture.store.findLinkToken(token.tokenHash)).toEqual({ ...token, usedAt: null });
      expect(await fixture.store.findLinkToken('no-such-hash')).toBeNull();
    });

    it('stores the uniquifier a token is bound to, or null when none is given', async () => {
      const user = await fixture.store.createUser({ email: 'bound@example.com' });
      const bound = tokenFor(user);
      const { fsUniquifier: _left, ...unbound } = tokenFor(user, { purpose: 'reset' });
      await fixture.store.createLinkToken(bound, KEEP);
      await fixture.store.createLinkToken(unbound, KEEP);
      expect((await fixture.store.findLinkToken(bound.tokenHash))?.fsUniquifier).toBe(user.fsUniquifier);
      expect((await fixture.store.findLinkToken(unbound.tokenHash))?.fsUniquifier).toBeNull();
    });

    it('refuses a second token with the same hash, and a token for a missing user', async () => {
      const user = await fixture.store.createUser({ email: 'pam@example.com' });
      const token = tokenFor(user);
      await fixture.store.createLinkToken(token, KEEP);
      await expectDatastoreError(fixture.store.createLinkToken(token, KEEP), 'LINK_TOKEN_EXISTS');
      const ghost = { ...user, id: user.id + 1000 };
      await expectDatastoreError(fixture.store.createLinkToken(tokenFor(ghost), KEEP), 'USER_NOT_FOUND');
      await expectDatastoreError(fixture.store.createLinkToken(tokenFor(ghost), SUPERSEDE), 'USER_NOT_FOUND');
    });

    it('consumes a token once, recording when', async () => {
      const user = await fixture.store.createUser({ email: 'quin@example.com' });
      const token = tokenFor(user);
      await fixture.store.createLinkToken(token, KEEP);
      expect(await fixture.store.consumeLinkToken(token.tokenHash, 2_000)).toBe(true);
      expect(await fixture.store.consumeLinkToken(token.tokenHash, 3_000)).toBe(false);
      expect((await fixture.store.findLinkToken(token.tokenHash))?.usedAt).toBe(2_000);
      expect(await fixture.store.consumeLinkToken('no-such-hash', 2_000)).toBe(false);
    });

    it('lets exactly one of several concurrent uses of a link succeed', async () => {
      const user = await fixture.store.createUser({ email: 'rex@example.com' });
      for (let round = 0; round < 5; round += 1) {
        const token = tokenFor(user);
        await fixture.store.createLinkToken(token, KEEP);
        const results = await Promise.all(
          [2_000, 2_001, 2_002, 2_003].map((nowMs) => fixture.store.consumeLinkToken(token.tokenHash, nowMs)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      }
    });

    it('does not consume a token at or after its expiry', async () => {
      const user = await fixture.store.createUser({ email: 'sue@example.com' });
      const expired = tokenFor(user, { expiresAt: 5_000 });
      const justInTime = tokenFor(user, { expiresAt: 5_000 });
      await fixture.store.createLinkToken(expired, KEEP);
      await fixture.store.createLinkToken(justInTime, KEEP);
      expect(await fixture.store.consumeLinkToken(expired.tokenHash, 5_000)).toBe(false);
      expect(await fixture.store.consumeLinkToken(expired.tokenHash, 5_001)).toBe(false);
      expect((await fixture.store.findLinkToken(expired.tokenHash))?.usedAt).toBeNull();
      expect(await fixture.store.consumeLinkToken(justInTime.tokenHash, 4_999)).toBe(true);
    });

    it('supersedes the unused tokens of the same user and purpose, keeping used and unrelated ones', async () => {
      const user = await fixture.store.createUser({ email: 'tom@example.com' });
      const other = await fixture.store.createUser({ email: 'uli@example.com' });
      const unused = tokenFor(user);
      const unusedExpired = tokenFor(user, { expiresAt: 500 });
      const used = tokenFor(user);
      const otherPurpose = tokenFor(user, { purpose: 'reset' });
      const otherUser = tokenFor(other);
      for (const token of [unused, unusedExpired, used, otherPurpose, otherUser]) {
        await fixture.store.createLinkToken(token, KEEP);
      }
      await fixture.store.consumeLinkToken(used.tokenHash, 2_000);
      const kept = tokenFor(user);
      await fixture.store.createLinkToken(kept, KEEP);
      const newest = tokenFor(user);
      await fixture.store.createLinkToken(newest, SUPERSEDE);
      expect(await fixture.store.findLinkToken(unused.tokenHash)).toBeNull();
      expect(await fixture.store.findLinkToken(unusedExpired.tokenHash)).toBeNull();
      expect(await fixture.store.findLinkToken(kept.tokenHash)).toBeNull();
      expect((await fixture.store.findLinkToken(used.tokenHash))?.usedAt).toBe(2_000);
      expect(await fixture.store.findLinkToken(otherPurpose.tokenHash)).not.toBeNull();
      expect(await fixture.store.findLinkToken(otherUser.tokenHash)).not.toBeNull();
      expect(await fixture.store.findLinkToken(newest.tokenHash)).not.toBeNull();
    });

    it('leaves one live token when several superseding creates race', async () => {
      const user = await fixture.store.createUser({ email: 'vic@example.com' });
      for (let round = 0; round < 5; round += 1) {
        const tokens = [0, 1, 2, 3].map(() => tokenFor(user));
        await Promise.all(tokens.map((token) => fixture.store.createLinkToken(token, SUPERSEDE)));
        const live = await Promise.all(tokens.map((token) => fixture.store.findLinkToken(token.tokenHash)));
        expect(live.filter((record) => record !== null)).toHaveLength(1);
      }
    });

    it('restores superseded tokens when the transaction creating the new one throws', async () => {
      const user = await fixture.store.createUser({ email: 'wyn@example.com' });
      const old = tokenFor(user);
      await fixture.store.createLinkToken(old, KEEP);
      const fresh = tokenFor(user);
      const attempt = fixture.store.transaction(async (tx) => {
        await tx.createLinkToken(fresh, SUPERSEDE);
        expect(await tx.findLinkToken(old.tokenHash)).toBeNull();
        throw new Boom('abort');
      });
      await expect(attempt).rejects.toBeInstanceOf(Boom);
      expect(await fixture.store.findLinkToken(old.tokenHash)).not.toBeNull();
      expect(await fixture.store.findLinkToken(fresh.tokenHash)).toBeNull();
    });

    it('deletes all tokens of a user, or those of one purpose, counting them', async () => {
      const user = await fixture.store.createUser({ email: 'xan@example.com' });
      const other = await fixture.store.createUser({ email: 'yul@example.com' });
      const used = tokenFor(user);
      for (const token of [tokenFor(user), used, tokenFor(user, { purpose: 'reset' }), tokenFor(user)]) {
        await fixture.store.createLinkToken(token, KEEP);
      }
      await fixture.store.consumeLinkToken(used.tokenHash, 2_000);
      const survivor = tokenFor(other);
      await fixture.store.createLinkToken(survivor, KEEP);
      expect(await fixture.store.deleteUserLinkTokens(user.id, 'reset')).toBe(1);
      expect(await fixture.store.deleteUserLinkTokens(user.id, 'reset')).toBe(0);
      expect(await fixture.store.deleteUserLinkTokens(user.id)).toBe(3);
      expect(await fixture.store.findLinkToken(used.tokenHash)).toBeNull();
      expect(await fixture.store.findLinkToken(survivor.tokenHash)).not.toBeNull();
    });

    it('deletes the tokens of a deleted user', async () => {
      const user = await fixture.store.createUser({ email: 'zoe@example.com' });
      const token = tokenFor(user);
      await fixture.store.createLinkToken(token, KEEP);
      await fixture.store.deleteUser(user);
      expect(await fixture.store.findLinkToken(token.tokenHash)).toBeNull();
    });
  });

  describe('resetting access voids links', () => {
    /** One unused token of every purpose, one used one, and an unused one of another user. */
    async function seed(email: string) {
      const user = await fixture.store.setTokenUniquifier(await fixture.store.createUser({ email }));
      const other = await fixture.store.createUser({ email: `other.${email}` });
      const unused = ['confirm', 'reset', 'change-email'].map((purpose) => tokenFor(user, { purpose }));
      const used = tokenFor(user, { purpose: 'reset' });
      const others = tokenFor(other, { purpose: 'change-email' });
      for (const token of [...unused, used, others]) await fixture.store.createLinkToken(token, KEEP);
      expect(await fixture.store.consumeLinkToken(used.tokenHash, 2_000)).toBe(true);
      return { user, unused, used, others };
    }

    async function expectVoided(seeded: Awaited<ReturnType<typeof seed>>): Promise<void> {
      for (const token of seeded.unused)
        expect(await fixture.store.findLinkToken(token.tokenHash)).toBeNull();
      expect((await fixture.store.findLinkToken(seeded.used.tokenHash))?.usedAt).toBe(2_000);
      expect(await fixture.store.findLinkToken(seeded.others.tokenHash)).not.toBeNull();
    }

    it('resetUserAccess deletes every unused link of the user, of every purpose', async () => {
      const seeded = await seed('reset.links@example.com');
      const reset = await fixture.store.resetUserAccess(seeded.user);
      expect(reset.fsUniquifier).not.toBe(seeded.user.fsUniquifier);
      expect(reset.fsTokenUniquifier).not.toBe(seeded.user.fsTokenUniquifier);
      await expectVoided(seeded);
    });

    it('resetUserAccess inside a transaction that throws leaves the links alone', async () => {
      const seeded = await seed('reset.rollback@example.com');
      const attempt = fixture.store.transaction(async (tx) => {
        await tx.resetUserAccess(seeded.user);
        throw new Boom('abort');
      });
      await expect(attempt).rejects.toBeInstanceOf(Boom);
      for (const token of seeded.unused)
        expect(await fixture.store.findLinkToken(token.tokenHash)).not.toBeNull();
    });

    it('deactivation voids links and rotates both uniquifiers; activation revives neither', async () => {
      const seeded = await seed('deactivate.links@example.com');
      expect(await fixture.store.deactivateUser(seeded.user)).toBe(true);
      await expectVoided(seeded);
      expect(await fixture.store.activateUser(seeded.user)).toBe(true);
      const active = await fixture.store.findUserById(seeded.user.id);
      expect(active?.active).toBe(true);
      expect(active?.fsUniquifier).not.toBe(seeded.user.fsUniquifier);
      expect(active?.fsTokenUniquifier).toMatch(/^[0-9a-f]{64}$/);
      expect(active?.fsTokenUniquifier).not.toBe(seeded.user.fsTokenUniquifier);
      expect(await fixture.store.findUserByTokenUniquifier(seeded.user.fsTokenUniquifier!)).toBeNull();
    });

    it('activation rotates fs_token_uniquifier, so no token from before the deactivation revives', async () => {
      const inactive = await fixture.store.setTokenUniquifier(
        await fixture.store.createUser({ email: 'legacy.inactive@example.com', active: false }),
      );
      expect(await fixture.store.activateUser(inactive)).toBe(true);
      expect(await fixture.store.findUserByTokenUniquifier(inactive.fsTokenUniquifier!)).toBeNull();
      const active = await fixture.store.findUserById(inactive.id);
      expect(active?.fsTokenUniquifier).toMatch(/^[0-9a-f]{64}$/);
      expect(active?.fsUniquifier).toBe(inactive.fsUniquifier);
    });

    it('deactivating an inactive user changes nothing, links included', async () => {
      const user = await fixture.store.createUser({ email: 'inactive.links@example.com', active: false });
      const link = tokenFor(user);
      await fixture.store.createLinkToken(link, KEEP);
      expect(await fixture.store.deactivateUser(user)).toBe(false);
      expect(await fixture.store.findLinkToken(link.tokenHash)).not.toBeNull();
      expect((await fixture.store.findUserById(user.id))?.fsUniquifier).toBe(user.fsUniquifier);
    });
  });
}
