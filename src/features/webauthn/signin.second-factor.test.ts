/**
 * WebAuthn as the second factor (issue 11 item 5): /login answers tf_method "webauthn" with
 * tf_signin_url, and /wan-signin completes the pending sign-in under the rules of
 * src/auth/pending-login.ts: no session before, only the pending user's secondary key, attempts
 * capped, expiry. On SQLite and PostgreSQL.
 */
import { expect } from 'vitest';
import { ADMIN, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import { SoftAuthenticator } from '../../../test/fixtures/soft-authenticator.js';
import { postWithCsrf, seedKey, signInWithKey, startSignin } from '../../../test/fixtures/webauthn-signin.js';
import { MESSAGES } from '../../messages.js';
import type { TestSecurityOverrides } from '../../testing/create-test-security.js';

async function withSecondaryKey(
  open: (o?: TestSecurityOverrides) => Promise<MailApp>,
  o?: TestSecurityOverrides,
) {
  const app = await open(o);
  const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
  const authenticator = new SoftAuthenticator();
  const key = await seedKey(app.t, joe!, authenticator, { name: 'Yubi', usage: 'secondary' });
  return { app, authenticator, key };
}

async function signedIn(client: ReturnType<MailApp['t']['client']>): Promise<number> {
  return (await client.getJson('/api/session-only')).status;
}

describeEachDatabase('webauthn as second factor', { config: { webauthn: true } }, ({ it, open }) => {
  it('a password holds the sign-in for the key: tf_method webauthn, no session until the key answers', async () => {
    const { app, authenticator, key } = await withSecondaryKey(open);
    const confirmed: string[] = [];
    app.t.security.events.on('tfCodeConfirmed', ({ method }) => {
      confirmed.push(method);
    });
    const client = app.t.client();
    const login = await loginJson(client, JOE, '?include_auth_token');
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      tf_required: true,
      tf_state: 'ready',
      tf_method: 'webauthn',
      tf_signin_url: '/wan-signin',
    });
    expect(login.body.user).toBeUndefined();
    expect(await signedIn(client)).toBe(401);

    expect((await client.getJson('/wan-signin')).body.is_secondary).toBe(true);
    const started = await startSignin(client);
    expect(started.body.is_secondary).toBe(true);
    expect(started.options.allowCredentials?.map((c) => c.id)).toEqual([key.credentialId]);
    expect(started.options.userVerification).toBe('discouraged');
    const credential = authenticator.authenticate(started.options, { userVerified: false });
    const answer = await postWithCsrf(client, `/wan-signin/${started.state}`, { credential });
    expect(answer.status).toBe(200);
    expect(await signedIn(client)).toBe(200);
    expect(confirmed).toEqual(['webauthn']);
  });

  it("the HTML login goes to the key's page", async () => {
    const { app } = await withSecondaryKey(open);
    const client = app.t.client();
    const page = await client.get('/login');
    const token = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const login = await client.post('/login', {
      form: { email: JOE.email, password: JOE.password, csrf_token: token },
    });
    expect(login.status).toBe(302);
    expect(login.location).toBe('/wan-signin');
  });

  it("another user's key cannot complete the pending sign-in", async () => {
    const { app } = await withSecondaryKey(open);
    const admin = await app.t.datastore.findUserByIdentity('email', ADMIN.email);
    const admins = new SoftAuthenticator();
    const adminKey = await seedKey(app.t, admin!, admins, { name: 'A', usage: 'secondary' });
    const client = app.t.client();
    await loginJson(client, JOE);
    const answer = await signInWithKey(client, admins, {
      overrides: { credentialId: adminKey.credentialId },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.field_errors).toEqual({ credential: [MESSAGES.WEBAUTHN_UNKNOWN_CREDENTIAL_ID] });
    expect(await signedIn(client)).toBe(401);
  });

  it('a first-factor key is not a second factor', async () => {
    const { app } = await withSecondaryKey(open);
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    const passkey = new SoftAuthenticator();
    const first = await seedKey(app.t, joe!, passkey, { name: 'Phone', usage: 'first' });
    const client = app.t.client();
    await loginJson(client, JOE);
    const answer = await signInWithKey(client, passkey, { overrides: { credentialId: first.credentialId } });
    expect(answer.status).toBe(400);
    expect(await signedIn(client)).toBe(401);
  });

  it('wrong answers are capped: past twoFactorMaxAttempts the pending sign-in is gone', async () => {
    const { app, authenticator } = await withSecondaryKey(open, { config: { twoFactorMaxAttempts: 2 } });
    const client = app.t.client();
    await loginJson(client, JOE);
    const bad = { overrides: { origin: 'https://evil.example' } };
    expect((await signInWithKey(client, authenticator, bad)).status).toBe(400);
    const last = await signInWithKey(client, authenticator, bad);
    expect(last.status).toBe(400);
    expect(last.body.field_errors).toEqual({ code: [MESSAGES.TWO_FACTOR_TOO_MANY_ATTEMPTS] });
    // The pending sign-in is gone: even a good answer is now a first-factor try with a secondary key.
    const after = await signInWithKey(client, authenticator);
    expect(after.status).toBe(400);
    expect(await signedIn(client)).toBe(401);
  });

  it('an expired pending sign-in cannot be completed by the key', async () => {
    const clock = createFakeClock();
    const { app, authenticator } = await withSecondaryKey(open, { clock });
    const client = app.t.client();
    await loginJson(client, JOE);
    const started = await startSignin(client);
    clock.advanceSeconds(app.t.security.config.twoFactorPendingLoginWithin + 1);
    const credential = authenticator.authenticate(started.options);
    const answer = await postWithCsrf(client, `/wan-signin/${started.state}`, { credential });
    expect(answer.status).toBe(400);
    expect(await signedIn(client)).toBe(401);
  });

  it('a recovery code stands in for a lost key', async () => {
    const { app, authenticator } = await withSecondaryKey(open, {
      config: { multiFactorRecoveryCodes: true },
    });
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await signInWithKey(client, authenticator)).status).toBe(200);
    const generated = await postWithCsrf(client, '/mf-recovery-codes', {});
    expect(generated.status).toBe(200);
    const [code] = generated.body.recovery_codes as string[];
    await postWithCsrf(client, '/logout', {});

    const lostKey = app.t.client();
    expect((await loginJson(lostKey, JOE)).body.tf_method).toBe('webauthn');
    // The key's page links to the recovery-code form.
    expect((await lostKey.get('/wan-signin')).text).toContain('<a id="wan-recovery" href="/mf-recovery">');
    expect((await postWithCsrf(lostKey, '/mf-recovery', { code })).status).toBe(200);
    expect(await signedIn(lostKey)).toBe(200);
  });

  it('HTTP Basic does not pass a user whose second factor is a key', async () => {
    const { app } = await withSecondaryKey(open);
    const basic = `Basic ${Buffer.from(`${JOE.email}:${JOE.password}`).toString('base64')}`;
    const answer = await app.t.client().get('/api/basic', { headers: { authorization: basic } });
    expect(answer.status).toBe(401);
  });
});
