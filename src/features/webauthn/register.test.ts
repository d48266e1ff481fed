/** /wan-register through the API with a software authenticator (issue 11 item 3). */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import {
  postJson,
  registerKey,
  SoftAuthenticator,
  startRegistration,
  WEBAUTHN_CONFIG,
} from '../../../test/fixtures/webauthn.js';

describeEachDatabase('webauthn registration', { config: WEBAUTHN_CONFIG }, ({ it, open }) => {
  it('registers a key: stored, listed with upstream fields, mailed about, announced', async () => {
    const app = await open();
    const registered: string[] = [];
    app.t.security.events.on('wanRegistered', ({ name }) => {
      registered.push(name);
    });
    const client = app.t.client();
    await loginJson(client, JOE);
    const { options, state } = await startRegistration(client, { name: 'Laptop', usage: 'first' });
    expect(options.rp).toEqual({ id: 'app.test', name: 'My Flask App' });
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'preferred',
      userVerification: 'preferred',
    });
    expect(options.extensions).toEqual({ credProps: true });
    expect(options.excludeCredentials).toEqual([]);
    const authenticator = new SoftAuthenticator();
    const answer = await postJson(client, `/wan-register/${state}`, {
      credential: authenticator.register(options),
    });
    expect(answer.status).toBe(200);
    expect(registered).toEqual(['Laptop']);

    const list = await client.getJson('/wan-register');
    expect(list.status).toBe(200);
    expect(list.body.registered_credentials).toEqual([
      {
        name: 'Laptop',
        credential_id: authenticator.credentials[0]?.id,
        transports: ['internal', 'hybrid'],
        lastuse: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        usage: 'first',
        backup_state: false,
        device_type: 'multi_device',
        discoverable: true,
      },
    ]);
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    const handle = await app.t.datastore.ensureWebAuthnUserHandle(joe!.id);
    expect(Buffer.from(options.user.id, 'base64url').toString('utf8')).toBe(handle);
    expect((await app.mailTo(JOE.email, 'A security key was added')).text).toContain('"Laptop"');
  });

  it('secondary keys discourage user verification, and usage defaults to secondary', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const { options } = await startRegistration(client, { name: 'Yubi' });
    expect(options.authenticatorSelection?.userVerification).toBe('discouraged');
    expect((await registerKey(client, new SoftAuthenticator(), { name: 'Key' })).status).toBe(200);
    const list = await client.getJson('/wan-register');
    expect(list.body.registered_credentials).toMatchObject([{ name: 'Key', usage: 'secondary' }]);
  });

  it('with wanAllowAsFirstFactor off, every key is secondary', async () => {
    const app = await open({ config: { wanAllowAsFirstFactor: false } });
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await registerKey(client, new SoftAuthenticator(), { name: 'K', usage: 'first' })).status).toBe(
      200,
    );
    expect((await client.getJson('/wan-register')).body.registered_credentials).toMatchObject([
      { usage: 'secondary' },
    ]);
  });

  it('without user hints, asks for a discoverable key', async () => {
    const app = await open({ config: { wanAllowUserHints: false } });
    const client = app.t.client();
    await loginJson(client, JOE);
    const { options } = await startRegistration(client, { name: 'K' });
    expect(options.authenticatorSelection?.residentKey).toBe('required');
  });

  it('excludes the keys already registered, and refuses the same key twice', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const authenticator = new SoftAuthenticator();
    expect((await registerKey(client, authenticator, { name: 'One' })).status).toBe(200);
    const { options, state } = await startRegistration(client, { name: 'Two' });
    expect(options.excludeCredentials).toEqual([
      { id: authenticator.credentials[0]?.id, type: 'public-key', transports: ['internal', 'hybrid'] },
    ]);
    // A browser would not offer it again; an answer with it anyway is refused by the server.
    const again = authenticator.register(options, { credentialId: authenticator.credentials[0]?.id });
    const refused = await postJson(client, `/wan-register/${state}`, { credential: again });
    expect(refused.status).toBe(400);
    expect(refused.body.field_errors).toEqual({ credential: ['WebAuthn credential id already registered.'] });
    expect((await client.getJson('/wan-register')).body.registered_credentials).toHaveLength(1);
  });

  it('refuses an answer whose credential id is not the one the authenticator attested', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const { options, state } = await startRegistration(client, { name: 'Forged' });
    const answer = JSON.parse(new SoftAuthenticator().register(options)) as Record<string, unknown>;
    const otherId = Buffer.alloc(32, 7).toString('base64url');
    const forged = JSON.stringify({ ...answer, id: otherId, rawId: otherId });
    const refused = await postJson(client, `/wan-register/${state}`, { credential: forged });
    expect(refused.status).toBe(400);
    expect(refused.body.field_errors).toHaveProperty('credential');
    expect((await client.getJson('/wan-register')).body.registered_credentials).toEqual([]);
  });

  it('refuses a name the user already has, at start and at the answer', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const first = await startRegistration(client, { name: 'Dup' });
    const second = await startRegistration(client, { name: 'Dup' });
    const authenticator = new SoftAuthenticator();
    const ok = await postJson(client, `/wan-register/${first.state}`, {
      credential: authenticator.register(first.options),
    });
    expect(ok.status).toBe(200);
    const late = await postJson(client, `/wan-register/${second.state}`, {
      credential: authenticator.register(second.options),
    });
    expect(late.status).toBe(400);
    expect(late.body.field_errors).toEqual({ credential: ['Dup is already associated with a credential.'] });
    const start = await postJson(client, '/wan-register', { name: 'Dup' });
    expect(start.status).toBe(400);
    expect(start.body.field_errors).toEqual({ name: ['Dup is already associated with a credential.'] });
  });

  it('needs a signed-in, fresh caller for GET and POST; stale answers 401 reauth_required', async () => {
    const clock = createFakeClock();
    const app = await open({ clock });
    const anonymous = app.t.client();
    expect((await anonymous.getJson('/wan-register')).status).toBe(401);
    expect((await postJson(anonymous, '/wan-register', { name: 'x' })).status).toBe(401);
    const client = app.t.client();
    await loginJson(client, JOE);
    clock.advanceSeconds(601);
    for (const stale of [
      await client.getJson('/wan-register'),
      await postJson(client, '/wan-register', { name: 'x' }),
    ]) {
      expect(stale.status).toBe(401);
      expect(stale.body.reauth_required).toBe(true);
      expect(stale.body).toHaveProperty('has_webauthn_verify_credential');
    }
  });

  it('mails through the replaceable webauthnRegistered and webauthnDeleted mails', async () => {
    const app = await open({
      mails: {
        webauthnRegistered: ({ name }) => ({ subject: `Added ${name}`, text: 'added', html: '<p>added</p>' }),
        webauthnDeleted: ({ name }) => ({
          subject: `Removed ${name}`,
          text: 'removed',
          html: '<p>removed</p>',
        }),
      },
    });
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await registerKey(client, new SoftAuthenticator(), { name: 'Mine' })).status).toBe(200);
    expect((await app.mailTo(JOE.email, 'Added Mine')).text).toContain('added');
    expect((await postJson(client, '/wan-delete', { name: 'Mine' })).status).toBe(200);
    expect((await app.mailTo(JOE.email, 'Removed Mine')).text).toContain('removed');
  });

  it('is not served while webauthn is off', async () => {
    const app = await open({ config: { webauthn: false } });
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await client.getJson('/wan-register')).status).toBe(404);
  });
});
