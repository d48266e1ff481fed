/**
 * The sessions endpoints in JSON, on every session store: listing, ending one or all others, and
 * the refusals (another user's id, a stale sign-in, a missing CSRF token). An ended session is
 * refused on its very next request.
 */
import { expect } from 'vitest';
import { ADMIN, JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachSessionStore, type SessionApp } from '../../../test/fixtures/session-stores.js';
import type { TestClient } from '../../testing/test-client.js';

async function signIn(app: SessionApp, who = JOE, userAgent = 'TestBrowser/1'): Promise<TestClient> {
  const client = app.t.client();
  const page = await client.getJson('/login');
  const res = await client.post('/login', {
    json: { ...who, csrf_token: page.body.csrf_token },
    headers: { 'user-agent': userAgent },
  });
  expect(res.status).toBe(200);
  return client;
}

interface Listed {
  id: string;
  current: boolean;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
}

async function list(client: TestClient): Promise<{ csrf: string; sessions: Listed[] }> {
  const res = await client.getJson('/sessions');
  expect(res.status).toBe(200);
  return { csrf: res.body.csrf_token as string, sessions: res.body.sessions as Listed[] };
}

async function signedIn(client: TestClient): Promise<boolean> {
  const res = await client.getJson('/api/session-only');
  expect([200, 401]).toContain(res.status);
  return res.status === 200;
}

describeEachSessionStore('/sessions in JSON', ({ it, open }) => {
  it('lists the caller sessions with which one is current, and no secret of any', async () => {
    const app = await open();
    const laptop = await signIn(app, JOE, 'Laptop/1');
    app.clock.advanceSeconds(1);
    const phone = await signIn(app, JOE, 'Phone/2');
    await signIn(app, ADMIN);
    const { sessions } = await list(laptop);
    expect(sessions.map((s) => [s.user_agent, s.current])).toEqual([
      ['Laptop/1', true],
      ['Phone/2', false],
    ]);
    expect(sessions[0]?.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(sessions[1]?.created_at).toBe(new Date(app.clock.nowMs()).toISOString());
    // Neither the cookie's session id nor its stored hash appears in the answer.
    const raw = (await phone.getJson('/sessions')).text;
    const cookie = decodeURIComponent(phone.cookies.get('session') ?? '');
    const sessionId = cookie.split('.')[0]?.replace(/^s:/, '') ?? 'missing';
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(raw).not.toContain(sessionId);
    const joe = await app.t.security.datastore.findUserByIdentity('email', JOE.email);
    const stored = await app.t.security.datastore.listUserSessions(
      joe?.fsUniquifier ?? '',
      app.clock.nowMs(),
    );
    expect(stored).toHaveLength(2);
    for (const record of stored) expect(raw).not.toContain(record.idHash);
  });

  it('refuses an anonymous caller', async () => {
    const app = await open();
    expect((await app.t.client().getJson('/sessions')).status).toBe(401);
  });

  it('ends another session by id: it is refused on its next request, the caller stays in', async () => {
    const app = await open();
    const events: number[] = [];
    app.t.security.events.on('sessionsRevoked', (e) => {
      events.push(e.count);
    });
    const laptop = await signIn(app);
    const phone = await signIn(app);
    expect(await signedIn(phone)).toBe(true);
    const { csrf, sessions } = await list(laptop);
    const other = sessions.find((s) => !s.current);
    const res = await laptop.post('/sessions/revoke', { json: { id: other?.id, csrf_token: csrf } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ revoked: 1 });
    expect((res.body.sessions as Listed[]).map((s) => s.current)).toEqual([true]);
    expect(await signedIn(phone)).toBe(false);
    expect(await signedIn(laptop)).toBe(true);
    expect(events).toEqual([1]);
  });

  it('ends all other sessions at once, keeping the caller', async () => {
    const app = await open();
    const [a, b, c] = [await signIn(app), await signIn(app), await signIn(app)];
    const admin = await signIn(app, ADMIN);
    const { csrf } = await list(a);
    const res = await a.post('/sessions/revoke', { json: { all_others: true, csrf_token: csrf } });
    expect(res.body).toMatchObject({ revoked: 2 });
    expect([await signedIn(a), await signedIn(b), await signedIn(c), await signedIn(admin)]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it("refuses another user's session id and leaves that session alone", async () => {
    const app = await open();
    const joe = await signIn(app);
    const admin = await signIn(app, ADMIN);
    const adminId = (await list(admin)).sessions[0]?.id;
    const { csrf } = await list(joe);
    const res = await joe.post('/sessions/revoke', { json: { id: adminId, csrf_token: csrf } });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toHaveProperty('id');
    expect(await signedIn(admin)).toBe(true);
  });

  it('asks a stale sign-in to re-authenticate before ending anything', async () => {
    const app = await open();
    const laptop = await signIn(app);
    const phone = await signIn(app);
    const { csrf, sessions } = await list(laptop);
    app.clock.advanceSeconds(3601);
    const other = sessions.find((s) => !s.current);
    const res = await laptop.post('/sessions/revoke', { json: { id: other?.id, csrf_token: csrf } });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ reauth_required: true });
    expect(await signedIn(phone)).toBe(true);
  });

  it('refuses a post without a CSRF token', async () => {
    const app = await open();
    const laptop = await signIn(app);
    const phone = await signIn(app);
    const other = (await list(laptop)).sessions.find((s) => !s.current);
    const res = await laptop.post('/sessions/revoke', { json: { id: other?.id } });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toHaveProperty('csrf_token');
    expect(await signedIn(phone)).toBe(true);
  });

  it('answers bad input with a 400: no id, a non-string id, an overlong id', async () => {
    const app = await open();
    const laptop = await signIn(app);
    const { csrf } = await list(laptop);
    for (const body of [{}, { id: 42 }, { id: ['x'] }, { id: 'x'.repeat(10_000) }, { all_others: {} }]) {
      const res = await laptop.post('/sessions/revoke', { json: { ...body, csrf_token: csrf } });
      expect(res.status).toBe(400);
    }
    expect(await signedIn(laptop)).toBe(true);
  });

  it('ending the caller own session signs it out, cookie and all', async () => {
    const app = await open();
    const laptop = await signIn(app);
    const { csrf, sessions } = await list(laptop);
    const res = await laptop.post('/sessions/revoke', { json: { id: sessions[0]?.id, csrf_token: csrf } });
    expect(res.body).toMatchObject({ revoked: 1, sessions: [] });
    expect(await signedIn(laptop)).toBe(false);
  });

  it('logout and a uniquifier change end sessions at once', async () => {
    const app = await open();
    const laptop = await signIn(app);
    const phone = await signIn(app);
    const tablet = await signIn(app);
    const csrf = (await list(phone)).csrf;
    expect((await phone.post('/logout', { json: { csrf_token: csrf } })).status).toBe(200);
    expect(await signedIn(phone)).toBe(false);
    expect(await signedIn(tablet)).toBe(true);
    const joe = await app.t.security.datastore.findUserByIdentity('email', JOE.email);
    if (joe === null) throw new Error('no joe');
    await app.t.security.datastore.setUniquifier(joe);
    expect([await signedIn(laptop), await signedIn(tablet)]).toEqual([false, false]);
  });
});
