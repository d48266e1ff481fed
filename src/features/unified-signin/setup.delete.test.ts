/** /us-setup removals, and the account features around unified sign-in (issue 10 items 5, 8). */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import {
  US_CONFIG,
  userNamed,
  withUsAuthenticator,
  withUsCodeMethods,
} from '../../../test/fixtures/unified-signin.js';
import type { TestClient } from '../../testing/test-client.js';

const NEW_PASSWORD = 'a brand new secret 77';

async function post(client: TestClient, path: string, json: Record<string, unknown>) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: token } });
}

describeEachDatabase(
  'unified sign-in methods and the account',
  { config: { ...US_CONFIG, changeable: true, recoverable: true, passwordRequired: false } },
  ({ it, open }) => {
    async function signedIn() {
      const app = await open();
      const client = app.t.client();
      expect((await loginJson(client, JOE)).status).toBe(200);
      return { app, client, joe: await userNamed(app.t) };
    }

    it('removes set-up methods with a notice and a usProfileChanged event', async () => {
      const { app, client, joe } = await signedIn();
      await withUsCodeMethods(app.t, joe);
      const changes: unknown[] = [];
      app.t.security.events.on('usProfileChanged', ({ methods, delete: removed }) => {
        changes.push({ methods, removed });
      });
      const removed = await post(client, '/us-setup', { delete_method: ['email', 'sms'] });
      expect(removed.status).toBe(200);
      expect(Object.keys(removed.body)).toEqual(['csrf_token']);
      expect((await client.getJson('/us-setup')).body).toMatchObject({
        active_methods: ['password'],
        phone: null,
      });
      expect(changes).toEqual([{ methods: ['email', 'sms'], removed: true }]);
      const notice = await app.mailTo(JOE.email, 'Your sign-in methods changed');
      expect(notice.text).toContain('These sign-in methods were removed from your account: email, sms.');
    });

    it('refuses to remove a method that is not set up, or the password (5.1.2 answers 500)', async () => {
      const { client } = await signedIn();
      for (const method of ['email', 'password']) {
        const refused = await post(client, '/us-setup', { delete_method: method });
        expect(refused.status).toBe(400);
        expect(refused.body.field_errors).toEqual({ delete_method: ['Requested method is not valid'] });
      }
    });

    it('refuses to remove the last way in of a user without a password, and keeps it', async () => {
      const { app, client, joe } = await signedIn();
      await withUsCodeMethods(app.t, joe);
      await withUsAuthenticator(app.t, joe);
      await app.t.datastore.updateUser(joe, { password: null });
      const all = await post(client, '/us-setup', { delete_method: ['email', 'sms', 'authenticator'] });
      expect(all.status).toBe(400);
      expect(all.body.field_errors).toEqual({
        delete_method: [
          'This is the only way into your account: set a password or another sign-in method first.',
        ],
      });
      expect((await post(client, '/us-setup', { delete_method: ['email', 'sms'] })).status).toBe(200);
      const last = await post(client, '/us-setup', { delete_method: 'authenticator' });
      expect(last.status).toBe(400);
      expect(Object.keys((await app.t.datastore.findUnifiedSigninProfile(joe.id)).methods)).toEqual([
        'authenticator',
      ]);
    });

    it('keeps every other method through a password change', async () => {
      const { app, client, joe } = await signedIn();
      await withUsCodeMethods(app.t, joe);
      await withUsAuthenticator(app.t, joe);
      const page = await client.getJson('/change');
      const changed = await client.post('/change', {
        json: {
          password: JOE.password,
          new_password: NEW_PASSWORD,
          new_password_confirm: NEW_PASSWORD,
          csrf_token: page.body.csrf_token,
        },
      });
      expect(changed.status).toBe(200);
      const profile = await app.t.datastore.findUnifiedSigninProfile(joe.id);
      expect(Object.keys(profile.methods)).toEqual(['authenticator', 'email', 'sms']);
      expect(profile.phone).toBe('+442079460958');
    });

    it('lets a user without a password reset one, keeping their methods', async () => {
      const app = await open();
      const joe = await userNamed(app.t);
      await withUsCodeMethods(app.t, joe);
      await app.t.datastore.updateUser(joe, { password: null });
      const client = app.t.client();
      const form = await client.getJson('/reset');
      expect(
        (await client.post('/reset', { json: { email: JOE.email, csrf_token: form.body.csrf_token } }))
          .status,
      ).toBe(200);
      const path = app.linkPath(await app.mailTo(JOE.email, 'Password reset instructions'));
      const page = await client.getJson(path);
      const done = await client.post(path, {
        json: { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD, csrf_token: page.body.csrf_token },
      });
      expect(done.status).toBe(200);
      expect((await loginJson(app.t.client(), { email: JOE.email, password: NEW_PASSWORD })).status).toBe(
        200,
      );
      expect(Object.keys((await app.t.datastore.findUnifiedSigninProfile(joe.id)).methods)).toEqual([
        'email',
        'sms',
      ]);
    });
  },
);
