/**
 * /tf-select (issue 9 item 5, issue 11 item 5): a user with an authenticator AND secondary WebAuthn
 * keys chooses one after the password, as upstream's openapi describes; the choice keeps the
 * pending sign-in's attempts. On SQLite and PostgreSQL.
 */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { SoftAuthenticator } from '../../../test/fixtures/soft-authenticator.js';
import { TWO_FACTOR_CONFIG, totpCode, withAuthenticator } from '../../../test/fixtures/two-factor.js';
import { postWithCsrf, seedKey, signInWithKey } from '../../../test/fixtures/webauthn-signin.js';
import { MESSAGES } from '../../messages.js';
import type { TestSecurityOverrides } from '../../testing/create-test-security.js';

describeEachDatabase('tf-select', { config: { ...TWO_FACTOR_CONFIG, webauthn: true } }, ({ it, open }) => {
  async function joeWithTwoFactors(overrides: TestSecurityOverrides = {}) {
    const clock = createFakeClock();
    const app = await open({ clock, ...overrides });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    const secret = await withAuthenticator(app.t, joe!);
    const authenticator = new SoftAuthenticator();
    await seedKey(app.t, joe!, authenticator, { name: 'Yubi', usage: 'secondary' });
    return { app, clock, secret, authenticator };
  }
  const signedIn = async (client: ReturnType<Awaited<ReturnType<typeof open>>['t']['client']>) =>
    (await client.getJson('/api/session-only')).status;

  it('the password answers tf_select with the methods; choosing webauthn leads to the key', async () => {
    const { app, authenticator } = await joeWithTwoFactors();
    const client = app.t.client();
    const login = await loginJson(client, JOE);
    expect(login.body).toMatchObject({
      tf_required: true,
      tf_select: true,
      tf_setup_methods: ['authenticator', 'webauthn'],
    });
    const shown = await client.getJson('/tf-select');
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ tf_select: true, tf_setup_methods: ['authenticator', 'webauthn'] });
    const chosen = await postWithCsrf(client, '/tf-select', { which: 'webauthn' });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({
      tf_required: true,
      tf_method: 'webauthn',
      tf_signin_url: '/wan-signin',
    });
    expect(await signedIn(client)).toBe(401);
    expect((await signInWithKey(client, authenticator)).status).toBe(200);
    expect(await signedIn(client)).toBe(200);
  });

  it('choosing the authenticator leads to tf-validate', async () => {
    const { app, clock, secret } = await joeWithTwoFactors();
    const client = app.t.client();
    await loginJson(client, JOE);
    const chosen = await postWithCsrf(client, '/tf-select', { which: 'authenticator' });
    expect(chosen.body).toMatchObject({ tf_method: 'authenticator', tf_primary_method: 'authenticator' });
    const code = await postWithCsrf(client, '/tf-validate', { code: totpCode(secret, clock.nowMs()) });
    expect(code.status).toBe(200);
    expect(await signedIn(client)).toBe(200);
  });

  it('a method the user does not have is refused, and nothing is chosen', async () => {
    const { app } = await joeWithTwoFactors();
    const client = app.t.client();
    await loginJson(client, JOE);
    for (const which of ['sms', '', 'tf_select']) {
      const answer = await postWithCsrf(client, '/tf-select', { which });
      expect(answer.status).toBe(400);
      expect(answer.body.field_errors).toEqual({ which: [MESSAGES.TWO_FACTOR_METHOD_NOT_AVAILABLE] });
    }
    expect((await client.getJson('/tf-select')).status).toBe(200);
  });

  it('without a pending sign-in that selects, /tf-select is refused', async () => {
    const { app } = await joeWithTwoFactors();
    const client = app.t.client();
    expect((await client.getJson('/tf-select')).status).toBe(400);
    expect((await postWithCsrf(client, '/tf-select', { which: 'webauthn' })).status).toBe(400);
  });

  it('choosing keeps the attempts already spent', async () => {
    const { app, clock, secret } = await joeWithTwoFactors({ config: { twoFactorMaxAttempts: 2 } });
    const client = app.t.client();
    await loginJson(client, JOE);
    const wrong = totpCode(secret, clock.nowMs(), 5);
    expect((await postWithCsrf(client, '/tf-validate', { code: wrong })).status).toBe(400);
    await postWithCsrf(client, '/tf-select', { which: 'authenticator' });
    const last = await postWithCsrf(client, '/tf-validate', { code: wrong });
    expect(last.body.field_errors).toEqual({ code: [MESSAGES.TWO_FACTOR_TOO_MANY_ATTEMPTS] });
    const good = await postWithCsrf(client, '/tf-validate', { code: totpCode(secret, clock.nowMs()) });
    expect(good.status).toBe(400);
    expect(await signedIn(client)).toBe(401);
  });

  it('the HTML page lists the methods and a choice redirects to its page', async () => {
    const { app } = await joeWithTwoFactors();
    const client = app.t.client();
    await loginJson(client, JOE);
    const page = await client.get('/tf-select');
    expect(page.text).toContain('value="authenticator"');
    expect(page.text).toContain('value="webauthn"');
    const token = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const chosen = await client.post('/tf-select', { form: { which: 'webauthn', csrf_token: token } });
    expect(chosen.status).toBe(302);
    expect(chosen.location).toBe('/wan-signin');
  });
});
