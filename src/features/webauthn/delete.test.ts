/** /wan-delete (issue 11 item 7): fresh, by name, never the last way into a password-less account. */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import {
  postJson,
  registerKey,
  SoftAuthenticator,
  WEBAUTHN_CONFIG,
} from '../../../test/fixtures/webauthn.js';
import type { TestClient } from '../../testing/test-client.js';

async function names(client: TestClient): Promise<string[]> {
  const list = (await client.getJson('/wan-register')).body.registered_credentials as Array<{ name: string }>;
  return list.map((cred) => cred.name);
}

describeEachDatabase('webauthn delete', { config: WEBAUTHN_CONFIG }, ({ it, open }) => {
  it('deletes a key by name, mails a notice and announces it', async () => {
    const app = await open();
    const deleted: string[] = [];
    app.t.security.events.on('wanDeleted', ({ name }) => {
      deleted.push(name);
    });
    const client = app.t.client();
    await loginJson(client, JOE);
    const authenticator = new SoftAuthenticator();
    expect((await registerKey(client, authenticator, { name: 'Old' })).status).toBe(200);
    expect((await registerKey(client, authenticator, { name: 'New' })).status).toBe(200);
    const answer = await postJson(client, '/wan-delete', { name: 'Old' });
    expect(answer.status).toBe(200);
    expect(await names(client)).toEqual(['New']);
    expect(deleted).toEqual(['Old']);
    expect((await app.mailTo(JOE.email, 'A security key was removed')).text).toContain('"Old"');
  });

  it('answers 400 for a name the user does not have, or none', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const missing = await postJson(client, '/wan-delete', { name: 'Nope' });
    expect(missing.status).toBe(400);
    expect(missing.body.field_errors).toEqual({ name: ['Nope not registered with current user.'] });
    expect((await postJson(client, '/wan-delete', {})).status).toBe(400);
    expect((await postJson(client, '/wan-delete', { name: ['a'] })).status).toBe(400);
  });

  it('needs a fresh sign-in', async () => {
    const clock = createFakeClock();
    const app = await open({ clock });
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await registerKey(client, new SoftAuthenticator(), { name: 'K' })).status).toBe(200);
    clock.advanceSeconds(601);
    const stale = await postJson(client, '/wan-delete', { name: 'K' });
    expect(stale.status).toBe(401);
    expect(stale.body.reauth_required).toBe(true);
    expect(
      await app.t.datastore.listWebAuthnCredentials(
        (await app.t.datastore.findUserByIdentity('email', JOE.email))!.id,
      ),
    ).toHaveLength(1);
  });

  it("refuses to delete a password-less user's last first-factor key, not the others", async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const authenticator = new SoftAuthenticator();
    for (const [name, usage] of [
      ['A', 'first'],
      ['B', 'first'],
      ['S', 'secondary'],
    ]) {
      expect((await registerKey(client, authenticator, { name: name!, usage: usage! })).status).toBe(200);
    }
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    await app.t.datastore.updateUser(joe!, { password: null });
    expect((await postJson(client, '/wan-delete', { name: 'A' })).status).toBe(200);
    expect((await postJson(client, '/wan-delete', { name: 'S' })).status).toBe(200);
    const last = await postJson(client, '/wan-delete', { name: 'B' });
    expect(last.status).toBe(400);
    expect(last.body.field_errors).toEqual({
      name: ['This is the only way into your account: set a password or add another credential first.'],
    });
    expect(await names(client)).toEqual(['B']);
  });

  it('lets a user with a password delete every key', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    expect(
      (await registerKey(client, new SoftAuthenticator(), { name: 'Only', usage: 'first' })).status,
    ).toBe(200);
    expect((await postJson(client, '/wan-delete', { name: 'Only' })).status).toBe(200);
    expect(await names(client)).toEqual([]);
  });

  it('deleting the user deletes their keys', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const authenticator = new SoftAuthenticator();
    expect((await registerKey(client, authenticator, { name: 'K' })).status).toBe(200);
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    expect(await app.t.datastore.deleteUser(joe!)).toBe(true);
    expect(await app.t.datastore.findWebAuthnCredential(authenticator.credentials[0]!.id)).toBeNull();
  });
});
