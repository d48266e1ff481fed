import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../../test/fixtures/demo-routes.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { hiddenValue } from '../../../test/fixtures/html-page.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import type { TestClient } from '../../testing/test-client.js';

let t: TestSecurity;
let token = '';
afterEach(async () => {
  await t.close();
});

async function setup(
  overrides: { config?: Record<string, unknown>; clock?: ReturnType<typeof createFakeClock> } = {},
) {
  t = await createDemoSecurity({
    mailer: { async send() {} },
    mailWorker: { autoStart: false },
    ...overrides,
    config: { recoverable: true, ...overrides.config },
  });
  t.security.events.on('resetPasswordInstructionsSent', (event) => {
    token = event.token;
  });
}

async function askForLink(client: TestClient): Promise<void> {
  const page = await client.get('/reset');
  expect(page.text).toContain('name="forgot_password_form"');
  const res = await client.post('/reset', {
    form: { email: JOE.email, csrf_token: hiddenValue(page.text, 'csrf_token') },
  });
  expect(res.status).toBe(302);
  expect(res.location).toBe('/reset');
  const back = await client.get('/reset');
  expect(back.text).toContain(`Instructions to reset your password have been sent to ${JOE.email}.`);
}

describe('the HTML reset flow', () => {
  it('asks for a link, shows the reset form, and sends the browser to login with a flash', async () => {
    await setup();
    const client = t.client();
    await askForLink(client);
    const form = await client.get(`/reset/${token}`);
    expect(form.status).toBe(200);
    expect(form.headers.get('referrer-policy')).toBe('same-origin');
    expect(form.text).toContain(`action="/reset/${token}"`);

    const csrf = hiddenValue(form.text, 'csrf_token');
    const mismatch = await client.post(`/reset/${token}`, {
      form: { password: 'new html secret 1', password_confirm: 'new html secret 2', csrf_token: csrf },
    });
    expect(mismatch.status).toBe(200);
    expect(mismatch.text).toContain('<li class="fs-error-msg">Passwords do not match</li>');

    const done = await client.post(`/reset/${token}`, {
      form: { password: 'new html secret 1', password_confirm: 'new html secret 1', csrf_token: csrf },
    });
    expect(done.status).toBe(302);
    expect(done.location).toBe('/login');
    const login = await client.get('/login');
    expect(login.text).toContain(
      'You successfully reset your password. Please authenticate using your new password.',
    );
  });

  it('with autoLoginAfterReset lands on postResetView signed in', async () => {
    await setup({ config: { autoLoginAfterReset: true, postResetView: '/api/session-only' } });
    const client = t.client();
    await askForLink(client);
    const form = await client.get(`/reset/${token}`);
    const done = await client.post(`/reset/${token}`, {
      form: {
        password: 'new html secret 1',
        password_confirm: 'new html secret 1',
        csrf_token: hiddenValue(form.text, 'csrf_token'),
      },
    });
    expect(done.location).toBe('/api/session-only');
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
  });

  it('sends a browser with a bad link back to /reset with the reason, mailing nothing new', async () => {
    await setup();
    const client = t.client();
    const res = await client.get('/reset/not-a-token');
    expect(res.status).toBe(302);
    expect(res.location).toBe('/reset');
    expect((await client.get('/reset')).text).toContain('Invalid reset password token.');
    expect(await t.datastore.listMail(10)).toEqual([]);
  });

  it('sends a browser with an expired link back to /reset saying so', async () => {
    const clock = createFakeClock();
    await setup({ clock, config: { resetPasswordWithin: '2h' } });
    const client = t.client();
    await askForLink(client);
    clock.advanceSeconds(2 * 3600);
    const res = await client.get(`/reset/${token}`);
    expect(res.location).toBe('/reset');
    expect((await client.get('/reset')).text).toContain('You did not reset your password within 2 hours.');
    expect(await t.datastore.listMail(10)).toHaveLength(1);
  });
});
