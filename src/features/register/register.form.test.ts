import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { hiddenValue } from '../../../test/fixtures/html-page.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import type { TestClient } from '../../testing/test-client.js';

const NEW = { email: 'new@example.com', password: 'a fine new password 1' };

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

async function setup(config: Record<string, unknown> = {}): Promise<void> {
  t = await createDemoSecurity({
    mailWorker: { autoStart: false },
    config: { registerable: true, ...config },
  });
}

async function submit(client: TestClient, form: Record<string, string>, query = '') {
  const page = await client.get(`/register${query}`);
  expect(page.status).toBe(200);
  return client.post(`/register${query}`, {
    form: { ...form, csrf_token: hiddenValue(page.text, 'csrf_token') },
  });
}

describe('the HTML register form', () => {
  it('has email, password, retyped password and the CSRF token', async () => {
    await setup();
    const page = await t.client().get('/register');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    for (const name of ['email', 'password', 'password_confirm'])
      expect(page.text).toContain(`name="${name}"`);
    expect(page.text).not.toContain('name="username"');
    expect(hiddenValue(page.text, 'csrf_token')).toMatch(/^\d+\./);
  });

  it('shows the username field with usernameEnable, required with usernameRequired', async () => {
    await setup({ usernameEnable: true, usernameRequired: true });
    const page = await t.client().get('/register');
    expect(page.text).toMatch(/name="username"[^>]*required/);
  });

  it('registers, signs in and redirects to postLoginView', async () => {
    await setup();
    const client = t.client();
    const res = await submit(client, { ...NEW, password_confirm: NEW.password });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/');
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: NEW.email });
  });

  it('redirects to postRegisterView, or to a safe next', async () => {
    await setup({ postRegisterView: '/welcome' });
    const res = await submit(t.client(), { ...NEW, password_confirm: NEW.password });
    expect(res.location).toBe('/welcome');
    const withNext = await submit(
      t.client(),
      { email: 'two@example.com', password: NEW.password, password_confirm: NEW.password },
      '?next=%2Fapi%2Fpublic',
    );
    expect(withNext.location).toBe('/api/public');
  });

  it('with confirmable, flashes that instructions were sent and does not sign in', async () => {
    await setup({ confirmable: true });
    const client = t.client();
    const res = await submit(client, { ...NEW, password_confirm: NEW.password });
    expect(res.status).toBe(302);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
    const next = await client.get('/confirm');
    expect(next.text).toContain('Thank you. Confirmation instructions have been sent to new@example.com.');
  });

  it.each([
    ['missing', {}, 'Password not provided'],
    ['mismatched', { password_confirm: 'another password 2' }, 'Passwords do not match'],
  ])(
    're-renders with the error when the retyped password is %s, writing nothing',
    async (_n, extra, message) => {
      await setup();
      const res = await submit(t.client(), { ...NEW, ...extra });
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<li class="fs-error-msg">${message}</li>`);
      expect(res.text).toContain(`value="${NEW.email}"`);
      expect(res.text).not.toContain(NEW.password);
      expect(await t.datastore.findUserByIdentity('email', NEW.email)).toBeNull();
    },
  );

  it('does not ask for the retyped password when passwordConfirmRequired is off', async () => {
    await setup({ passwordConfirmRequired: false });
    const page = await t.client().get('/register');
    expect(page.text).not.toContain('name="password_confirm"');
    expect((await submit(t.client(), NEW)).status).toBe(302);
  });

  it('re-renders a duplicate email with its error and escapes what was typed', async () => {
    await setup();
    const dup = await submit(t.client(), { ...JOE, password_confirm: JOE.password });
    expect(dup.text).toContain('joe@example.com is already associated with an account.');
    const evil = await submit(t.client(), { email: '"><script>x</script>', password: 'x' });
    expect(evil.text).not.toContain('<script>x</script>');
  });

  it('refuses an off-site next and registers nobody', async () => {
    await setup();
    const res = await submit(t.client(), {
      ...NEW,
      password_confirm: NEW.password,
      next: 'https://evil.example/',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Redirections outside the domain are forbidden');
    expect(await t.datastore.findUserByIdentity('email', NEW.email)).toBeNull();
  });

  it('sends a signed-in browser from GET /register to postLoginView', async () => {
    await setup();
    const client = t.client();
    await loginJson(client, JOE);
    const res = await client.get('/register');
    expect(res.status).toBe(302);
    expect(res.location).toBe('/');
  });
});
