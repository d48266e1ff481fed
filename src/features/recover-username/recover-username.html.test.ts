import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOE } from '../../../test/fixtures/demo-routes.js';
import { hiddenValue } from '../../../test/fixtures/html-page.js';
import { createMailApp, type MailApp } from '../../../test/fixtures/mail-app.js';
import type { TestClient } from '../../testing/test-client.js';

const HTML = { accept: 'text/html' };
const SENT = 'If registered, your username will be sent to your email.';

let app: MailApp;
beforeEach(async () => {
  app = await createMailApp('sqlite', { config: { usernameEnable: true, usernameRecovery: true } });
  const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
  if (joe) await app.t.datastore.updateUser(joe, { username: 'joey42' });
});
afterEach(async () => {
  await app.close();
});

async function submit(client: TestClient, email: string) {
  const page = await client.get('/recover-username', { headers: HTML });
  expect(page.status).toBe(200);
  expect(page.text).toContain('action="/recover-username"');
  return client.post('/recover-username', {
    form: { email, csrf_token: hiddenValue(page.text, 'csrf_token') },
  });
}

describe('the HTML username-recovery form', () => {
  it.each([JOE.email, 'ghost@example.com'])(
    'sends %s to the login page with the same flash',
    async (email) => {
      const client = app.t.client();
      const res = await submit(client, email);
      expect(res.status).toBe(302);
      expect(res.location).toBe('/login');
      const login = await client.get('/login', { headers: HTML });
      expect(login.text).toContain(SENT);
    },
  );

  it('re-renders the form with the error for a malformed address', async () => {
    const res = await submit(app.t.client(), 'nope');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<li class="fs-error-msg">Invalid email address</li>');
    expect(res.text).toContain('value="nope"');
  });
});
