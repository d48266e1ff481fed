/**
 * /wan-signin as a first factor through the API with a software authenticator (issue 11 item 4):
 * passkeys without an identity, keys of a hinted identity, user verification, and every refusal
 * (wrong origin, wrong RP ID, replayed state, another user's state, counter regression, secondary
 * key used alone) on SQLite and PostgreSQL.
 */
import { expect } from 'vitest';
import { ADMIN, JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import { SoftAuthenticator } from '../../../test/fixtures/soft-authenticator.js';
import { TWO_FACTOR_CONFIG, withAuthenticator } from '../../../test/fixtures/two-factor.js';
import { postWithCsrf, seedKey, signInWithKey, startSignin } from '../../../test/fixtures/webauthn-signin.js';
import type { User } from '../../datastore/types.js';
import { MESSAGES } from '../../messages.js';

async function userOf(app: MailApp, email: string): Promise<User> {
  const user = await app.t.datastore.findUserByIdentity('email', email);
  if (!user) throw new Error(`no ${email}`);
  return user;
}

async function signedIn(client: ReturnType<MailApp['t']['client']>): Promise<number> {
  return (await client.getJson('/api/session-only')).status;
}

describeEachDatabase('webauthn first-factor sign-in', { config: { webauthn: true } }, ({ it, open }) => {
  it('a passkey signs in without an identity, found by its user handle; upstream answer shapes', async () => {
    const app = await open();
    const authenticator = new SoftAuthenticator();
    await seedKey(app.t, await userOf(app, JOE.email), authenticator, { name: 'Phone', usage: 'first' });
    const methods: string[] = [];
    app.t.security.events.on('userAuthenticated', ({ method }) => {
      methods.push(method);
    });
    const client = app.t.client();
    const started = await startSignin(client, { remember: true });
    expect(Object.keys(started.body).sort()).toEqual([
      'credential_options',
      'csrf_token',
      'is_secondary',
      'remember',
      'wan_state',
    ]);
    expect(started.body).toMatchObject({ remember: true, is_secondary: false });
    expect(started.options.rpId).toBe('app.test');
    expect(started.options.allowCredentials).toBeUndefined();
    expect(started.options.userVerification).toBe('preferred');
    const credential = authenticator.authenticate(started.options);
    const answer = await postWithCsrf(client, `/wan-signin/${started.state}`, { credential });
    expect(answer.status).toBe(200);
    expect(answer.body.post_login_url).toBe('/');
    expect(await signedIn(client)).toBe(200);
    expect(methods).toEqual(['webauthn']);
  });

  it('an identity lists its first-factor keys; one without keys gets a decoy, the same every time', async () => {
    const app = await open();
    const joe = await userOf(app, JOE.email);
    const phone = await seedKey(app.t, joe, new SoftAuthenticator(), { name: 'Phone', usage: 'first' });
    await seedKey(app.t, joe, new SoftAuthenticator(), { name: 'Yubi', usage: 'secondary' });
    const client = app.t.client();
    const listed = await startSignin(client, { identity: JOE.email });
    expect(listed.options.allowCredentials?.map((c) => c.id)).toEqual([phone.credentialId]);
    // Joe's secondary key is a second factor to fall back on: UV is only preferred.
    expect(listed.options.userVerification).toBe('preferred');
    const admin = await userOf(app, ADMIN.email);
    const adminKey = await seedKey(app.t, admin, new SoftAuthenticator(), { name: 'A', usage: 'first' });
    const adminListed = await startSignin(client, { identity: ADMIN.email });
    expect(adminListed.options.allowCredentials?.map((c) => c.id)).toEqual([adminKey.credentialId]);
    // The admin has no other factor: the key must verify its user.
    expect(adminListed.options.userVerification).toBe('required');

    const decoy = async (identity: string) =>
      (await startSignin(client, { identity })).options.allowCredentials?.map((c) => c.id);
    const unknown = await decoy('nobody@example.com');
    expect(unknown).toHaveLength(1);
    expect(await decoy('nobody@example.com')).toEqual(unknown);
    expect(await decoy('someone@example.com')).toHaveLength(1);
    expect(await decoy('someone@example.com')).not.toEqual(unknown);
  });

  it('a key without user verification cannot sign in a user who has no other factor', async () => {
    const app = await open();
    const authenticator = new SoftAuthenticator();
    await seedKey(app.t, await userOf(app, JOE.email), authenticator, { name: 'Phone', usage: 'first' });
    const client = app.t.client();
    const answer = await signInWithKey(client, authenticator, { overrides: { userVerified: false } });
    expect(answer.status).toBe(400);
    expect(answer.body.field_errors).toEqual({
      credential: [expect.stringContaining('user verification is required')],
    });
    expect(await signedIn(client)).toBe(401);
  });

  it('with the identity given, the options require UV and an answer without it is refused', async () => {
    const app = await open();
    const authenticator = new SoftAuthenticator();
    await seedKey(app.t, await userOf(app, JOE.email), authenticator, { name: 'Phone', usage: 'first' });
    const client = app.t.client();
    const answer = await signInWithKey(client, authenticator, {
      fields: { identity: JOE.email },
      overrides: { userVerified: false },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.field_errors).toHaveProperty('credential');
    expect(await signedIn(client)).toBe(401);
  });

  it('a key of another user than the identity given is refused as unknown', async () => {
    const app = await open();
    await seedKey(app.t, await userOf(app, JOE.email), new SoftAuthenticator(), {
      name: 'J',
      usage: 'first',
    });
    const admins = new SoftAuthenticator();
    const adminKey = await seedKey(app.t, await userOf(app, ADMIN.email), admins, {
      name: 'A',
      usage: 'first',
    });
    const client = app.t.client();
    const answer = await signInWithKey(client, admins, {
      fields: { identity: JOE.email },
      overrides: { credentialId: adminKey.credentialId },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.field_errors).toEqual({ credential: [MESSAGES.WEBAUTHN_UNKNOWN_CREDENTIAL_ID] });
    expect(await signedIn(client)).toBe(401);
  });

  it('without UV, a user with another second factor gets tf_required and no session', async () => {
    const app = await open({ config: TWO_FACTOR_CONFIG });
    const joe = await userOf(app, JOE.email);
    await withAuthenticator(app.t, joe);
    const authenticator = new SoftAuthenticator();
    await seedKey(app.t, joe, authenticator, { name: 'Phone', usage: 'first' });
    const client = app.t.client();
    const answer = await signInWithKey(client, authenticator, { overrides: { userVerified: false } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ tf_required: true, tf_method: 'authenticator' });
    expect(await signedIn(client)).toBe(401);

    // With UV the same key is multi-factor: no second factor asked.
    const other = app.t.client();
    expect((await signInWithKey(other, authenticator)).status).toBe(200);
    expect(await signedIn(other)).toBe(200);
  });

  it('wanAllowAsMultiFactor off: even a verified key is one factor before the second', async () => {
    const app = await open({
      config: { ...TWO_FACTOR_CONFIG, wanAllowAsMultiFactor: false },
    });
    const joe = await userOf(app, JOE.email);
    await withAuthenticator(app.t, joe);
    const authenticator = new SoftAuthenticator();
    await seedKey(app.t, joe, authenticator, { name: 'Phone', usage: 'first' });
    const client = app.t.client();
    const answer = await signInWithKey(client, authenticator);
    expect(answer.body).toMatchObject({ tf_required: true });
    expect(await signedIn(client)).toBe(401);
  });

  it('a secondary key cannot sign in alone', async () => {
    const app = await open();
    const authenticator = new SoftAuthenticator();
    await seedKey(app.t, await userOf(app, JOE.email), authenticator, { name: 'Yubi', usage: 'secondary' });
    const client = app.t.client();
    const answer = await signInWithKey(client, authenticator);
    expect(answer.status).toBe(400);
    expect(answer.body.field_errors).toEqual({ credential: [MESSAGES.WEBAUTHN_CREDENTIAL_WRONG_USAGE] });
    expect(await signedIn(client)).toBe(401);
  });

  it('refuses a wrong origin and a wrong RP ID', async () => {
    const app = await open();
    const authenticator = new SoftAuthenticator();
    await seedKey(app.t, await userOf(app, JOE.email), authenticator, { name: 'Phone', usage: 'first' });
    const client = app.t.client();
    for (const overrides of [{ origin: 'https://evil.example' }, { rpId: 'evil.example' }]) {
      const answer = await signInWithKey(client, authenticator, { overrides });
      expect(answer.status).toBe(400);
      expect(answer.body.field_errors).toEqual({ credential: [expect.stringContaining('Could not verify')] });
    }
    expect(await signedIn(client)).toBe(401);
  });

  it('a wan_state works once: the replayed answer is refused with 400', async () => {
    const app = await open();
    const authenticator = new SoftAuthenticator();
    await seedKey(app.t, await userOf(app, JOE.email), authenticator, { name: 'Phone', usage: 'first' });
    const client = app.t.client();
    const started = await startSignin(client);
    const credential = authenticator.authenticate(started.options);
    expect((await postWithCsrf(client, `/wan-signin/${started.state}`, { credential })).status).toBe(200);
    const attacker = app.t.client();
    const replay = await postWithCsrf(attacker, `/wan-signin/${started.state}`, { credential });
    expect(replay.status).toBe(400);
    expect(replay.body.errors).toEqual([MESSAGES.API_ERROR]);
    expect(await signedIn(attacker)).toBe(401);
  });

  it("another browser's state is refused, even with a valid answer", async () => {
    const app = await open();
    const authenticator = new SoftAuthenticator();
    await seedKey(app.t, await userOf(app, JOE.email), authenticator, { name: 'Phone', usage: 'first' });
    const victim = app.t.client();
    const started = await startSignin(victim);
    const attacker = app.t.client();
    const credential = authenticator.authenticate(started.options);
    const answer = await postWithCsrf(attacker, `/wan-signin/${started.state}`, { credential });
    expect(answer.status).toBe(400);
    expect(await signedIn(attacker)).toBe(401);
  });

  it('a sign count that goes backwards refuses the key from then on', async () => {
    const app = await open();
    const authenticator = new SoftAuthenticator();
    const key = await seedKey(app.t, await userOf(app, JOE.email), authenticator, {
      name: 'Phone',
      usage: 'first',
    });
    const client = app.t.client();
    expect((await signInWithKey(client, authenticator, { overrides: { signCount: 5 } })).status).toBe(200);
    const clone = app.t.client();
    const answer = await signInWithKey(clone, authenticator, { overrides: { signCount: 3 } });
    expect(answer.status).toBe(400);
    expect(answer.body.field_errors).toEqual({ credential: [MESSAGES.WEBAUTHN_COUNTER_REGRESSED] });
    expect(
      (await app.t.datastore.findWebAuthnCredential(key.credentialId))?.counterRegressedAt,
    ).not.toBeNull();
    const later = await signInWithKey(app.t.client(), authenticator, { overrides: { signCount: 9 } });
    expect(later.status).toBe(400);
  });

  it('wanAllowAsFirstFactor off: /wan-signin is 404 for anyone not in a pending sign-in', async () => {
    const app = await open({ config: { wanAllowAsFirstFactor: false } });
    const client = app.t.client();
    expect((await client.getJson('/wan-signin')).status).toBe(404);
    expect((await postWithCsrf(client, '/wan-signin', {})).status).toBe(404);
  });

  it('bad credentials are a 400 on credential, never a 500', async () => {
    const app = await open();
    const client = app.t.client();
    for (const credential of ['not json', '{}', '[]', 'null', 'x'.repeat(70_000), 42, { id: 'x' }]) {
      const started = await startSignin(client);
      const answer = await postWithCsrf(client, `/wan-signin/${started.state}`, { credential });
      expect(answer.status).toBe(400);
    }
    const unknownState = await postWithCsrf(client, '/wan-signin/not-a-state', { credential: '{}' });
    expect(unknownState.status).toBe(400);
  });
});
