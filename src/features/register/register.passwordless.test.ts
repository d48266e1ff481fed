/** passwordRequired: false with unified sign-in: registering without a password (issue 10 item 8). */
import { expect } from 'vitest';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { US_CONFIG } from '../../../test/fixtures/unified-signin.js';
import type { TestClient } from '../../testing/test-client.js';

const EMAIL = 'new@example.com';

async function registerJson(client: TestClient, body: Record<string, unknown>) {
  const page = await client.getJson('/register');
  return client.post('/register', { json: { ...body, csrf_token: page.body.csrf_token } });
}

describeEachDatabase(
  'registration without a password',
  { config: { ...US_CONFIG, registerable: true, passwordRequired: false } },
  ({ it, open }) => {
    it('creates a password-less user with email sign-in set up, as upstream', async () => {
      const app = await open();
      const created = await registerJson(app.t.client(), { email: EMAIL });
      expect(created.status).toBe(200);
      const user = await app.t.datastore.findUserByIdentity('email', EMAIL);
      expect(user?.password).toBeNull();
      const profile = await app.t.datastore.findUnifiedSigninProfile(user?.id ?? -1);
      expect(profile.methods).toEqual({ email: null });
    });

    it('still checks a password that is given, and sets up nothing else then', async () => {
      const app = await open();
      const weak = await registerJson(app.t.client(), { email: EMAIL, password: 'short' });
      expect(weak.status).toBe(400);
      expect(Object.keys(weak.body.field_errors as object)).toEqual(['password']);
      const created = await registerJson(app.t.client(), { email: EMAIL, password: 'a fine new password 1' });
      expect(created.status).toBe(200);
      const user = await app.t.datastore.findUserByIdentity('email', EMAIL);
      expect(user?.password).toMatch(/^\$argon2id\$/);
      expect((await app.t.datastore.findUnifiedSigninProfile(user?.id ?? -1)).methods).toEqual({});
    });

    it('requires the password while passwordRequired is true', async () => {
      const app = await open({ config: { passwordRequired: true } });
      const refused = await registerJson(app.t.client(), { email: EMAIL });
      expect(refused.status).toBe(400);
      expect(Object.keys(refused.body.field_errors as object)).toEqual(['password']);
    });

    it('offers the form with an optional password, and registers from it without one', async () => {
      const app = await open();
      const client = app.t.client();
      const page = await client.get('/register');
      expect(page.text).toContain('Password (optional)');
      expect(page.text).not.toMatch(/name="password"[^>]*required/);
      const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const posted = await client.post('/register', {
        form: { email: EMAIL, password: '', password_confirm: '', csrf_token: csrf },
      });
      expect(posted.status).toBe(302);
      expect((await app.t.datastore.findUserByIdentity('email', EMAIL))?.password).toBeNull();
    });
  },
);
