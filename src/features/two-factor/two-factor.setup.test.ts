/** /tf-setup: choosing, completing, changing and disabling the second factor (issue 9 items 3, 6). */
import { Secret } from 'otpauth';
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import { codeIn, TWO_FACTOR_CONFIG, totpCode, withAuthenticator } from '../../../test/fixtures/two-factor.js';
import type { TestClient } from '../../testing/test-client.js';

async function post(client: TestClient, path: string, json: Record<string, unknown>) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: token } });
}

describeEachDatabase('two-factor setup', { config: TWO_FACTOR_CONFIG }, ({ it, open }) => {
  async function signedIn(): Promise<{
    app: MailApp;
    client: TestClient;
    clock: ReturnType<typeof createFakeClock>;
  }> {
    const clock = createFakeClock();
    const app = await open({ clock });
    const client = app.t.client();
    expect((await loginJson(client, JOE)).body.user).toEqual({});
    return { app, client, clock };
  }

  it('shows the methods on GET, without "disable" for a user who has none', async () => {
    const { client } = await signedIn();
    const page = await client.getJson('/tf-setup');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      tf_available_methods: ['authenticator', 'email'],
      tf_primary_method: null,
      tf_method: null,
      tf_phone_number: null,
      tf_required: false,
    });
    expect((await client.getJson('/tf-setup')).body.tf_available_methods).toEqual(['authenticator', 'email']);
  });

  it('sets up the authenticator only after one valid code, and that code cannot also sign in', async () => {
    const { app, client, clock } = await signedIn();
    const chosen = await post(client, '/tf-setup', { setup: 'authenticator' });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({
      tf_state: 'validating_profile',
      tf_primary_method: 'authenticator',
      tf_authr_issuer: 'Barbican Test',
      tf_authr_username: JOE.email,
    });
    const secret = String(chosen.body.tf_authr_b32key);
    expect(String(chosen.body.tf_authr_key).replace(/-/g, '')).toBe(secret);
    expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
    expect(String(chosen.body.tf_authr_uri)).toMatch(/^otpauth:\/\/totp\/Barbican%20Test:/);
    const stored = await app.t.datastore.findUserByIdentity('email', JOE.email);
    expect(stored?.tfPrimaryMethod).toBeNull();

    const wrong = await post(client, '/tf-validate', { code: totpCode(secret, clock.nowMs(), 4) });
    expect(wrong.status).toBe(400);
    const code = totpCode(secret, clock.nowMs());
    const done = await post(client, '/tf-validate', { code });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ tf_method: 'authenticator', user: {} });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    expect(joe?.tfPrimaryMethod).toBe('authenticator');
    expect(joe?.tfTotpSecret).toMatch(/^v1:/);
    expect(joe?.tfTotpSecret).not.toContain(secret);
    // This browser stays signed in; the setup cannot be completed twice.
    expect((await client.getJson('/api/session-only')).status).toBe(200);
    expect((await post(client, '/tf-validate', { code })).status).toBe(400);

    const other = app.t.client();
    expect((await loginJson(other, JOE)).body.tf_required).toBe(true);
    expect((await post(other, '/tf-validate', { code })).status).toBe(400);
  });

  it('shows the QR code inline and the key as text on the HTML page', async () => {
    const { client } = await signedIn();
    const token = (await client.getJson('/login')).body.csrf_token as string;
    const page = await client.post('/tf-setup', { form: { setup: 'authenticator', csrf_token: token } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg');
    expect(page.text).toMatch(/<code id="authr-key">[A-Z2-7]{4}(-[A-Z2-7]{4}){7}<\/code>/);
    expect(page.text).toContain('action="/tf-validate"');
    expect(page.text).not.toContain('<script');
  });

  it('answers /tf-validate with 400 and no side effect when signed in and not setting up (5.1.2 logs out)', async () => {
    const { client } = await signedIn();
    const refused = await post(client, '/tf-validate', { code: '123456' });
    expect(refused.status).toBe(400);
    expect(refused.body.field_errors).toEqual({
      '': ['You currently do not have permissions to access this page'],
    });
    expect((await client.getJson('/tf-validate')).status).toBe(400);
    expect((await client.getJson('/api/session-only')).status).toBe(200);
  });

  it('sets up email with a mailed code', async () => {
    const { app, client } = await signedIn();
    const chosen = await post(client, '/tf-setup', { setup: 'email' });
    expect(chosen.body).toMatchObject({ tf_state: 'validating_profile', tf_primary_method: 'email' });
    const mail = await app.mailTo(JOE.email, 'Two-factor Login');
    expect((await post(client, '/tf-validate', { code: codeIn(mail) })).status).toBe(200);
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.tfPrimaryMethod).toBe('email');
  });

  it('refuses a method that is not offered, with no change', async () => {
    const { app, client } = await signedIn();
    for (const setup of ['sms', 'bogus', 'disable', '']) {
      const refused = await post(client, '/tf-setup', { setup });
      expect(refused.status).toBe(400);
      expect(refused.body.field_errors).toEqual({ setup: ['Marked method is not valid'] });
    }
    expect((await post(client, '/tf-setup', { setup: { nested: true } })).status).toBe(400);
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.tfPrimaryMethod).toBeNull();
  });

  it('needs a fresh sign-in to disable, then ends the other sessions and mails a notice', async () => {
    const clock = createFakeClock();
    const app = await open({ clock, config: { freshness: 600, freshnessGracePeriod: 0 } });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    const secret = await withAuthenticator(app.t, joe!);
    const signIn = async (): Promise<TestClient> => {
      const client = app.t.client();
      await loginJson(client, JOE);
      expect((await post(client, '/tf-validate', { code: totpCode(secret, clock.nowMs()) })).status).toBe(
        200,
      );
      clock.advanceSeconds(30);
      return client;
    };
    const other = await signIn();
    const client = await signIn();
    expect((await client.getJson('/tf-setup')).body.tf_available_methods).toEqual([
      'authenticator',
      'email',
      'disable',
    ]);
    clock.advanceSeconds(601);
    const stale = await post(client, '/tf-setup', { setup: 'disable' });
    expect(stale.status).toBe(401);
    expect(stale.body.reauth_required).toBe(true);
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.tfPrimaryMethod).toBe(
      'authenticator',
    );

    const fresh = await signIn();
    const disabled = await post(fresh, '/tf-setup', { setup: 'disable' });
    expect(disabled.status).toBe(200);
    const after = await app.t.datastore.findUserByIdentity('email', JOE.email);
    expect(after).toMatchObject({ tfPrimaryMethod: null, tfTotpSecret: null });
    expect((await fresh.getJson('/api/session-only')).status).toBe(200);
    expect((await other.getJson('/api/session-only')).status).toBe(401);
    const notice = await app.mailTo(JOE.email, 'Two-factor Login');
    expect(notice.text).toContain('Two-factor authentication was turned off');
    expect((await loginJson(app.t.client(), JOE)).body.user).toEqual({});
  });
});
