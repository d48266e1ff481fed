import { expect, vi } from 'vitest';
import { ADMIN, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import type { TestClient } from '../../testing/test-client.js';

async function recover(client: TestClient, email: unknown) {
  const page = await client.getJson('/recover-username');
  return client.post('/recover-username', { json: { email, csrf_token: page.body.csrf_token } });
}

function withoutCsrf(body: Record<string, unknown>): Record<string, unknown> {
  const { csrf_token: _token, ...rest } = body;
  return rest;
}

describeEachDatabase('username recovery', {}, ({ it, open: openApp }) => {
  async function open(config: Record<string, unknown> = {}): Promise<MailApp> {
    const app = await openApp({
      config: { usernameEnable: true, usernameRecovery: true, ...config },
    });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    if (joe) await app.t.datastore.updateUser(joe, { username: 'joey42' });
    return app;
  }

  it('gives an anonymous caller a CSRF token', async () => {
    const app = await open();
    const page = await app.t.client().getJson('/recover-username');
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ csrf_token: expect.any(String) });
  });

  it('mails the username to the account address', async () => {
    const app = await open();
    const res = await recover(app.t.client(), 'JOE@example.COM');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ csrf_token: expect.any(String) });
    const mail = await app.mailTo(JOE.email, 'Your requested username');
    expect(mail.text).toContain('Your username is: joey42');
    expect(mail.text).toContain('http://app.test/login');
  });

  it.each([
    ['an unknown address', 'ghost@example.com'],
    ['an account without a username', ADMIN.email],
  ])('answers %s exactly the same and mails nothing', async (_name, email) => {
    const app = await open();
    const known = await recover(app.t.client(), JOE.email);
    await app.mailTo(JOE.email, 'Your requested username');
    const other = await recover(app.t.client(), email);
    expect(other.status).toBe(known.status);
    expect(withoutCsrf(other.body)).toEqual(withoutCsrf(known.body));
    await app.deliver();
    expect(app.sink.messages.map((m) => m.to)).toEqual([JOE.email]);
  });

  it('mails nothing for a disabled account', async () => {
    const app = await open();
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    if (joe) await app.t.datastore.deactivateUser(joe);
    expect((await recover(app.t.client(), JOE.email)).status).toBe(200);
    // Only the decoy (equal work), already marked delivered: nothing for the worker to send.
    const mails = await app.t.datastore.listMail(10);
    expect(mails.map((m) => [m.kind, m.to, m.sentAt !== null])).toEqual([['decoy', '', true]]);
    expect(await app.deliver()).toBe(0);
  });

  it('emits usernameRecoverySent only when a mail went out', async () => {
    const app = await open();
    const sent = vi.fn();
    app.t.security.events.on('usernameRecoverySent', ({ user }) => sent(user.email));
    await recover(app.t.client(), 'ghost@example.com');
    await recover(app.t.client(), JOE.email);
    expect(sent.mock.calls).toEqual([[JOE.email]]);
  });

  it('refuses a malformed address with a field error', async () => {
    const app = await open();
    const res = await recover(app.t.client(), 'not-an-email');
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ email: ['Invalid email address'] });
  });

  it('refuses a post without the CSRF token', async () => {
    const app = await open();
    const res = await app.t.client().post('/recover-username', { json: { email: JOE.email } });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ csrf_token: ['The CSRF token is missing.'] });
    expect(await app.t.datastore.listMail(10)).toEqual([]);
  });

  it('is for anonymous callers only', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const res = await client.getJson('/recover-username');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(['You can only access this endpoint when not logged in.']);
    const posted = await client.post('/recover-username', {
      json: { email: JOE.email },
      headers: { accept: 'application/json' },
    });
    expect(posted.status).toBe(400);
    expect(await app.t.datastore.listMail(10)).toEqual([]);
  });

  it('is not served unless usernameRecovery is on', async () => {
    const app = await openApp();
    expect((await app.t.client().getJson('/recover-username')).status).toBe(404);
  });
});
