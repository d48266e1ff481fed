import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { hiddenValue } from '../../../test/fixtures/html-page.js';
import { createMailApp, type MailApp } from '../../../test/fixtures/mail-app.js';
import type { TestClient } from '../../testing/test-client.js';

const HTML = { accept: 'text/html' };

let app: MailApp;
let client: TestClient;
beforeEach(async () => {
  app = await createMailApp('sqlite', {
    config: { usernameEnable: true, changeUsername: true, postChangeUsernameView: '/account' },
  });
  client = app.t.client();
  await loginJson(client, JOE);
});
afterEach(async () => {
  await app.close();
});

async function submit(username: string) {
  const page = await client.get('/change-username', { headers: HTML });
  expect(page.status).toBe(200);
  return client.post('/change-username', {
    form: { username, csrf_token: hiddenValue(page.text, 'csrf_token') },
  });
}

describe('the HTML change-username form', () => {
  it('renders the form with the CSRF token', async () => {
    const page = await client.get('/change-username', { headers: HTML });
    expect(page.text).toContain('action="/change-username"');
    expect(page.text).toContain('Your account has no username yet.');
  });

  it('redirects to postChangeUsernameView and flashes the change on the next page', async () => {
    const res = await submit('joseph');
    expect(res.status).toBe(302);
    expect(res.location).toBe('/account');
    const next = await client.get('/change-username', { headers: HTML });
    expect(next.text).toContain('You successfully changed your username');
    expect(next.text).toContain('Your username is joseph.');
  });

  it('re-renders with the error and the escaped input', async () => {
    const res = await submit('<b>x</b>');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<li class="fs-error-msg">Username can contain only letters and numbers</li>');
    expect(res.text).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
  });
});
