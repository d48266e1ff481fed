import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock, type FakeClock } from '../../../test/fixtures/fake-clock.js';
import { hiddenValue } from '../../../test/fixtures/html-page.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import type { TestClient } from '../../testing/test-client.js';

const NEW_EMAIL = 'joe.new@example.org';
const HTML = { accept: 'text/html' };

async function submitForm(client: TestClient, email: string) {
  const page = await client.get('/change-email', { headers: HTML });
  expect(page.status).toBe(200);
  return client.post('/change-email', { form: { email, csrf_token: hiddenValue(page.text, 'csrf_token') } });
}

describeEachDatabase('the HTML change-email flow', {}, ({ it, open: openApp }) => {
  let clock: FakeClock;
  async function open(config: Record<string, unknown> = {}): Promise<{ app: MailApp; client: TestClient }> {
    clock = createFakeClock();
    const app = await openApp({ clock, config: { changeEmail: true, ...config } });
    const client = app.t.client();
    await loginJson(client, JOE);
    return { app, client };
  }

  it('renders a form with the CSRF token and the current address', async () => {
    const { client } = await open();
    const page = await client.get('/change-email', { headers: HTML });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('action="/change-email"');
    expect(page.text).toContain(JOE.email);
    expect(hiddenValue(page.text, 'csrf_token')).toMatch(/^\d+\./);
  });

  it('redirects back to the form after a request and flashes where the link went', async () => {
    const { client } = await open();
    const res = await submitForm(client, NEW_EMAIL);
    expect(res.status).toBe(302);
    expect(res.location).toBe('/change-email');
    const next = await client.get('/change-email', { headers: HTML });
    expect(next.text).toContain(
      `Instructions to confirm your new email address have been sent to ${NEW_EMAIL}.`,
    );
    const again = await client.get('/change-email', { headers: HTML });
    expect(again.text).not.toContain('Instructions to confirm');
  });

  it('re-renders the form with the error and the escaped input', async () => {
    const { app, client } = await open();
    const res = await submitForm(client, '"><script>x</script>');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<li class="fs-error-msg">Invalid email address</li>');
    expect(res.text).not.toContain('<script>x</script>');
    expect(await app.t.datastore.listMail(10)).toEqual([]);
  });

  it('sends the browser to postChangeEmailView with a flash once the link is opened', async () => {
    const { app, client } = await open({ postChangeEmailView: '/account' });
    await submitForm(client, NEW_EMAIL);
    const path = app.linkPath(await app.mailTo(NEW_EMAIL, 'Confirm'));
    const opened = await client.get(path, { headers: HTML });
    expect(opened.status).toBe(302);
    expect(opened.location).toBe('/account');
    const next = await client.get('/change-email', { headers: HTML });
    expect(next.text).toContain('Change of email address confirmed');
    expect(next.text).toContain(NEW_EMAIL);
  });

  it('sends the browser back to the form with a flash for an expired or used link', async () => {
    const { app, client } = await open();
    await submitForm(client, NEW_EMAIL);
    const path = app.linkPath(await app.mailTo(NEW_EMAIL, 'Confirm'));
    clock.advanceSeconds(2 * 60 * 60);
    const expired = await client.get(path, { headers: HTML });
    expect(expired.status).toBe(302);
    expect(expired.location).toBe('/change-email');
    const form = await client.get('/change-email', { headers: HTML });
    expect(form.text).toContain('Confirmation must be completed within 2 hours. Please start over.');

    const garbled = await client.get('/change-email/garbage', { headers: HTML });
    expect(garbled.location).toBe('/change-email');
    expect((await client.get('/change-email', { headers: HTML })).text).toContain(
      'Invalid change email token.',
    );
  });
});
