import { expect } from 'vitest';
import { ADMIN, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock, type FakeClock } from '../../../test/fixtures/fake-clock.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import type { TestClient } from '../../testing/test-client.js';

async function changeTo(client: TestClient, username: unknown) {
  const page = await client.getJson('/change-username');
  return client.post('/change-username', { json: { username, csrf_token: page.body.csrf_token } });
}

describeEachDatabase('change-username refusals', {}, ({ it, open: openApp }) => {
  let clock: FakeClock;
  async function open(config: Record<string, unknown> = {}): Promise<{ app: MailApp; client: TestClient }> {
    clock = createFakeClock();
    const app = await openApp({
      clock,
      config: { usernameEnable: true, changeUsername: true, ...config },
    });
    for (const [email, username] of [
      [JOE.email, 'joey'],
      [ADMIN.email, 'admin'],
    ] as const) {
      const user = await app.t.datastore.findUserByIdentity('email', email);
      if (user) await app.t.datastore.updateUser(user, { username });
    }
    const client = app.t.client();
    await loginJson(client, JOE);
    return { app, client };
  }

  it.each([
    ['a missing username', undefined, 'Username not provided'],
    ['a blank username', '   ', 'Username not provided'],
    ['a too short username', 'abc', 'Username must be at least 4 characters and less than 32 characters'],
    ['a username with a space', 'joe smith', 'Username contains illegal characters'],
    ['a username with punctuation', 'joe!', 'Username can contain only letters and numbers'],
    ['the username of another account', 'admin', 'admin is already associated with an account.'],
    ['the current username', 'joey', 'joey is already associated with an account.'],
  ])('refuses %s with 400 and writes nothing', async (_name, username, message) => {
    const { app, client } = await open();
    const changed: unknown[] = [];
    app.t.security.events.on('usernameChanged', (e) => void changed.push(e));
    const res = await changeTo(client, username);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      csrf_token: expect.any(String),
      errors: [message],
      field_errors: { username: [message] },
    });
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.username).toBe('joey');
    expect(await app.t.datastore.listMail(10)).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('refuses a post without the CSRF token', async () => {
    const { app, client } = await open();
    const res = await client.post('/change-username', { json: { username: 'joseph' } });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ csrf_token: ['The CSRF token is missing.'] });
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.username).toBe('joey');
  });

  it('answers an anonymous caller with 401', async () => {
    const { app } = await open();
    expect((await app.t.client().getJson('/change-username')).status).toBe(401);
  });

  it('requires a fresh sign-in', async () => {
    const { app, client } = await open({ freshness: 60, freshnessGracePeriod: 0 });
    const page = await client.getJson('/change-username');
    clock.advanceSeconds(61);
    expect((await client.getJson('/change-username')).body).toMatchObject({ reauth_required: true });
    const res = await client.post('/change-username', {
      json: { username: 'joseph', csrf_token: page.body.csrf_token },
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ reauth_required: true });
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.username).toBe('joey');
  });

  it('is not served without usernameEnable', async () => {
    const app = await openApp({ config: { changeUsername: true } });
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await client.getJson('/change-username')).status).toBe(404);
  });
});
