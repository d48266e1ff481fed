/**
 * /wan-verify (issue 11 item 6): a key re-authenticates the signed-in user (fs_paa moves to now);
 * only that user's keys count, the state works once, and wanAllowAsVerify limits the usages.
 * On SQLite and PostgreSQL.
 */
import { expect } from 'vitest';
import { ADMIN, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { SoftAuthenticator } from '../../../test/fixtures/soft-authenticator.js';
import { postWithCsrf, seedKey, signInWithKey, startSignin } from '../../../test/fixtures/webauthn-signin.js';
import { MESSAGES } from '../../messages.js';
import type { TestSecurityOverrides } from '../../testing/create-test-security.js';

describeEachDatabase('webauthn verify', { config: { webauthn: true } }, ({ it, open }) => {
  /** Joe signed in (with his key as second factor when it is secondary), then stale. */
  async function staleJoe(overrides: TestSecurityOverrides = {}, usage: 'first' | 'secondary' = 'first') {
    const clock = createFakeClock();
    const app = await open({ clock, ...overrides });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    const authenticator = new SoftAuthenticator();
    const key = await seedKey(app.t, joe!, authenticator, { name: 'Yubi', usage });
    const client = app.t.client();
    await loginJson(client, JOE);
    if (usage === 'secondary') expect((await signInWithKey(client, authenticator)).status).toBe(200);
    expect((await client.getJson('/api/session-only')).status).toBe(200);
    clock.advanceSeconds(120); // /api/fresh wants an authentication within 60 s
    expect((await client.getJson('/api/fresh')).status).toBe(401);
    return { app, clock, client, authenticator, key };
  }

  it.each(['first', 'secondary'] as const)(
    "the user's %s key makes the session fresh again",
    async (usage) => {
      const { app, client, authenticator, key } = await staleJoe({}, usage);
      const reauthenticated: string[] = [];
      app.t.security.events.on('reauthenticated', ({ user }) => {
        reauthenticated.push(user.email);
      });
      expect((await client.getJson('/wan-verify')).status).toBe(200);
      const started = await startSignin(client, {}, '/wan-verify');
      expect(Object.keys(started.body).sort()).toEqual(['credential_options', 'csrf_token', 'wan_state']);
      expect(started.options.allowCredentials?.map((c) => c.id)).toEqual([key.credentialId]);
      const credential = authenticator.authenticate(started.options);
      const answer = await postWithCsrf(client, `/wan-verify/${started.state}`, { credential });
      expect(answer.status).toBe(200);
      expect((await client.getJson('/api/fresh')).status).toBe(200);
      expect(reauthenticated).toEqual([JOE.email]);
    },
  );

  it("another user's key does not count, and the state is gone after one try", async () => {
    const { app, client } = await staleJoe();
    const admin = await app.t.datastore.findUserByIdentity('email', ADMIN.email);
    const admins = new SoftAuthenticator();
    const adminKey = await seedKey(app.t, admin!, admins, { name: 'A', usage: 'first' });
    const started = await startSignin(client, {}, '/wan-verify');
    const credential = admins.authenticate(started.options, { credentialId: adminKey.credentialId });
    const answer = await postWithCsrf(client, `/wan-verify/${started.state}`, { credential });
    expect(answer.status).toBe(400);
    expect(answer.body.field_errors).toEqual({ credential: [MESSAGES.WEBAUTHN_UNKNOWN_CREDENTIAL_ID] });
    expect((await client.getJson('/api/fresh')).status).toBe(401);
    const again = await postWithCsrf(client, `/wan-verify/${started.state}`, { credential });
    expect(again.body.errors).toEqual([MESSAGES.API_ERROR]);
  });

  it('a sign-in state does not verify, and a verify state does not sign in', async () => {
    const { client, authenticator } = await staleJoe();
    const started = await startSignin(client, {}, '/wan-verify');
    const credential = authenticator.authenticate(started.options);
    // Posted to the sign-in answer instead: refused (and the signed-in caller stays stale).
    const crossed = await postWithCsrf(client, `/wan-signin/${started.state}`, { credential });
    expect(crossed.status).toBe(400);
    expect((await client.getJson('/api/fresh')).status).toBe(401);
  });

  it('stale answers and GET /verify advertise has_webauthn_verify_credential', async () => {
    const { app, clock, client } = await staleJoe();
    const stale = await client.getJson('/api/fresh');
    expect(stale.body).toMatchObject({ reauth_required: true, has_webauthn_verify_credential: true });
    expect((await client.getJson('/verify')).body.has_webauthn_verify_credential).toBe(true);
    const admin = app.t.client();
    await loginJson(admin, ADMIN);
    clock.advanceSeconds(120);
    expect((await admin.getJson('/api/fresh')).body.has_webauthn_verify_credential).toBe(false);
    expect((await admin.getJson('/verify')).body.has_webauthn_verify_credential).toBe(false);
  });

  it('GET /us-verify (unified sign-in) advertises it too', async () => {
    const { client } = await staleJoe({
      config: { unifiedSignin: true, usEnabledMethods: ['password', 'email'] },
    });
    expect((await client.getJson('/us-verify')).body.has_webauthn_verify_credential).toBe(true);
  });

  it('with wanAllowAsVerify empty, stale answers say false', async () => {
    const { client } = await staleJoe({ config: { wanAllowAsVerify: [] } });
    expect((await client.getJson('/api/fresh')).body.has_webauthn_verify_credential).toBe(false);
  });

  it('needs a signed-in caller', async () => {
    const clock = createFakeClock();
    const app = await open({ clock });
    const client = app.t.client();
    expect((await client.getJson('/wan-verify')).status).toBe(401);
    expect((await postWithCsrf(client, '/wan-verify', {})).status).toBe(401);
  });

  it('wanAllowAsVerify limits the usages: ["first"] refuses a secondary key', async () => {
    const { client, authenticator } = await staleJoe(
      { config: { wanAllowAsVerify: ['first'] } },
      'secondary',
    );
    const answer = await signInWithKey(client, authenticator, { path: '/wan-verify' });
    expect(answer.status).toBe(400);
    expect((await client.getJson('/api/fresh')).status).toBe(401);
  });

  it('wanAllowAsVerify empty switches it off', async () => {
    const { client } = await staleJoe({ config: { wanAllowAsVerify: [] } });
    expect((await client.getJson('/wan-verify')).status).toBe(404);
  });
});
