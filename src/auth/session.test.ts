import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import type { TestSecurity } from '../testing/create-test-security.js';

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

function sessionCookie(setCookies: readonly string[]): string | undefined {
  return setCookies.find((c) => c.startsWith('session='));
}

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, a browser-session cookie, and Secure only when configured', async () => {
    t = await createDemoSecurity();
    const plain = sessionCookie((await loginJson(t.client(), JOE)).setCookies) ?? '';
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).not.toMatch(/Max-Age|Expires/);
    expect(plain).not.toMatch(/Secure/);
    await t.close();
    t = await createDemoSecurity({ config: { sessionCookieSecure: true, sessionCookieName: 'sid' } });
    const secure = (await loginJson(t.client(), JOE)).setCookies.find((c) => c.startsWith('sid=')) ?? '';
    expect(secure).toMatch(/Secure/);
  });

  it('is persistent when remember is asked for', async () => {
    t = await createDemoSecurity();
    const client = t.client();
    const page = await client.getJson('/login');
    const res = await client.post('/login', {
      json: { ...JOE, remember: true, csrf_token: page.body.csrf_token },
    });
    expect(sessionCookie(res.setCookies)).toMatch(/Max-Age=31536000/);
  });

  it('a forged or unsigned cookie is not a session', async () => {
    t = await createDemoSecurity();
    const client = t.client();
    await loginJson(client, JOE);
    const value = client.cookies.get('session') ?? '';
    for (const forged of [`${value}x`, value.replace(/\.[^.]+$/, '.AAAA'), 's:whatever', '']) {
      const res = await t.client().getJson('/api/session-only', { cookie: `session=${forged}` });
      expect(res.status, forged).toBe(401);
    }
  });

  it('expires after permanentSessionLifetime', async () => {
    const clock = createFakeClock();
    t = await createDemoSecurity({ clock, config: { permanentSessionLifetime: '1h' } });
    const client = t.client();
    await loginJson(client, JOE);
    clock.advanceSeconds(3599);
    expect((await client.getJson('/api/session-only')).status).toBe(200);
    clock.advanceSeconds(2);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });
});

describe('logout', () => {
  it('destroys the server-side session: a cookie captured before logout never works after it', async () => {
    t = await createDemoSecurity();
    const client = t.client();
    await loginJson(client, JOE);
    const captured = `session=${client.cookies.get('session')}`;
    const res = await client.post('/logout', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ meta: { code: 200 }, response: {} });
    expect(sessionCookie(res.setCookies)).toMatch(/Max-Age=0/);
    const replay = await t.client().getJson('/api/session-only', { cookie: captured });
    expect(replay.status).toBe(401);
  });

  it('kills a remembered session too', async () => {
    t = await createDemoSecurity();
    const client = t.client();
    const page = await client.getJson('/login');
    await client.post('/login', { json: { ...JOE, remember: true, csrf_token: page.body.csrf_token } });
    const captured = `session=${client.cookies.get('session')}`;
    await client.post('/logout', { headers: { accept: 'application/json' } });
    expect((await t.client().getJson('/api/session-only', { cookie: captured })).status).toBe(401);
  });

  it('redirects HTML callers to a safe next or postLogoutView, ignoring an unsafe next', async () => {
    t = await createDemoSecurity();
    const client = t.client();
    expect((await client.post('/logout?next=%2Fafter')).location).toBe('/after');
    expect((await client.post('/logout?next=https%3A%2F%2Fevil.com')).location).toBe('/');
    expect((await client.post('/logout?next=%2F%5Cevil.com')).location).toBe('/');
  });

  it('answers GET with 405 by default and serves it when logoutMethods includes GET', async () => {
    t = await createDemoSecurity();
    const refused = await t.client().getJson('/logout');
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('POST');
    await t.close();
    t = await createDemoSecurity({ config: { logoutMethods: ['GET', 'POST'] } });
    const client = t.client();
    await loginJson(client, JOE);
    expect((await client.get('/logout')).location).toBe('/');
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('is idempotent for a caller who is not signed in', async () => {
    t = await createDemoSecurity();
    const res = await t.client().post('/logout', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
  });
});

describe('uniquifier rotation', () => {
  it('kills every session of the user at once', async () => {
    t = await createDemoSecurity();
    const a = t.client();
    const b = t.client();
    await loginJson(a, JOE);
    await loginJson(b, JOE);
    const user = await t.datastore.findUserByIdentity('email', JOE.email);
    if (!user) throw new Error('seed user missing');
    await t.datastore.setUniquifier(user);
    expect((await a.getJson('/api/session-only')).status).toBe(401);
    expect((await b.getJson('/api/session-only')).status).toBe(401);
  });

  it('deactivation signs the user out everywhere', async () => {
    t = await createDemoSecurity();
    const client = t.client();
    await loginJson(client, JOE);
    const user = await t.datastore.findUserByIdentity('email', JOE.email);
    if (!user) throw new Error('seed user missing');
    await t.datastore.deactivateUser(user);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });
});
