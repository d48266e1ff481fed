import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

let t: TestSecurity;
beforeEach(async () => {
  t = await createDemoSecurity();
});
afterEach(async () => {
  await t.close();
});

describe('GET /login as JSON', () => {
  it('returns a CSRF token and the identity attributes in the envelope', async () => {
    const res = await t.client().getJson('/login');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.json).toMatchObject({ meta: { code: 200 }, response: { identity_attributes: ['email'] } });
    expect(typeof res.body.csrf_token).toBe('string');
    expect(
      res.setCookies.some((c) => c.startsWith('session=') && /HttpOnly/.test(c) && /SameSite=Lax/.test(c)),
    ).toBe(true);
  });

  it('answers a signed-in caller with user {} and no identity attributes', async () => {
    const client = t.client();
    await loginJson(client, JOE);
    const res = await client.getJson('/login');
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({});
    expect(res.body.identity_attributes).toBeUndefined();
  });
});

describe('POST /login as JSON', () => {
  it('signs in with a session cookie and returns user {} and a fresh csrf token', async () => {
    const client = t.client();
    const before = await client.getJson('/login');
    const res = await client.post('/login', { json: { ...JOE, csrf_token: before.body.csrf_token } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ meta: { code: 200 }, response: { user: {} } });
    expect(res.body.csrf_token).toEqual(expect.any(String));
    const me = await client.getJson('/api/session-or-token');
    expect(me.json).toEqual({ ok: true, user: JOE.email });
  });

  it('matches the email case-insensitively', async () => {
    const res = await loginJson(t.client(), { email: 'JOE@Example.COM', password: JOE.password });
    expect(res.status).toBe(200);
  });

  it('returns an authentication token with ?include_auth_token, usable on token routes', async () => {
    const res = await loginJson(t.client(), ADMIN, '?include_auth_token');
    const user = res.body.user as { authentication_token?: string };
    expect(user.authentication_token).toEqual(expect.any(String));
    const api = await t.client().get('/api/token', {
      headers: { 'Authentication-Token': user.authentication_token ?? '', accept: 'application/json' },
    });
    expect(api.json).toEqual({ ok: true, user: ADMIN.email });
  });

  it.each([
    ['wrong password', { email: JOE.email, password: 'nope nope nope' }, 'password', 'Invalid password'],
    [
      'unknown email',
      { email: 'ghost@example.com', password: 'whatever 123' },
      'email',
      'Specified user does not exist',
    ],
    [
      'invalid email syntax',
      { email: 'not-an-email', password: 'whatever 123' },
      'email',
      'Invalid email address',
    ],
    ['empty password', { email: JOE.email, password: '' }, 'password', 'Password not provided'],
  ])('refuses a %s with 400 and a field error', async (_name, credentials, field, message) => {
    const res = await loginJson(t.client(), credentials);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      meta: { code: 400 },
      response: { errors: [message], field_errors: { [field]: [message] } },
    });
  });

  it('reveals a disabled account only after a correct password', async () => {
    await t.createUser('off@example.com', 'a good password 1', { active: false });
    const right = await loginJson(t.client(), { email: 'off@example.com', password: 'a good password 1' });
    expect(right.body.field_errors).toEqual({ email: ['Account is disabled.'] });
    const wrong = await loginJson(t.client(), { email: 'off@example.com', password: 'wrong password 1' });
    expect(wrong.body.field_errors).toEqual({ password: ['Invalid password'] });
  });

  it('refuses an unconfirmed user when confirmable', async () => {
    await t.close();
    t = await createDemoSecurity({ config: { confirmable: true } });
    await t.createUser('new@example.com', 'a good password 1', { confirmed: false });
    const res = await loginJson(t.client(), { email: 'new@example.com', password: 'a good password 1' });
    expect(res.body.field_errors).toEqual({ email: ['Email requires confirmation.'] });
  });

  it('requires the CSRF token from the session it was issued to', async () => {
    const missing = await t.client().post('/login', { json: JOE });
    expect(missing.body.field_errors).toEqual({ csrf_token: ['The CSRF token is missing.'] });
    const other = await t.client().getJson('/login');
    const client = t.client();
    await client.getJson('/login');
    const mismatch = await client.post('/login', { json: { ...JOE, csrf_token: other.body.csrf_token } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.field_errors).toEqual({ csrf_token: ['The CSRF tokens do not match.'] });
    const garbage = await client.post('/login', { json: { ...JOE, csrf_token: 'garbage' } });
    expect(garbage.body.field_errors).toEqual({ csrf_token: ['The CSRF token is invalid.'] });
  });

  it('accepts the CSRF token in the X-CSRF-Token header', async () => {
    const client = t.client();
    const page = await client.getJson('/login');
    const res = await client.post('/login', {
      json: JOE,
      headers: { 'X-CSRF-Token': String(page.body.csrf_token) },
    });
    expect(res.status).toBe(200);
  });

  it('skips CSRF for anonymous callers with csrfIgnoreUnauthEndpoints', async () => {
    await t.close();
    t = await createDemoSecurity({ config: { csrfIgnoreUnauthEndpoints: true } });
    const res = await t.client().post('/login', { json: JOE });
    expect(res.status).toBe(200);
  });

  it('refuses a second login from a signed-in client', async () => {
    const client = t.client();
    await loginJson(client, JOE);
    const again = await client.post('/login', { json: JOE });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual(['You can only access this endpoint when not logged in.']);
  });

  it('issues a new session id at login (no fixation)', async () => {
    const client = t.client();
    await client.getJson('/login');
    const anonymous = client.cookies.get('session');
    await loginJson(client, JOE);
    const first = client.cookies.get('session');
    expect(first).not.toBe(anonymous);
    await client.post('/logout', { headers: { accept: 'application/json' } });
    await loginJson(client, JOE);
    expect(client.cookies.get('session')).not.toBe(first);
  });

  it('refuses an off-site next with a field error', async () => {
    const client = t.client();
    const page = await client.getJson('/login');
    const res = await client.post('/login?next=https%3A%2F%2Fevil.com', {
      json: { ...JOE, csrf_token: page.body.csrf_token },
    });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ next: ['Redirections outside the domain are forbidden'] });
  });
});
