import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, createDemoSecurity, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import type { TestSecurity } from '../testing/create-test-security.js';

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

async function tokenFor(credentials: { email: string; password: string }): Promise<string> {
  const res = await loginJson(t.client(), credentials, '?include_auth_token');
  return (res.body.user as { authentication_token: string }).authentication_token;
}

describe('token authentication', () => {
  it('reads the token from the header, the query and a JSON body', async () => {
    t = await createDemoSecurity();
    const token = await tokenFor(JOE);
    const viaHeader = await t.client().getJson('/api/token', { 'Authentication-Token': token });
    expect(viaHeader.json).toEqual({ ok: true, user: JOE.email });
    const viaQuery = await t.client().getJson(`/api/token?auth_token=${encodeURIComponent(token)}`);
    expect(viaQuery.json).toEqual({ ok: true, user: JOE.email });
    const viaBody = await t.client().post('/api/mutate', { json: { auth_token: token } });
    expect(viaBody.json).toEqual({ ok: true, user: JOE.email });
  });

  it('uses Flask-Security precedence: a bad query token beats a good header', async () => {
    t = await createDemoSecurity();
    const token = await tokenFor(JOE);
    const res = await t.client().getJson('/api/token?auth_token=garbage', { 'Authentication-Token': token });
    expect(res.status).toBe(401);
  });

  it('honours custom header and key names', async () => {
    t = await createDemoSecurity({
      config: { tokenAuthenticationHeader: 'X-Auth', tokenAuthenticationKey: 'tok' },
    });
    const token = await tokenFor(JOE);
    expect((await t.client().getJson('/api/token', { 'X-Auth': token })).status).toBe(200);
    expect((await t.client().getJson(`/api/token?tok=${encodeURIComponent(token)}`)).status).toBe(200);
    expect((await t.client().getJson('/api/token', { 'Authentication-Token': token })).status).toBe(401);
  });

  it('does not accept Authorization: Bearer, tampered or foreign-key tokens', async () => {
    t = await createDemoSecurity();
    const token = await tokenFor(JOE);
    expect((await t.client().getJson('/api/token', { authorization: `Bearer ${token}` })).status).toBe(401);
    const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    expect((await t.client().getJson('/api/token', { 'Authentication-Token': tampered })).status).toBe(401);
    const other = await createDemoSecurity({
      config: { secretKey: 'another-secret-key-that-is-long-enough-xyz' },
    });
    const foreign = await loginJson(other.client(), JOE, '?include_auth_token');
    const foreignToken = (foreign.body.user as { authentication_token: string }).authentication_token;
    await other.close();
    expect((await t.client().getJson('/api/token', { 'Authentication-Token': foreignToken })).status).toBe(
      401,
    );
  });

  it('expires after tokenMaxAge', async () => {
    const clock = createFakeClock();
    t = await createDemoSecurity({ clock, config: { tokenMaxAge: '10m' } });
    const token = await tokenFor(JOE);
    clock.advanceSeconds(599);
    expect((await t.client().getJson('/api/token', { 'Authentication-Token': token })).status).toBe(200);
    clock.advanceSeconds(2);
    expect((await t.client().getJson('/api/token', { 'Authentication-Token': token })).status).toBe(401);
  });

  it('uses the per-token expiry hook when it returns a timestamp', async () => {
    const clock = createFakeClock();
    t = await createDemoSecurity({
      clock,
      config: { tokenExpireTimestamp: () => clock.nowMs() / 1000 + 30 },
    });
    const token = await tokenFor(JOE);
    clock.advanceSeconds(31);
    expect((await t.client().getJson('/api/token', { 'Authentication-Token': token })).status).toBe(401);
  });

  it('never satisfies a session-only route (Flask-Security 5.1.2 let it)', async () => {
    t = await createDemoSecurity();
    const token = await tokenFor(JOE);
    const res = await t.client().getJson('/api/session-only', { 'Authentication-Token': token });
    expect(res.status).toBe(401);
  });

  it('sets no session cookie on a token-authenticated app route', async () => {
    t = await createDemoSecurity();
    const token = await tokenFor(JOE);
    const res = await t.client().getJson('/api/token', { 'Authentication-Token': token });
    expect(res.setCookies).toEqual([]);
  });

  it('dies with the token uniquifier, the uniquifier, deactivation or reset access', async () => {
    t = await createDemoSecurity();
    const changes: Array<
      (u: NonNullable<Awaited<ReturnType<typeof t.datastore.findUserById>>>) => Promise<unknown>
    > = [
      (u) => t.datastore.setTokenUniquifier(u),
      (u) => t.datastore.resetUserAccess(u),
      (u) => t.datastore.deactivateUser(u),
    ];
    for (const change of changes) {
      const user = await t.datastore.findUserByIdentity('email', ADMIN.email);
      if (!user) throw new Error('seed user missing');
      if (!user.active) await t.datastore.activateUser(user);
      const token = await tokenFor(ADMIN);
      expect((await t.client().getJson('/api/token', { 'Authentication-Token': token })).status).toBe(200);
      const fresh = await t.datastore.findUserById(user.id);
      if (!fresh) throw new Error('user vanished');
      await change(fresh);
      expect((await t.client().getJson('/api/token', { 'Authentication-Token': token })).status).toBe(401);
    }
  });
});
