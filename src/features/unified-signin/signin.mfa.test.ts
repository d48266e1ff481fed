/** usMfaRequired: which unified sign-in methods still need the second factor (two-factor's rules unchanged). */
import { expect } from 'vitest';
import { JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { TWO_FACTOR_CONFIG, totpCode, withAuthenticator } from '../../../test/fixtures/two-factor.js';
import {
  mailedCode,
  US_CONFIG,
  userNamed,
  usPost,
  withUsAuthenticator,
  withUsCodeMethods,
} from '../../../test/fixtures/unified-signin.js';

const TF_REQUIRED = {
  csrf_token: expect.any(String),
  tf_required: true,
  tf_state: 'ready',
  tf_primary_method: 'authenticator',
  tf_method: 'authenticator',
};

describeEachDatabase(
  'unified sign-in with two-factor',
  { config: { ...TWO_FACTOR_CONFIG, ...US_CONFIG } },
  ({ it, open }) => {
    it('a password (in usMfaRequired) answers tf_required with no session and no token', async () => {
      const app = await open();
      await withAuthenticator(app.t, await userNamed(app.t));
      const client = app.t.client();
      const res = await usPost(client, '/us-signin?include_auth_token', {
        identity: JOE.email,
        passcode: JOE.password,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(TF_REQUIRED);
      expect((await client.getJson('/api/session-only')).status).toBe(401);
    });

    it('a mailed code (in usMfaRequired) answers tf_required; the form goes to /tf-validate', async () => {
      const app = await open();
      const user = await userNamed(app.t);
      await withAuthenticator(app.t, user);
      await withUsCodeMethods(app.t, user);
      const client = app.t.client();
      const { code } = await mailedCode(app, client);
      const csrf_token = String((await client.getJson('/us-signin')).body.csrf_token);
      const form = await client.post('/us-signin', {
        form: { identity: JOE.email, passcode: code, csrf_token },
      });
      expect(form.status).toBe(302);
      expect(form.location).toBe('/tf-validate');
      expect((await client.getJson('/api/session-only')).status).toBe(401);
    });

    it('the unified-sign-in authenticator (not in usMfaRequired) signs in at once', async () => {
      const app = await open();
      const user = await userNamed(app.t);
      await withAuthenticator(app.t, user);
      const secret = await withUsAuthenticator(app.t, user);
      const client = app.t.client();
      const res = await usPost(client, '/us-signin?include_auth_token', {
        identity: JOE.email,
        passcode: totpCode(secret, Date.now()),
      });
      expect(res.status).toBe(200);
      expect(res.body.user).toEqual({ authentication_token: expect.any(String) });
      expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
    });

    it('the password signs in at once when usMfaRequired leaves it out', async () => {
      const app = await open({ config: { usMfaRequired: ['email'] } });
      await withAuthenticator(app.t, await userNamed(app.t));
      const client = app.t.client();
      const res = await usPost(client, '/us-signin', { identity: JOE.email, passcode: JOE.password });
      expect(res.body).toEqual({ csrf_token: expect.any(String), user: {} });
      expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
    });

    it('the magic link of a user with a second factor leads to /tf-validate, signed in only after it', async () => {
      const app = await open();
      const user = await userNamed(app.t);
      await withAuthenticator(app.t, user);
      await withUsCodeMethods(app.t, user);
      const client = app.t.client();
      const { link } = await mailedCode(app, client);
      const opened = await client.get(link);
      expect(opened.status).toBe(302);
      expect(opened.location).toBe('/tf-validate');
      expect((await client.getJson('/api/session-only')).status).toBe(401);
    });
  },
);
