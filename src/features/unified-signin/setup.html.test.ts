/** /us-setup in a browser: the sign-in redirect, the form walk, usPostSetupView and flashes (issue 10 item 7). */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { codeIn, wrongCode } from '../../../test/fixtures/two-factor.js';
import { US_CONFIG } from '../../../test/fixtures/unified-signin.js';
import type { TestClient } from '../../testing/test-client.js';

function csrfIn(page: string): string {
  const token = /name="csrf_token" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('no csrf_token on the page');
  return token;
}

async function submit(client: TestClient, path: string, form: Record<string, string>) {
  const page = await client.get('/us-setup');
  return client.post(path, { form: { ...form, csrf_token: csrfIn(page.text) } });
}

describeEachDatabase(
  'unified sign-in setup pages',
  { config: { ...US_CONFIG, usPostSetupView: '/after-setup' } },
  ({ it, open }) => {
    it('sends an anonymous browser to sign in, and an anonymous JSON caller a 401', async () => {
      const app = await open();
      const page = await app.t.client().get('/us-setup');
      expect(page.status).toBe(302);
      expect(page.location).toMatch(/^\/login\?next=/);
      expect((await app.t.client().getJson('/us-setup')).status).toBe(401);
    });

    it('walks email setup through the forms: a wrong code back to the page, the right one to usPostSetupView', async () => {
      const app = await open();
      const client = app.t.client();
      await loginJson(client, JOE);
      const chosen = await submit(client, '/us-setup', { chosen_method: 'email' });
      expect(chosen.status).toBe(200);
      expect(chosen.text).toContain('We sent a code by email');
      const action = /<form action="(\/us-setup\/[^"]+)" method="post" name="us_setup_validate_form">/.exec(
        chosen.text,
      )?.[1];
      expect(action).toBeDefined();
      const code = codeIn(await app.mailTo(JOE.email, 'Verification Code'));

      const wrong = await submit(client, action ?? '', { passcode: wrongCode(code) });
      expect(wrong.status).toBe(302);
      expect(wrong.location).toBe('/us-setup');
      expect((await client.get('/us-setup')).text).toContain('Password or code submitted is not valid');

      const done = await submit(client, action ?? '', { passcode: code });
      expect(done.status).toBe(302);
      expect(done.location).toBe('/after-setup');
      const page = await client.get('/us-setup');
      expect(page.text).toContain('<span id="active-methods">password, email</span>');
    });

    it('removes a method from the form', async () => {
      const app = await open();
      const client = app.t.client();
      await loginJson(client, JOE);
      const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
      await app.t.datastore.setUsMethod(joe?.id ?? -1, 'email', { totpSecret: null, nowMs: Date.now() });
      const before = await client.get('/us-setup');
      expect(before.text).toContain('value="email">\n<label for="delete_method-0">Remove email</label>');
      const removed = await submit(client, '/us-setup', { delete_method: 'email' });
      expect(removed.status).toBe(200);
      expect(removed.text).toContain('<span id="active-methods">password</span>');
    });
  },
);
