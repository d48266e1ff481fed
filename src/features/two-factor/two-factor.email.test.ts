/** Sign-in with a mailed code, and the sign-in paths that must not skip the second factor. */
import { expect } from 'vitest';
import { ADMIN, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import {
  codeIn,
  TWO_FACTOR_CONFIG,
  withAuthenticator,
  withEmailFactor,
} from '../../../test/fixtures/two-factor.js';
import type { TestClient } from '../../testing/test-client.js';

async function validate(client: TestClient, code: string) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post('/tf-validate', { json: { code, csrf_token: token } });
}

describeEachDatabase('two-factor by mail', { config: TWO_FACTOR_CONFIG }, ({ it, open }) => {
  it('mails a fresh single-use code at each sign-in; a newer code voids the older one', async () => {
    const app = await open();
    await withEmailFactor(app.t, (await app.t.datastore.findUserByIdentity('email', JOE.email))!);
    const first = app.t.client();
    expect((await loginJson(first, JOE)).body).toMatchObject({ tf_required: true, tf_method: 'email' });
    const oldCode = codeIn(await app.mailTo(JOE.email, 'Two-factor Login'));
    const before = app.sink.messages.length;
    const second = app.t.client();
    await loginJson(second, JOE);
    await app.deliver();
    const newMail = app.sink.messages.slice(before).find((m) => m.subject === 'Two-factor Login');
    const newCode = codeIn(newMail!);
    expect((await validate(first, oldCode)).status).toBe(400);
    expect((await validate(second, newCode)).status).toBe(200);
    expect((await second.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
    expect((await validate(first, newCode)).status).toBe(400);
  });

  it('still asks for the second factor after a password reset with autoLoginAfterReset', async () => {
    const app = await open({ config: { recoverable: true, autoLoginAfterReset: true } });
    await withAuthenticator(app.t, (await app.t.datastore.findUserByIdentity('email', JOE.email))!);
    const client = app.t.client();
    const token = (await client.getJson('/reset')).body.csrf_token;
    await client.post('/reset', { json: { email: JOE.email, csrf_token: token } });
    const path = app.linkPath(await app.mailTo(JOE.email, 'Password reset instructions'));
    const csrf = (await client.getJson('/login')).body.csrf_token;
    const reset = await client.post(path, {
      json: {
        password: 'brand new password 77',
        password_confirm: 'brand new password 77',
        csrf_token: csrf,
      },
    });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ tf_required: true, tf_method: 'authenticator' });
    expect(reset.body.user).toBeUndefined();
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('renders through replaceable views (Views.twoFactorValidate, Views.twoFactorSetup)', async () => {
    const app = await open({
      views: {
        twoFactorValidate: (props) => `<p id="custom-validate">${props.rescue?.options.join(',')}</p>`,
        twoFactorSetup: (props) => `<p id="custom-setup">${props.methods.join(',')}</p>`,
      },
    });
    await withAuthenticator(app.t, (await app.t.datastore.findUserByIdentity('email', JOE.email))!);
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await client.get('/tf-validate')).text).toContain('<p id="custom-validate">email,help</p>');
    const plain = app.t.client();
    await loginJson(plain, ADMIN);
    expect((await plain.get('/tf-setup')).text).toContain('<p id="custom-setup">authenticator,email</p>');
  });

  it('changes nothing while the feature is off: a user with a stored method signs in with the password', async () => {
    const app = await open({ config: { twoFactor: false } });
    await withAuthenticator(app.t, (await app.t.datastore.findUserByIdentity('email', JOE.email))!);
    const client = app.t.client();
    expect((await loginJson(client, JOE)).body.user).toEqual({});
    expect((await client.getJson('/tf-validate')).status).toBe(404);
  });
});
