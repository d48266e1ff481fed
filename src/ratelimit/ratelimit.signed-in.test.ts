/** Limits on the secret checks of signed-in and half-signed-in callers, and on second-factor codes. */
import { afterEach, describe, expect, it } from 'vitest';
import { JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { type LimitedApp, limitedApp } from '../../test/fixtures/rate-limited-app.js';
import {
  TWO_FACTOR_CONFIG,
  totpCode,
  withAuthenticator,
  withEmailFactor,
} from '../../test/fixtures/two-factor.js';
import type { TestClient } from '../testing/test-client.js';

let app: LimitedApp;
afterEach(async () => {
  await app.t.close();
});

async function postWithToken(client: TestClient, path: string, json: Record<string, string>) {
  const token = (await client.getJson(path.startsWith('/tf-') ? '/login' : path)).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: String(token) } });
}

describe('signed-in secret checks', () => {
  it('/verify answers 429 to the right password once the failures are spent', async () => {
    app = await limitedApp({ rateLimitIdentityIpAttempts: 2 });
    const client = app.t.client();
    expect((await loginJson(client, JOE)).status).toBe(200);
    for (let i = 0; i < 2; i++)
      expect((await postWithToken(client, '/verify', { password: 'wrong' })).status).toBe(400);
    const refused = await postWithToken(client, '/verify', { password: JOE.password });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('900');
  });

  it('/change counts wrong current passwords with the same budget', async () => {
    app = await limitedApp({ changeable: true, rateLimitIdentityIpAttempts: 2 });
    const client = app.t.client();
    await loginJson(client, JOE);
    const change = (password: string) =>
      postWithToken(client, '/change', {
        password,
        new_password: 'another good passphrase 5',
        new_password_confirm: 'another good passphrase 5',
      });
    expect((await change('wrong')).status).toBe(400);
    expect((await change('wrong')).status).toBe(400);
    expect((await change(JOE.password)).status).toBe(429);
  });
});

describe('signed-in mail', () => {
  it('/change-email is limited per new address', async () => {
    app = await limitedApp({ changeEmail: true, rateLimitSendRecipient: 1 });
    const client = app.t.client();
    await loginJson(client, JOE);
    const change = (email: string) => postWithToken(client, '/change-email', { email });
    expect((await change('new-joe@example.com')).status).toBe(200);
    expect((await change('new-joe@example.com')).status).toBe(429);
    expect((await change('other-joe@example.com')).status).toBe(200);
  });
});

describe('second-factor codes', () => {
  it('/tf-validate refuses the right code with 429 after wrong ones, across pending sign-ins', async () => {
    app = await limitedApp({
      ...TWO_FACTOR_CONFIG,
      twoFactorMaxAttempts: 10,
      rateLimitIdentityIpAttempts: 2,
    });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    const secret = await withAuthenticator(app.t, joe ?? expect.fail('no joe'));
    const client = app.t.client();
    expect((await loginJson(client, JOE)).body.tf_required).toBe(true);
    expect((await postWithToken(client, '/tf-validate', { code: '000000' })).status).toBe(400);
    // A new password sign-in starts a new pending state, not a new budget of code guesses.
    await loginJson(client, JOE);
    expect((await postWithToken(client, '/tf-validate', { code: '000000' })).status).toBe(400);
    const refused = await postWithToken(client, '/tf-validate', {
      code: totpCode(secret, app.clock.nowMs()),
    });
    expect(refused.status).toBe(429);
  });

  it('/tf-rescue is limited per recipient (the account address)', async () => {
    app = await limitedApp({ ...TWO_FACTOR_CONFIG, rateLimitSendRecipient: 1 });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    await withAuthenticator(app.t, joe ?? expect.fail('no joe'));
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await postWithToken(client, '/tf-rescue', { help_setup: 'email' })).status).toBe(200);
    expect((await postWithToken(client, '/tf-rescue', { help_setup: 'email' })).status).toBe(429);
  });

  it('skips, never refuses, the sign-in code mail over the send limit (a 429 would confirm the password)', async () => {
    app = await limitedApp({ ...TWO_FACTOR_CONFIG, rateLimitSendRecipient: 1 });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    await withEmailFactor(app.t, joe ?? expect.fail('no joe'));
    let sent = 0;
    app.t.security.events.on('tfSecurityTokenSent', () => {
      sent++;
    });
    for (let i = 0; i < 3; i++) {
      const res = await loginJson(app.t.client(), JOE);
      expect(res.status).toBe(200);
      expect(res.body.tf_required).toBe(true);
    }
    expect(sent).toBe(1);
    expect(app.limited.map((e) => e.rule)).toEqual(['send-recipient', 'send-recipient']);
  });
});
