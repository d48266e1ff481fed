/**
 * What a session remembers (IP, User-Agent, last seen) and what that costs: last seen is written
 * at most once a minute per session, counted in calls (never timed), and never on a request that
 * finds it fresh. Also security.sessions, the code API admins and apps use.
 */
import { expect, vi } from 'vitest';
import { countingDatastore } from '../../../test/fixtures/counting-datastore.js';
import { JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachSessionStore, type SessionApp } from '../../../test/fixtures/session-stores.js';
import { USER_AGENT_MAX_LENGTH } from '../../datastore/session-management.js';
import type { User } from '../../datastore/types.js';
import { TEST_ORIGIN } from '../../testing/create-test-security.js';
import { TestClient } from '../../testing/test-client.js';

/** A client whose requests come from `ip` as an adapter would report it (trusted-proxy aware). */
function clientFrom(app: SessionApp, ip: string): TestClient {
  return new TestClient(async (request) => {
    const own = await app.t.security.handle(request, { clientIp: ip });
    return own ?? app.t.fetch(request);
  }, TEST_ORIGIN);
}

async function signIn(client: TestClient, userAgent = 'TestBrowser/1'): Promise<void> {
  const page = await client.getJson('/login');
  const res = await client.post('/login', {
    json: { ...JOE, csrf_token: page.body.csrf_token },
    headers: { 'user-agent': userAgent },
  });
  expect(res.status).toBe(200);
}

async function joe(app: SessionApp): Promise<User> {
  const user = await app.t.security.datastore.findUserByIdentity('email', JOE.email);
  if (user === null) throw new Error('no joe');
  return user;
}

describeEachSessionStore('session metadata', ({ it, open }) => {
  it('records the client IP and a User-Agent cut to a sane length', async () => {
    const app = await open();
    await signIn(clientFrom(app, '203.0.113.7'), `Mozilla/5.0 ${'x'.repeat(5000)}`);
    const [session] = await app.t.security.sessions.list(await joe(app));
    expect(session?.ip).toBe('203.0.113.7');
    expect(session?.userAgent).toHaveLength(USER_AGENT_MAX_LENGTH);
    expect(session?.userAgent?.startsWith('Mozilla/5.0 xxx')).toBe(true);
  });

  it('moves last seen forward only once a minute has passed', async () => {
    const app = await open();
    const client = app.t.client();
    await signIn(client);
    const signedInAt = app.clock.nowMs();
    const lastSeen = async () =>
      (await app.t.security.sessions.list(await joe(app)))[0]?.lastSeenAt.getTime();
    app.clock.advanceSeconds(59);
    expect((await client.getJson('/api/session-only')).status).toBe(200);
    expect(await lastSeen()).toBe(signedInAt);
    app.clock.advanceSeconds(2);
    expect((await client.getJson('/api/session-only')).status).toBe(200);
    await vi.waitFor(async () => expect(await lastSeen()).toBe(signedInAt + 61_000));
    app.clock.advanceSeconds(30);
    expect((await client.getJson('/api/session-only')).status).toBe(200);
    expect(await lastSeen()).toBe(signedInAt + 61_000);
  });
});

// Counted on the SQL datastore the Security is given; the Redis store's writes are shown above.
describeEachSessionStore(
  'last-seen writes',
  ({ it, open }) => {
    it('writes last seen at most once a minute however many requests come', async () => {
      let counting: ReturnType<typeof countingDatastore> | undefined;
      const app = await open({}, (datastore) => {
        counting = countingDatastore(datastore);
        return counting.datastore;
      });
      const client = app.t.client();
      await signIn(client);
      const touches = () => counting?.count('touchSession');
      for (let i = 0; i < 20; i += 1) await client.getJson('/api/session-only');
      expect(touches()).toBe(0);
      app.clock.advanceSeconds(61);
      for (let i = 0; i < 20; i += 1) await client.getJson('/api/session-only');
      expect(touches()).toBe(1);
      app.clock.advanceSeconds(59);
      for (let i = 0; i < 20; i += 1) await client.getJson('/api/session-only');
      expect(touches()).toBe(1);
      app.clock.advanceSeconds(2);
      for (let i = 0; i < 20; i += 1) await client.getJson('/api/session-only');
      expect(touches()).toBe(2);
      // Let the last write land before the store closes.
      const user = await joe(app);
      const now = app.clock.nowMs();
      await vi.waitFor(async () =>
        expect((await app.t.security.sessions.list(user))[0]?.lastSeenAt.getTime()).toBe(now),
      );
    });
  },
  ['sqlite', 'postgres'],
);

describeEachSessionStore('security.sessions', ({ it, open }) => {
  it('lists, ends one by id and ends all but one, each refused on the next request', async () => {
    const app = await open();
    const events: Array<{ count: number; by: string }> = [];
    app.t.security.events.on('sessionsRevoked', ({ count, by }) => {
      events.push({ count, by });
    });
    const clients = [app.t.client(), app.t.client(), app.t.client(), app.t.client()];
    for (const client of clients) {
      await signIn(client);
      app.clock.advanceSeconds(1);
    }
    const user = await joe(app);
    const listed = await app.t.security.sessions.list(user);
    expect(listed.map((s) => s.current)).toEqual([false, false, false, false]);
    const [first, second, third] = listed;
    expect(await app.t.security.sessions.revoke(user, first?.id ?? '')).toBe(true);
    expect(await app.t.security.sessions.revoke(user, first?.id ?? '')).toBe(false);
    expect(await app.t.security.sessions.revoke(user, 'not-an-id')).toBe(false);
    expect(await app.t.security.sessions.revokeAll(user, { except: third?.id ?? '' })).toBe(2);
    const statuses = [];
    for (const client of clients) statuses.push((await client.getJson('/api/session-only')).status);
    expect(statuses).toEqual([401, 401, 200, 401]);
    expect((await app.t.security.sessions.list(user)).map((s) => s.id)).toEqual([third?.id]);
    expect(second?.id).not.toBe(third?.id);
    expect(await app.t.security.sessions.revokeAll(user)).toBe(1);
    expect((await clients[2]?.getJson('/api/session-only'))?.status).toBe(401);
    expect(events).toEqual([
      { count: 1, by: 'app' },
      { count: 2, by: 'app' },
      { count: 1, by: 'app' },
    ]);
  });
});
