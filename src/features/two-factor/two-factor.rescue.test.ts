/** /tf-rescue: a code by mail in place of the app, or a mail to the help desk (issue 9 item 5). */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { codeIn, TWO_FACTOR_CONFIG, withAuthenticator } from '../../../test/fixtures/two-factor.js';
import type { TestClient } from '../../testing/test-client.js';

async function post(client: TestClient, path: string, json: Record<string, unknown>) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: token } });
}

const RESCUE_CONFIG = { ...TWO_FACTOR_CONFIG, twoFactorRescueMail: 'helpdesk@example.com' };

describeEachDatabase('two-factor rescue', { config: RESCUE_CONFIG }, ({ it, open }) => {
  async function pendingJoe() {
    const app = await open();
    await withAuthenticator(app.t, (await app.t.datastore.findUserByIdentity('email', JOE.email))!);
    const client = app.t.client();
    expect((await loginJson(client, JOE)).body.tf_required).toBe(true);
    return { app, client };
  }

  it('lists the ways out for a pending sign-in only', async () => {
    const { app, client } = await pendingJoe();
    const options = { email: '/tf-rescue', help: '/tf-rescue' };
    expect((await client.getJson('/tf-rescue')).body.recovery_options).toEqual(options);
    expect((await client.getJson('/tf-validate')).body.recovery_options).toEqual(options);
    const page = await client.get('/tf-validate');
    expect(page.text).toContain('name="two_factor_rescue_form"');
    expect((await app.t.client().getJson('/tf-rescue')).status).toBe(400);
  });

  it('mails a single-use code to the account address that completes the sign-in', async () => {
    const { app, client } = await pendingJoe();
    const sent = await post(client, '/tf-rescue', { help_setup: 'email' });
    expect(sent.status).toBe(200);
    const code = codeIn(await app.mailTo(JOE.email, 'Two-factor Login'));
    expect((await post(client, '/tf-validate', { code })).status).toBe(200);
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
    const again = app.t.client();
    await loginJson(again, JOE);
    expect((await post(again, '/tf-validate', { code })).status).toBe(400);
  });

  it('mails the help desk, and refuses other choices', async () => {
    const { app, client } = await pendingJoe();
    expect((await post(client, '/tf-rescue', { help_setup: 'help' })).status).toBe(200);
    const mail = await app.mailTo('helpdesk@example.com', 'Two-factor Rescue');
    expect(mail.text).toContain(`${JOE.email} can not access mail account`);
    for (const help_setup of ['recovery_code', 'bogus', '']) {
      const refused = await post(client, '/tf-rescue', { help_setup });
      expect(refused.status).toBe(400);
      expect(refused.body.field_errors).toEqual({ help_setup: ['Not a valid choice.'] });
    }
  });

  it('counts each request against the pending sign-in, so it cannot flood a mailbox', async () => {
    const { app, client } = await pendingJoe();
    for (let i = 0; i < 5; i += 1)
      expect((await post(client, '/tf-rescue', { help_setup: 'help' })).status).toBe(200);
    const sixth = await post(client, '/tf-rescue', { help_setup: 'help' });
    expect(sixth.status).toBe(400);
    expect(sixth.body.field_errors).toEqual({ code: ['Too many codes were tried. Please sign in again.'] });
    expect(await app.deliver()).toBe(5);
  });

  it('offers only help when twoFactorRescueEmail is off', async () => {
    const app = await open({ config: { twoFactorRescueEmail: false } });
    await withAuthenticator(app.t, (await app.t.datastore.findUserByIdentity('email', JOE.email))!);
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await client.getJson('/tf-rescue')).body.recovery_options).toEqual({ help: '/tf-rescue' });
    expect((await post(client, '/tf-rescue', { help_setup: 'email' })).status).toBe(400);
  });
});
