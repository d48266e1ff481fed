import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { queuedMail } from '../../../test/fixtures/queued-mail.js';
import type { SecurityEvents } from '../../events.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import type { TestClient } from '../../testing/test-client.js';

const NEW = { email: 'new@example.com', password: 'a fine new password 1' };

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

async function setup(config: Record<string, unknown> = {}): Promise<void> {
  t = await createDemoSecurity({
    mailWorker: { autoStart: false },
    config: { registerable: true, ...config },
  });
}

async function registerJson(client: TestClient, body: Record<string, unknown>, query = '') {
  const page = await client.getJson('/register');
  return client.post(`/register${query}`, { json: { ...body, csrf_token: page.body.csrf_token } });
}

describe('GET /register as JSON', () => {
  it('returns a CSRF token', async () => {
    await setup();
    const res = await t.client().getJson('/register');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['csrf_token']);
  });

  it('is not served when registerable is off', async () => {
    t = await createDemoSecurity({ mailWorker: { autoStart: false } });
    expect((await t.client().getJson('/register')).status).toBe(404);
  });
});

describe('POST /register as JSON without confirmable', () => {
  it('creates the user with an argon2id hash and signs them in', async () => {
    await setup();
    const client = t.client();
    const res = await registerJson(client, NEW);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ meta: { code: 200 }, response: { user: {} } });
    expect(res.body.csrf_token).toEqual(expect.any(String));
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: NEW.email });
    const user = await t.datastore.findUserByIdentity('email', NEW.email);
    expect(user?.password).toMatch(/^\$argon2id\$/);
    expect(user).toMatchObject({ active: true, confirmedAt: null });
  });

  it('returns an authentication token with ?include_auth_token', async () => {
    await setup();
    const res = await registerJson(t.client(), NEW, '?include_auth_token');
    const token = (res.body.user as { authentication_token: string }).authentication_token;
    const api = await t.client().getJson('/api/token', { 'Authentication-Token': token });
    expect(api.json).toEqual({ ok: true, user: NEW.email });
  });

  it('queues a welcome mail without a confirmation link', async () => {
    await setup();
    await registerJson(t.client(), NEW);
    const [mail] = await queuedMail(t, 10);
    expect(mail).toMatchObject({ to: NEW.email, subject: 'Welcome', kind: 'register', sentAt: null });
    expect(mail?.text).not.toContain('/confirm/');
  });

  it('emits userRegistered and userAuthenticated (method register)', async () => {
    await setup();
    const registered: SecurityEvents['userRegistered'][] = [];
    const authenticated: SecurityEvents['userAuthenticated'][] = [];
    t.security.events.on('userRegistered', (e) => {
      registered.push(e);
    });
    t.security.events.on('userAuthenticated', (e) => {
      authenticated.push(e);
    });
    await registerJson(t.client(), NEW);
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({ confirmationRequired: false, confirmationToken: null });
    expect(registered[0]?.user.email).toBe(NEW.email);
    expect(authenticated.map((e) => e.method)).toEqual(['register']);
  });

  it('accepts a JSON body without password_confirm, but refuses a mismatched one', async () => {
    await setup();
    const res = await registerJson(t.client(), { ...NEW, password_confirm: 'something else 1' });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ password_confirm: ['Passwords do not match'] });
    expect(await t.datastore.findUserByIdentity('email', NEW.email)).toBeNull();
  });
});

describe('POST /register as JSON with confirmable', () => {
  it('does not sign in nor return a token, and login waits for confirmation', async () => {
    await setup({ confirmable: true });
    const client = t.client();
    const res = await registerJson(client, NEW, '?include_auth_token');
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({});
    expect((await client.getJson('/api/session-only')).status).toBe(401);
    const login = await loginJson(t.client(), NEW);
    expect(login.body.field_errors).toEqual({ email: ['Email requires confirmation.'] });
    const [mail] = await queuedMail(t, 10);
    expect(mail?.text).toContain('http://app.test/confirm/');
  });

  it('hands the confirmation token to userRegistered listeners', async () => {
    await setup({ confirmable: true, sendRegisterEmail: false });
    const registered: SecurityEvents['userRegistered'][] = [];
    t.security.events.on('userRegistered', (e) => {
      registered.push(e);
    });
    await registerJson(t.client(), NEW);
    expect(registered[0]).toMatchObject({
      confirmationRequired: true,
      confirmationToken: expect.any(String),
    });
    expect(await t.datastore.listMail(10)).toEqual([]);
    const followed = await t.client().getJson(`/confirm/${registered[0]?.confirmationToken}`);
    expect(followed.status).toBe(200);
  });

  it('signs in at once with loginWithoutConfirmation', async () => {
    await setup({ confirmable: true, loginWithoutConfirmation: true });
    const client = t.client();
    await registerJson(client, NEW);
    expect((await client.getJson('/api/session-only')).status).toBe(200);
  });
});

describe('who may register', () => {
  it('refuses a signed-in caller', async () => {
    await setup();
    const client = t.client();
    await loginJson(client, JOE);
    const res = await client.post('/register', { json: NEW });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(['You can only access this endpoint when not logged in.']);
    expect(await t.datastore.findUserByIdentity('email', NEW.email)).toBeNull();
  });

  it('requires the CSRF token and writes nothing without it', async () => {
    await setup();
    const res = await t.client().post('/register', { json: NEW });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ csrf_token: ['The CSRF token is missing.'] });
    expect(await t.datastore.findUserByIdentity('email', NEW.email)).toBeNull();
    expect(await t.datastore.listMail(10)).toEqual([]);
  });
});

describe('usernames', () => {
  it('stores the normalized username and refuses a taken one', async () => {
    await setup({ usernameEnable: true });
    const first = await registerJson(t.client(), { ...NEW, username: 'Ｊｏｅｙ' });
    expect(first.status).toBe(200);
    expect((await t.datastore.findUserByIdentity('username', 'Joey'))?.email).toBe(NEW.email);
    const again = await registerJson(t.client(), {
      email: 'other@example.com',
      password: NEW.password,
      username: 'Joey',
    });
    expect(again.status).toBe(400);
    expect(again.body.field_errors).toEqual({ username: ['Joey is already associated with an account.'] });
  });

  it('requires a username with usernameRequired and checks its characters', async () => {
    await setup({ usernameEnable: true, usernameRequired: true });
    const missing = await registerJson(t.client(), NEW);
    expect(missing.body.field_errors).toEqual({ username: ['Username not provided'] });
    const bad = await registerJson(t.client(), { ...NEW, username: 'joe-bloggs' });
    expect(bad.body.field_errors).toEqual({ username: ['Username can contain only letters and numbers'] });
  });

  it('ignores a username when usernameEnable is off', async () => {
    await setup();
    await registerJson(t.client(), { ...NEW, username: 'Joey' });
    expect((await t.datastore.findUserByIdentity('email', NEW.email))?.username).toBeNull();
  });
});
