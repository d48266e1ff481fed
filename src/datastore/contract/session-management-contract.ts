/** Contract: session metadata, listing a user's sessions and the throttled last-seen write. */
import { describe, expect, it } from 'vitest';
import { type StoreFixture, sessionFor } from './store-fixture.js';

export function describeSessionManagementContract(fixture: StoreFixture): void {
  describe('session management', () => {
    it('keeps IP, User-Agent and last-seen time with the session', async () => {
      const user = await fixture.store.createUser({ email: 'meta@example.com' });
      const session = sessionFor(user, { ip: '203.0.113.9', userAgent: 'Firefox/140', lastSeenAt: 5 });
      await fixture.store.createSession(session);
      const found = await fixture.store.findSessionWithUser(session.idHash, Date.now());
      expect(found?.session).toEqual(session);
    });

    it("lists a user's live sessions only, oldest first", async () => {
      const user = await fixture.store.createUser({ email: 'list@example.com' });
      const other = await fixture.store.createUser({ email: 'other@example.com' });
      const nowMs = Date.now();
      const older = sessionFor(user, { createdAt: nowMs - 2000, ip: '198.51.100.1' });
      const newer = sessionFor(user, { createdAt: nowMs - 1000 });
      await fixture.store.createSession(newer);
      await fixture.store.createSession(older);
      await fixture.store.createSession(sessionFor(user, { expiresAt: nowMs - 1 }));
      await fixture.store.createSession(sessionFor(other));
      expect(await fixture.store.listUserSessions(user.fsUniquifier, nowMs)).toEqual([older, newer]);
      expect(await fixture.store.listUserSessions('no-such-uniquifier', nowMs)).toEqual([]);
    });

    it('a listed session is gone once deleted, one or all', async () => {
      const user = await fixture.store.createUser({ email: 'gone@example.com' });
      const first = sessionFor(user);
      await fixture.store.createSession(first);
      await fixture.store.createSession(sessionFor(user));
      await fixture.store.deleteSession(first.idHash);
      expect(await fixture.store.listUserSessions(user.fsUniquifier, Date.now())).toHaveLength(1);
      await fixture.store.deleteUserSessions(user.fsUniquifier);
      expect(await fixture.store.listUserSessions(user.fsUniquifier, Date.now())).toEqual([]);
    });

    it('records last seen only when the previous one is older than the threshold', async () => {
      const user = await fixture.store.createUser({ email: 'seen@example.com' });
      const session = sessionFor(user, { createdAt: 1_000 });
      await fixture.store.createSession(session);
      // Never seen: the creation time counts as the last sighting.
      expect(await fixture.store.touchSession(session.idHash, { lastSeenAt: 1_500, ifBefore: 1_000 })).toBe(
        false,
      );
      expect(await fixture.store.touchSession(session.idHash, { lastSeenAt: 70_000, ifBefore: 10_000 })).toBe(
        true,
      );
      expect(await fixture.store.touchSession(session.idHash, { lastSeenAt: 71_000, ifBefore: 11_000 })).toBe(
        false,
      );
      const found = await fixture.store.findSessionWithUser(session.idHash, Date.now());
      expect(found?.session.lastSeenAt).toBe(70_000);
      expect(await fixture.store.touchSession('no-such-hash', { lastSeenAt: 9e12, ifBefore: 9e12 })).toBe(
        false,
      );
    });
  });
}
