import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { hiddenValue } from '../../../test/fixtures/html-page.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

async function setup(config: Record<string, unknown> = {}) {
  t = await createDemoSecurity({
    mailer: { async send() {} },
    mailWorker: { autoStart: false },
    config: { changeable: true, ...config },
  });
  const client = t.client();
  await loginJson(client, JOE);
  return client;
}

describe('the HTML change-password form', () => {
  it('shows the form, re-renders an error, and redirects with a flash on success', async () => {
    const client = await setup();
    const page = await client.get('/change');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="change_password_form"');
    expect(page.text).toContain('name="new_password_confirm"');
    const csrf = hiddenValue(page.text, 'csrf_token');

    const wrong = await client.post('/change', {
      form: {
        password: 'wrong one 1',
        new_password: 'html secret 123',
        new_password_confirm: 'html secret 123',
        csrf_token: csrf,
      },
    });
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain('<li class="fs-error-msg">Invalid password</li>');

    const done = await client.post('/change', {
      form: {
        password: JOE.password,
        new_password: 'html secret 123',
        new_password_confirm: 'html secret 123',
        csrf_token: csrf,
      },
    });
    expect(done.status).toBe(302);
    expect(done.location).toBe('/');
    const next = await client.get('/change');
    expect(next.text).toContain('You successfully changed your password.');
  });

  it('goes to postChangeView when set', async () => {
    const client = await setup({ postChangeView: '/api/session-only' });
    const page = await client.get('/change');
    const done = await client.post('/change', {
      form: {
        password: JOE.password,
        new_password: 'html secret 123',
        new_password_confirm: 'html secret 123',
        csrf_token: hiddenValue(page.text, 'csrf_token'),
      },
    });
    expect(done.location).toBe('/api/session-only');
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
  });
});
