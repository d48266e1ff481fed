import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import type { TestClient } from '../../testing/test-client.js';

const NEW_EMAIL = 'joe.new@example.org';

async function requestChange(client: TestClient, email: string) {
  const page = await client.getJson('/change-email');
  return client.post('/change-email', { json: { email, csrf_token: page.body.csrf_token } });
}

describeEachDatabase('changing the email address', { config: { changeEmail: true } }, ({ it, open }) => {
  it('shows the current address and a CSRF token to a signed-in caller', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const page = await client.getJson('/change-email');
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ csrf_token: expect.any(String), current_email: JOE.email, user: {} });
  });

  it('mails a link to the new address and a notice to the old one, and changes nothing yet', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const asked = await requestChange(client, NEW_EMAIL);
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({ csrf_token: expect.any(String), current_email: JOE.email, user: {} });

    const confirm = await app.mailTo(NEW_EMAIL, 'Confirm your new email address');
    expect(app.linkPath(confirm)).toMatch(/^\/change-email\/[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    expect(confirm.text).toContain('http://app.test/change-email/');
    expect(confirm.text).toContain('2 hours');
    const notice = await app.mailTo(JOE.email, 'A change of your email address was requested');
    expect(notice.text).toContain(NEW_EMAIL);
    expect(notice.text).not.toContain('/change-email/');

    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.email).toBe(JOE.email);
    expect((await loginJson(app.t.client(), JOE)).status).toBe(200);
    expect((await loginJson(app.t.client(), { ...JOE, email: NEW_EMAIL })).status).toBe(400);
  });

  it('switches the address when the link is followed: the new one signs in, the old one no longer', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    await requestChange(client, NEW_EMAIL);
    const path = app.linkPath(await app.mailTo(NEW_EMAIL, 'Confirm your new email address'));

    // Opened from the mail, in a browser that is not signed in.
    const followed = await app.t.client().get(path);
    expect(followed.status).toBe(302);
    expect(followed.location).toBe('/');

    const user = await app.t.datastore.findUserByIdentity('email', NEW_EMAIL);
    expect(user?.email).toBe(NEW_EMAIL);
    expect(user?.confirmedAt).toBeInstanceOf(Date);
    expect(await app.t.datastore.findUserByIdentity('email', JOE.email)).toBeNull();
    expect((await loginJson(app.t.client(), { ...JOE, email: NEW_EMAIL })).status).toBe(200);
    const old = await loginJson(app.t.client(), JOE);
    expect(old.status).toBe(400);
    expect(old.body.field_errors).toEqual({ email: ['Specified user does not exist'] });
    // Like upstream, the change does not sign anyone out.
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: NEW_EMAIL });
  });

  it('answers a JSON caller following the link with 200', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    await requestChange(client, NEW_EMAIL);
    const path = app.linkPath(await app.mailTo(NEW_EMAIL, 'Confirm your new email address'));
    const followed = await app.t.client().getJson(path);
    expect(followed.status).toBe(200);
    expect(followed.json).toEqual({ meta: { code: 200 }, response: {} });
    expect(followed.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('builds the link from externalUrl and urlPrefix, and serves it there', async () => {
    const app = await open({ config: { urlPrefix: '/auth', externalUrl: 'https://accounts.example.com' } });
    const client = app.t.client();
    const login = await client.getJson('/auth/login');
    await client.post('/auth/login', { json: { ...JOE, csrf_token: login.body.csrf_token } });
    const page = await client.getJson('/auth/change-email');
    await client.post('/auth/change-email', { json: { email: NEW_EMAIL, csrf_token: page.body.csrf_token } });
    const mail = await app.mailTo(NEW_EMAIL, 'Confirm');
    expect(mail.text).toContain('https://accounts.example.com/auth/change-email/');
    expect((await app.t.client().getJson(app.linkPath(mail))).status).toBe(200);
    expect((await app.t.datastore.findUserByIdentity('email', NEW_EMAIL))?.email).toBe(NEW_EMAIL);
  });

  it('emits changeEmailInstructionsSent and emailChanged', async () => {
    const app = await open();
    const seen: string[] = [];
    app.t.security.events.on('changeEmailInstructionsSent', ({ user, newEmail }) => {
      seen.push(`sent:${user.email}->${newEmail}`);
    });
    app.t.security.events.on('emailChanged', ({ user, oldEmail }) => {
      seen.push(`changed:${oldEmail}->${user.email}`);
    });
    const client = app.t.client();
    await loginJson(client, JOE);
    await requestChange(client, NEW_EMAIL);
    await app.t.client().get(app.linkPath(await app.mailTo(NEW_EMAIL, 'Confirm')));
    expect(seen).toEqual([`sent:${JOE.email}->${NEW_EMAIL}`, `changed:${JOE.email}->${NEW_EMAIL}`]);
  });
});
