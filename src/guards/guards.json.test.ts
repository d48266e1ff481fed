import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, createDemoSecurity, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../testing/create-test-security.js';

let t: TestSecurity;
beforeEach(async () => {
  t = await createDemoSecurity();
});
afterEach(async () => {
  await t.close();
});

const UNAUTHENTICATED = 'You are not authenticated. Please supply the correct credentials.';
const UNAUTHORIZED = 'You do not have permission to view this resource.';

function basic(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
}

describe('unauthenticated JSON callers', () => {
  it.each([
    '/api/session-or-token',
    '/api/session-only',
    '/api/token',
    '/api/admin',
    '/api/perm-write',
    '/api/fresh',
  ])('%s answers 401 with the envelope and no WWW-Authenticate', async (path) => {
    const res = await t.client().getJson(path);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ meta: { code: 401 }, response: { errors: [UNAUTHENTICATED] } });
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('a POST to a guarded route answers 401 too', async () => {
    const res = await t.client().post('/api/mutate', { json: {} });
    expect(res.status).toBe(401);
  });

  it('a route with only an authorization guard answers 403, never 401', async () => {
    const res = await t.client().getJson('/api/roles-only');
    expect(res.status).toBe(403);
    expect(res.body.errors).toEqual([UNAUTHORIZED]);
  });
});

describe('Basic authentication', () => {
  it('challenges with WWW-Authenticate and the default realm', async () => {
    const res = await t.client().getJson('/api/basic');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Login Required"');
  });

  it('challenges HTML callers with a 401 page, not a redirect', async () => {
    const res = await t.client().get('/api/basic', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Login Required"');
    expect(res.location).toBeNull();
  });

  it('accepts correct credentials per request without issuing a session cookie', async () => {
    const client = t.client();
    const res = await client.getJson('/api/basic', { authorization: basic(JOE.email, JOE.password) });
    expect(res.json).toEqual({ ok: true, user: JOE.email });
    expect(res.setCookies).toEqual([]);
    const again = await client.getJson('/api/basic');
    expect(again.status).toBe(401);
  });

  it('refuses a wrong password, an inactive user and malformed headers', async () => {
    await t.createUser('off@example.com', 'a good password 1', { active: false });
    for (const header of [
      basic(JOE.email, 'wrong password'),
      basic('off@example.com', 'a good password 1'),
      'Basic !!!notbase64',
      'Bearer abc',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
    ]) {
      const res = await t.client().getJson('/api/basic', { authorization: header });
      expect(res.status, header).toBe(401);
    }
  });

  it('refuses an unconfirmed user when confirmation is required (unlike Flask-Security 5.1.2)', async () => {
    await t.close();
    t = await createDemoSecurity({ config: { confirmable: true } });
    await t.createUser('new@example.com', 'a good password 1', { confirmed: false });
    const res = await t
      .client()
      .getJson('/api/basic', { authorization: basic('new@example.com', 'a good password 1') });
    expect(res.status).toBe(401);
  });

  it('is not accepted by routes that do not list basic', async () => {
    const res = await t
      .client()
      .getJson('/api/session-or-token', { authorization: basic(JOE.email, JOE.password) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });
});

describe('authorization', () => {
  it('lets a user with the role or permission through and refuses others with 403', async () => {
    const admin = t.client();
    await loginJson(admin, ADMIN);
    const joe = t.client();
    await loginJson(joe, JOE);
    expect((await admin.getJson('/api/admin')).status).toBe(200);
    expect((await admin.getJson('/api/perm-write')).status).toBe(200);
    const denied = await joe.getJson('/api/admin');
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ meta: { code: 403 }, response: { errors: [UNAUTHORIZED] } });
    expect((await joe.getJson('/api/perm-write')).status).toBe(403);
  });

  it('a bare rolesAccepted works from the session or the token alone', async () => {
    const joe = t.client();
    const login = await loginJson(joe, JOE, '?include_auth_token');
    expect((await joe.getJson('/api/roles-only')).json).toEqual({ ok: true, user: JOE.email });
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    const byToken = await t.client().getJson('/api/roles-only', { 'Authentication-Token': token });
    expect(byToken.json).toEqual({ ok: true, user: JOE.email });
  });

  it('applies a role change to an existing session at once', async () => {
    const joe = t.client();
    await loginJson(joe, JOE);
    expect((await joe.getJson('/api/admin')).status).toBe(403);
    const user = await t.datastore.findUserByIdentity('email', JOE.email);
    if (!user) throw new Error('seed user missing');
    await t.datastore.addRoleToUser(user, 'admin');
    expect((await joe.getJson('/api/admin')).status).toBe(200);
    await t.datastore.removePermissionsFromRole('admin', ['admin-write']);
    expect((await joe.getJson('/api/perm-write')).status).toBe(403);
  });
});
