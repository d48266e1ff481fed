import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import type { TestClient } from '../../testing/test-client.js';

async function changeTo(client: TestClient, username: string) {
  const page = await client.getJson('/change-username');
  return client.post('/change-username', { json: { username, csrf_token: page.body.csrf_token } });
}

async function loginByUsername(client: TestClient, username: string) {
  const page = await client.getJson('/login');
  return client.post('/login', {
    json: { username, password: JOE.password, csrf_token: page.body.csrf_token },
  });
}

describeEachDatabase('changing the username', {}, ({ it, open: openApp }) => {
  async function open(config: Record<string, unknown> = {}): Promise<{ app: MailApp; client: TestClient }> {
    const app = await openApp({
      config: { usernameEnable: true, changeUsername: true, ...config },
    });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    if (!joe) throw new Error('no joe');
    await app.t.datastore.updateUser(joe, { username: 'joe' });
    const client = app.t.client();
    await loginJson(client, JOE);
    return { app, client };
  }

  it('shows the current username and a CSRF token', async () => {
    const { client } = await open();
    const page = await client.getJson('/change-username');
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ csrf_token: expect.any(String), current_username: 'joe', user: {} });
  });

  it('changes it: the new username signs in, the old one no longer', async () => {
    const { app, client } = await open();
    expect((await loginByUsername(app.t.client(), 'joe')).status).toBe(200);
    const res = await changeTo(client, 'joseph');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ csrf_token: expect.any(String), user: {} });

    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.username).toBe('joseph');
    expect((await loginByUsername(app.t.client(), 'joseph')).status).toBe(200);
    const old = await loginByUsername(app.t.client(), 'joe');
    expect(old.status).toBe(400);
    expect((await client.getJson('/change-username')).body.current_username).toBe('joseph');
  });

  it('mails a notice to the account address', async () => {
    const { app, client } = await open();
    await changeTo(client, 'joseph');
    const notice = await app.mailTo(JOE.email, 'Your username has been changed');
    expect(notice.text).toContain('joseph');
  });

  it('mails nothing with sendUsernameChangeEmail off', async () => {
    const { app, client } = await open({ sendUsernameChangeEmail: false });
    expect((await changeTo(client, 'joseph')).status).toBe(200);
    expect(await app.t.datastore.listMail(10)).toEqual([]);
  });

  it('emits usernameChanged with the old username', async () => {
    const { app, client } = await open();
    const seen: string[] = [];
    app.t.security.events.on('usernameChanged', ({ user, oldUsername }) => {
      seen.push(`${oldUsername}->${user.username}`);
    });
    await changeTo(client, 'joseph');
    expect(seen).toEqual(['joe->joseph']);
  });

  it('stores the username as normalized (NFKD by default)', async () => {
    const { app, client } = await open();
    expect((await changeTo(client, 'Ｊｏｓｅｐｈ')).status).toBe(200);
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.username).toBe('Joseph');
  });
});
