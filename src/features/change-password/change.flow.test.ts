import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import type { User } from '../../datastore/types.js';
import type { TestClient } from '../../testing/test-client.js';

const NEW_PASSWORD = 'a changed secret 88';

async function change(client: TestClient, query = '') {
  const page = await client.getJson('/change');
  expect(page.status).toBe(200);
  return client.post(`/change${query}`, {
    json: {
      password: JOE.password,
      new_password: NEW_PASSWORD,
      new_password_confirm: NEW_PASSWORD,
      csrf_token: page.body.csrf_token,
    },
  });
}

describeEachDatabase(
  'password change',
  { config: { changeable: true, recoverable: true } },
  ({ it, open }) => {
    it('sets the new password, refuses the old one and mails a notice linking to /reset', async () => {
      const app = await open();
      const changed: User[] = [];
      app.t.security.events.on('passwordChanged', (event) => {
        changed.push(event.user);
      });
      const client = app.t.client();
      await loginJson(client, JOE);
      const res = await change(client);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ csrf_token: expect.any(String), user: {} });
      expect(changed.map((u) => u.email)).toEqual([JOE.email]);

      expect((await loginJson(app.t.client(), JOE)).status).toBe(400);
      expect((await loginJson(app.t.client(), { ...JOE, password: NEW_PASSWORD })).status).toBe(200);
      const notice = await app.mailTo(JOE.email, 'Your password has been changed');
      expect(app.linkPath(notice)).toBe('/reset');
    });

    it('keeps the changing client signed in on a new session id and ends every other session and token', async () => {
      const app = await open();
      const client = app.t.client();
      await loginJson(client, JOE);
      const other = app.t.client();
      await loginJson(other, JOE);
      const login = await loginJson(app.t.client(), JOE, '?include_auth_token');
      const oldToken = (login.body.user as { authentication_token: string }).authentication_token;
      const oldCookie = client.cookies.get('session');

      const res = await change(client, '?include_auth_token');
      expect(res.status).toBe(200);
      const newCookie = client.cookies.get('session');
      expect(newCookie).toBeDefined();
      expect(newCookie).not.toBe(oldCookie);
      expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
      expect((await client.getJson('/api/fresh')).status).toBe(200);

      const replay = app.t.client();
      replay.cookies.set('session', String(oldCookie));
      expect((await replay.getJson('/api/session-only')).status).toBe(401);
      expect((await other.getJson('/api/session-only')).status).toBe(401);
      const headers = (token: string) => ({ 'Authentication-Token': token });
      expect((await app.t.client().getJson('/api/token', headers(oldToken))).status).toBe(401);
      const newToken = (res.body.user as { authentication_token: string }).authentication_token;
      expect((await app.t.client().getJson('/api/token', headers(newToken))).status).toBe(200);
    });

    it('voids a reset link mailed before the change', async () => {
      const app = await open();
      const anonymous = app.t.client();
      const form = await anonymous.getJson('/reset');
      await anonymous.post('/reset', { json: { email: JOE.email, csrf_token: form.body.csrf_token } });
      const link = app.linkPath(await app.mailTo(JOE.email, 'Password reset instructions'));

      const client = app.t.client();
      await loginJson(client, JOE);
      expect((await change(client)).status).toBe(200);
      const res = await anonymous.getJson(link);
      expect(res.status).toBe(400);
      expect(res.body.field_errors).toEqual({ '': ['Invalid reset password token.'] });
    });
  },
);
