/** Contract: server-side sessions and their one-query lookup with the owning user. */
import { describe, expect, it } from 'vitest';
import { expectDatastoreError, type StoreFixture, sessionFor } from './store-fixture.js';

export interface SessionContractOptions {
  /** The store expires sessions itself (Redis TTL), so purging finds nothing. */
  readonly expiresByTTL?: boolean;
}

export function describeSessionContract(fixture: StoreFixture, options: SessionContractOptions = {}): void {
  describe('sessions', () => {
    it('stores a session and finds it together with its user', async () => {
      const user = await fixture.store.createUser({ email: 'val@example.com' });
      const session = sessionFor(user, {
        remember: true,
        data: { tfState: 'pending', n: 2, nested: { a: [1] } },
      });
      await fixture.store.createSession(session);
      const found = await fixture.store.findSessionWithUser(session.idHash, Date.now());
      expect(found?.session).toEqual(session);
      expect(found?.user).toEqual(user);
      expect(await fixture.store.findSessionWithUser('no-such-hash', Date.now())).toBeNull();
    });

    it('refuses a second session with the same id hash', async () => {
      const user = await fixture.store.createUser({ email: 'wes@example.com' });
      const session = sessionFor(user);
      await fixture.store.createSession(session);
      await expectDatastoreError(fixture.store.createSession(session), 'SESSION_EXISTS');
    });

    it('does not find a session at or after its expiry', async () => {
      const user = await fixture.store.createUser({ email: 'xi@example.com' });
      // A real-clock expiry, so a store that also expires by TTL (Redis) keeps the key meanwhile.
      const expiresAt = Date.now() + 60_000;
      const session = sessionFor(user, { expiresAt });
      await fixture.store.createSession(session);
      expect(await fixture.store.findSessionWithUser(session.idHash, expiresAt - 1)).not.toBeNull();
      expect(await fixture.store.findSessionWithUser(session.idHash, expiresAt)).toBeNull();
      expect(await fixture.store.findSessionWithUser(session.idHash, expiresAt + 1)).toBeNull();
    });

    it('does not find a session once its user fs_uniquifier has changed', async () => {
      const user = await fixture.store.createUser({ email: 'yan@example.com' });
      const session = sessionFor(user);
      await fixture.store.createSession(session);
      await fixture.store.setUniquifier(user);
      expect(await fixture.store.findSessionWithUser(session.idHash, Date.now())).toBeNull();
    });

    it('does not find a session of a deactivated user', async () => {
      const user = await fixture.store.createUser({ email: 'zed@example.com' });
      const session = sessionFor(user);
      await fixture.store.createSession(session);
      await fixture.store.deactivateUser(user);
      expect(await fixture.store.findSessionWithUser(session.idHash, Date.now())).toBeNull();
    });

    it('updates authentication time, expiry and data; an empty patch changes nothing', async () => {
      const user = await fixture.store.createUser({ email: 'abe@example.com' });
      const session = sessionFor(user, { data: { a: 1 } });
      await fixture.store.createSession(session);
      const expiresAt = session.expiresAt + 3_600_000;
      await fixture.store.updateSession(session.idHash, {
        authenticatedAt: session.authenticatedAt + 5,
        expiresAt,
        data: { b: 'two' },
      });
      await fixture.store.updateSession(session.idHash, {});
      const found = await fixture.store.findSessionWithUser(session.idHash, Date.now());
      expect(found?.session).toEqual({
        ...session,
        authenticatedAt: session.authenticatedAt + 5,
        expiresAt,
        data: { b: 'two' },
      });
      await fixture.store.updateSession(session.idHash, { expiresAt: 10 });
      expect(await fixture.store.findSessionWithUser(session.idHash, Date.now())).toBeNull();
    });

    it('deletes one session, or every session of a user', async () => {
      const user = await fixture.store.createUser({ email: 'bea@example.com' });
      const other = await fixture.store.createUser({ email: 'cal@example.com' });
      const first = sessionFor(user);
      await fixture.store.createSession(first);
      await fixture.store.createSession(sessionFor(user));
      await fixture.store.createSession(sessionFor(user));
      const kept = sessionFor(other);
      await fixture.store.createSession(kept);
      await fixture.store.deleteSession(first.idHash);
      await fixture.store.deleteSession(first.idHash);
      expect(await fixture.store.findSessionWithUser(first.idHash, Date.now())).toBeNull();
      expect(await fixture.store.deleteUserSessions(user.fsUniquifier)).toBe(2);
      expect(await fixture.store.deleteUserSessions(user.fsUniquifier)).toBe(0);
      expect(await fixture.store.findSessionWithUser(kept.idHash, Date.now())).not.toBeNull();
    });

    if (options.expiresByTTL) {
      it('forgets expired sessions by itself: nothing is left for a purge', async () => {
        const user = await fixture.store.createUser({ email: 'dee@example.com' });
        const nowMs = Date.now();
        const expired = sessionFor(user, { expiresAt: nowMs - 1 });
        await fixture.store.createSession(expired);
        const live = sessionFor(user, { expiresAt: nowMs + 60_000 });
        await fixture.store.createSession(live);
        expect(await fixture.store.purgeExpiredSessions(nowMs)).toBe(0);
        expect(await fixture.store.findSessionWithUser(expired.idHash, nowMs - 2)).toBeNull();
        expect(await fixture.store.findSessionWithUser(live.idHash, nowMs)).not.toBeNull();
      });
    } else {
      it('purges expired sessions only, counting them', async () => {
        const user = await fixture.store.createUser({ email: 'dee@example.com' });
        const nowMs = 2_000_000;
        await fixture.store.createSession(sessionFor(user, { expiresAt: nowMs - 1 }));
        await fixture.store.createSession(sessionFor(user, { expiresAt: nowMs }));
        const live = sessionFor(user, { expiresAt: nowMs + 1 });
        await fixture.store.createSession(live);
        expect(await fixture.store.purgeExpiredSessions(nowMs)).toBe(2);
        expect(await fixture.store.purgeExpiredSessions(nowMs)).toBe(0);
        expect(await fixture.store.findSessionWithUser(live.idHash, nowMs)).not.toBeNull();
      });
    }
  });
}
