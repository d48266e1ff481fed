/** /us-verify and /us-verify/send-code: re-authentication by any set-up method; the guards' pages with usSigninReplacesLogin. */
import { expect } from 'vitest';
import { JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { codeIn, totpCode } from '../../../test/fixtures/two-factor.js';
import {
  US_CONFIG,
  userNamed,
  usPost,
  withUsAuthenticator,
  withUsCodeMethods,
} from '../../../test/fixtures/unified-signin.js';
import type { TestClient } from '../../testing/test-client.js';

async function signIn(client: TestClient) {
  expect((await usPost(client, '/us-signin', { identity: JOE.email, passcode: JOE.password })).status).toBe(
    200,
  );
}

describeEachDatabase('unified re-authentication', { config: US_CONFIG }, ({ it, open }) => {
  it('answers an anonymous caller 401, and a signed-in one the methods it set up', async () => {
    const app = await open();
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    expect((await client.getJson('/us-verify')).status).toBe(401);
    await signIn(client);
    const res = await client.getJson('/us-verify');
    expect(res.body).toEqual({
      available_methods: ['password', 'email', 'authenticator', 'sms'],
      code_methods: ['email', 'sms'],
      csrf_token: expect.any(String),
      has_webauthn_verify_credential: false,
    });
  });

  it('a mailed re-authentication code (no link) refreshes freshness; a wrong one is refused', async () => {
    const clock = createFakeClock(Date.now());
    const app = await open({ clock });
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    await signIn(client);
    clock.advanceSeconds(61);
    expect((await client.getJson('/api/fresh')).status).toBe(401);
    const before = app.sink.messages.length;
    expect((await usPost(client, '/us-verify/send-code', { chosen_method: 'email' })).status).toBe(200);
    await app.deliver();
    const mail = await app.sink.waitFor((m) => app.sink.messages.indexOf(m) >= before, 5000);
    expect(mail.text).not.toContain('/us-verify-link');
    const wrong = await usPost(client, '/us-verify', { passcode: 'not it' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.field_errors).toEqual({ passcode: ['Password or code submitted is not valid'] });
    const ok = await usPost(client, '/us-verify?include_auth_token', { passcode: codeIn(mail) });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toEqual({ authentication_token: expect.any(String) });
    expect((await client.getJson('/api/fresh')).status).toBe(200);
  });

  it('re-authenticates with the unified-sign-in authenticator', async () => {
    const clock = createFakeClock(Date.now());
    const app = await open({ clock });
    const secret = await withUsAuthenticator(app.t, await userNamed(app.t));
    const client = app.t.client();
    await signIn(client);
    clock.advanceSeconds(61);
    const res = await usPost(client, '/us-verify', { passcode: totpCode(secret, clock.nowMs()) });
    expect(res.status).toBe(200);
    expect((await client.getJson('/api/fresh')).status).toBe(200);
  });

  it('send-code refuses a method that sends nothing, a missing one and one not set up, as upstream', async () => {
    const app = await open();
    const client = app.t.client();
    await signIn(client);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ chosen_method: 'authenticator' }, 'Not a valid choice.'],
      [{}, 'Requested method is not valid'],
      [{ chosen_method: 'email' }, 'Requested method is not valid'],
    ];
    for (const [body, message] of cases) {
      const res = await usPost(client, '/us-verify/send-code', body);
      expect(res.status).toBe(400);
      expect(res.body.field_errors).toEqual({ chosen_method: [message] });
    }
  });

  it('with usSigninReplacesLogin, guards send browsers to /us-signin and /us-verify', async () => {
    const clock = createFakeClock(Date.now());
    const app = await open({ clock, config: { usSigninReplacesLogin: true } });
    const client = app.t.client();
    const anonymous = await client.get('/api/session-only');
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe('/us-signin?next=%2Fapi%2Fsession-only');
    await signIn(client);
    clock.advanceSeconds(61);
    const stale = await client.get('/api/fresh');
    expect(stale.location).toBe('/us-verify?next=%2Fapi%2Ffresh');
    const json = await client.getJson('/api/fresh');
    expect(json.body).toMatchObject({ reauth_required: true, unified_signin_enabled: true });
  });
});
