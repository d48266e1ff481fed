import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import type { TestClient } from '../../testing/test-client.js';

const NEW_PASSWORD = 'a brand new secret 77';

async function requestReset(client: TestClient, email: string) {
  const page = await client.getJson('/reset');
  return client.post('/reset', { json: { email, csrf_token: page.body.csrf_token } });
}

async function setPassword(client: TestClient, path: string, password: string, query = '') {
  const page = await client.getJson(path);
  expect(page.status).toBe(200);
  return client.post(`${path}${query}`, {
    json: { password, password_confirm: password, csrf_token: page.body.csrf_token },
  });
}

describeEachDatabase('password reset over mail', { config: { recoverable: true } }, ({ it, open }) => {
  it('mails a link; the link sets a new password; the old one is refused, the new one accepted', async () => {
    const app = await open();
    const client = app.t.client();
    const asked = await requestReset(client, JOE.email);
    expect(asked.status).toBe(200);
    expect(Object.keys(asked.body)).toEqual(['csrf_token']);

    const mail = await app.mailTo(JOE.email, 'Password reset instructions');
    const path = app.linkPath(mail);
    expect(path).toMatch(/^\/reset\/[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    expect(mail.text).toContain('http://app.test/reset/');

    const done = await setPassword(client, path, NEW_PASSWORD);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({});
    expect((await client.getJson('/api/session-only')).status).toBe(401);

    expect((await loginJson(app.t.client(), JOE)).status).toBe(400);
    expect((await loginJson(app.t.client(), { ...JOE, password: NEW_PASSWORD })).status).toBe(200);
    const notice = await app.mailTo(JOE.email, 'Your password has been reset');
    expect(notice.text).not.toContain('/reset/');
  });

  it('ends every other session and token of the user', async () => {
    const app = await open();
    const browser = app.t.client();
    await loginJson(browser, JOE);
    const login = await loginJson(app.t.client(), JOE, '?include_auth_token');
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    expect((await browser.getJson('/api/session-only')).status).toBe(200);
    expect((await app.t.client().getJson('/api/token', { 'Authentication-Token': token })).status).toBe(200);

    const other = app.t.client();
    await requestReset(other, JOE.email);
    const path = app.linkPath(await app.mailTo(JOE.email, 'Password reset instructions'));
    expect((await setPassword(other, path, NEW_PASSWORD)).status).toBe(200);

    expect((await browser.getJson('/api/session-only')).status).toBe(401);
    expect((await app.t.client().getJson('/api/token', { 'Authentication-Token': token })).status).toBe(401);
  });

  it('with autoLoginAfterReset signs the client in and returns a token on request', async () => {
    const app = await open({ config: { autoLoginAfterReset: true } });
    const client = app.t.client();
    await requestReset(client, JOE.email);
    const path = app.linkPath(await app.mailTo(JOE.email, 'Password reset instructions'));
    const done = await setPassword(client, path, NEW_PASSWORD, '?include_auth_token');
    expect(done.status).toBe(200);
    expect(done.body.csrf_token).toEqual(expect.any(String));
    const token = (done.body.user as { authentication_token: string }).authentication_token;
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
    expect((await app.t.client().getJson('/api/token', { 'Authentication-Token': token })).status).toBe(200);
  });
});
