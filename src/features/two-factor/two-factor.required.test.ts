/** twoFactorRequired: a user without a second factor sets one up before the sign-in completes. */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { codeIn, TWO_FACTOR_CONFIG, totpCode } from '../../../test/fixtures/two-factor.js';
import type { TestClient } from '../../testing/test-client.js';

async function post(client: TestClient, path: string, json: Record<string, unknown>) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: token } });
}

const REQUIRED_CONFIG = { ...TWO_FACTOR_CONFIG, twoFactorRequired: true };

describeEachDatabase('two-factor required', { config: REQUIRED_CONFIG }, ({ it, open }) => {
  it('holds a password sign-in without a factor at setup_from_login, with no session, token or Basic', async () => {
    const app = await open();
    const client = app.t.client();
    const login = await loginJson(client, JOE, '?include_auth_token');
    expect(login.body).toEqual({
      csrf_token: login.body.csrf_token,
      tf_required: true,
      tf_state: 'setup_from_login',
    });
    expect((await client.getJson('/api/session-only')).status).toBe(401);
    const basic = `Basic ${Buffer.from(`${JOE.email}:${JOE.password}`).toString('base64')}`;
    expect((await app.t.client().get('/api/basic', { headers: { authorization: basic } })).status).toBe(401);
    const setup = await client.getJson('/tf-setup');
    expect(setup.status).toBe(200);
    expect(setup.body).toMatchObject({ tf_available_methods: ['authenticator', 'email'], tf_required: true });

    const browser = app.t.client();
    const token = (await browser.getJson('/login')).body.csrf_token as string;
    const form = await browser.post('/login', {
      form: { email: JOE.email, password: JOE.password, csrf_token: token },
    });
    expect(form.location).toBe('/tf-setup');
  });

  it('completes the sign-in once the new authenticator gives a valid code, and mails a notice', async () => {
    const clock = createFakeClock();
    const app = await open({ clock });
    const client = app.t.client();
    await loginJson(client, JOE);
    const chosen = await post(client, '/tf-setup', { setup: 'authenticator' });
    expect(chosen.status).toBe(200);
    const secret = String(chosen.body.tf_authr_b32key);
    // The candidate alone changes nothing: the user still has no factor.
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.tfPrimaryMethod).toBeNull();
    expect((await post(client, '/tf-validate', { code: totpCode(secret, clock.nowMs(), 3) })).status).toBe(
      400,
    );
    const done = await post(client, '/tf-validate', { code: totpCode(secret, clock.nowMs()) });
    expect(done.status).toBe(200);
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.tfPrimaryMethod).toBe(
      'authenticator',
    );
    expect((await app.mailTo(JOE.email, 'Two-factor Login')).text).toContain('now: authenticator');
    // The next sign-in asks for the code, and "disable" is never offered while the factor is required.
    clock.advanceSeconds(30);
    const next = app.t.client();
    expect((await loginJson(next, JOE)).body.tf_state).toBe('ready');
    expect((await post(next, '/tf-validate', { code: totpCode(secret, clock.nowMs()) })).status).toBe(200);
    expect((await next.getJson('/tf-setup')).body.tf_available_methods).toEqual(['authenticator', 'email']);
    expect((await post(next, '/tf-setup', { setup: 'disable' })).status).toBe(400);
  });

  it('completes with a mailed setup code for the email method', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await post(client, '/tf-setup', { setup: 'email' })).body.tf_primary_method).toBe('email');
    const code = codeIn(await app.mailTo(JOE.email, 'Two-factor Login'));
    expect((await post(client, '/tf-validate', { code })).status).toBe(200);
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.tfPrimaryMethod).toBe('email');
  });
});
