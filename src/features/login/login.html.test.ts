import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../../test/fixtures/demo-routes.js';
import { hiddenValue } from '../../../test/fixtures/html-page.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import type { TestClient } from '../../testing/test-client.js';

let t: TestSecurity;
beforeEach(async () => {
  t = await createDemoSecurity();
});
afterEach(async () => {
  await t.close();
});

async function openLoginPage(client: TestClient, query = ''): Promise<string> {
  const page = await client.get(`/login${query}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  // The form itself, so an error page served as 200 fails every test below.
  expect(page.text).toContain('<form action="/login');
  expect(page.text).toContain('name="login_user_form"');
  return page.text;
}

describe('the HTML login form', () => {
  it('carries the CSRF token and next, and posts back to /login?next=…', async () => {
    const html = await openLoginPage(t.client(), '?next=%2Fapi%2Fsession-only');
    expect(html).toContain('action="/login?next=%2Fapi%2Fsession-only"');
    expect(hiddenValue(html, 'next')).toBe('/api/session-only');
    expect(hiddenValue(html, 'csrf_token')).toMatch(/^\d+\./);
  });

  it('drops an unsafe next from the page', async () => {
    const html = await openLoginPage(t.client(), '?next=%2F%5Cevil.com');
    expect(html).not.toContain('evil.com');
    expect(html).not.toContain('name="next"');
    expect(html).toContain('action="/login"');
  });

  it('signs in and redirects to next', async () => {
    const client = t.client();
    const html = await openLoginPage(client, '?next=%2Fapi%2Fsession-only');
    const res = await client.post('/login?next=%2Fapi%2Fsession-only', {
      form: { ...JOE, csrf_token: hiddenValue(html, 'csrf_token'), next: '/api/session-only' },
    });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/api/session-only');
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
  });

  it('redirects to postLoginView without next', async () => {
    const client = t.client();
    const html = await openLoginPage(client);
    const res = await client.post('/login', {
      form: { ...JOE, csrf_token: hiddenValue(html, 'csrf_token') },
    });
    expect(res.location).toBe('/');
  });

  it('re-renders with 200 and the error on a wrong password, and does not sign in', async () => {
    const client = t.client();
    const html = await openLoginPage(client);
    const res = await client.post('/login', {
      form: { email: JOE.email, password: 'wrong', csrf_token: hiddenValue(html, 'csrf_token') },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<li class="fs-error-msg">Invalid password</li>');
    expect(res.text).toContain(`value="${JOE.email}"`);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('refuses a form post without the CSRF token', async () => {
    const client = t.client();
    await openLoginPage(client);
    const res = await client.post('/login', { form: JOE });
    expect(res.text).toContain('The CSRF token is missing.');
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('refuses an off-site next in the form and stays unsigned', async () => {
    const client = t.client();
    const html = await openLoginPage(client);
    const res = await client.post('/login', {
      form: { ...JOE, csrf_token: hiddenValue(html, 'csrf_token'), next: '\\\\evil.com' },
    });
    expect(res.status).toBe(200);
    expect(res.location).toBeNull();
    expect(res.text).toContain('Redirections outside the domain are forbidden');
  });

  it('escapes what the user typed', async () => {
    const client = t.client();
    const html = await openLoginPage(client);
    const res = await client.post('/login', {
      form: { email: '"><script>x</script>@a.b', password: 'x', csrf_token: hiddenValue(html, 'csrf_token') },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;@a.b"');
    expect(res.text).not.toContain('<script>x</script>');
  });

  it('sends a signed-in browser from GET /login to postLoginView', async () => {
    const client = t.client();
    const html = await openLoginPage(client);
    await client.post('/login', { form: { ...JOE, csrf_token: hiddenValue(html, 'csrf_token') } });
    expect((await client.get('/login')).location).toBe('/');
  });
});

describe('next from both the query and the form', () => {
  it('refuses the login when the form field is unsafe even if the query next is safe', async () => {
    const client = t.client();
    const html = await openLoginPage(client, '?next=%2Fapi%2Fsession-only');
    const res = await client.post('/login?next=%2Fapi%2Fsession-only', {
      form: { ...JOE, csrf_token: hiddenValue(html, 'csrf_token'), next: 'https://evil.example/steal' },
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Redirections outside the domain are forbidden');
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('prefers the form field over the query when both are safe', async () => {
    const client = t.client();
    const html = await openLoginPage(client);
    const res = await client.post('/login?next=%2Fa', {
      form: { ...JOE, csrf_token: hiddenValue(html, 'csrf_token'), next: '/b' },
    });
    expect(res.location).toBe('/b');
  });
});

describe('links on the login page', () => {
  it('links to register (carrying next), forgot password and confirm when those features are on', async () => {
    const on = await createDemoSecurity({
      config: { urlPrefix: '/auth', registerable: true, recoverable: true, confirmable: true },
    });
    try {
      const page = await on.client().get('/auth/login?next=%2Fapi%2Fsession-only');
      expect(page.status).toBe(200);
      expect(page.text).toContain(
        '<li><a href="/auth/register?next=%2Fapi%2Fsession-only">Register</a></li>',
      );
      expect(page.text).toContain('<li><a href="/auth/reset">Forgot password</a></li>');
      expect(page.text).toContain('<li><a href="/auth/confirm">Confirm account</a></li>');
    } finally {
      await on.close();
    }
  });

  it('shows only the links of features that are on, and none when all are off', async () => {
    const page = await openLoginPage(t.client());
    expect(page).not.toContain('<nav');
    const recoverOnly = await createDemoSecurity({ config: { recoverable: true } });
    try {
      const html = (await recoverOnly.client().get('/login')).text;
      expect(html).toContain('<li><a href="/reset">Forgot password</a></li>');
      expect(html).not.toContain('/register');
      expect(html).not.toContain('/confirm');
    } finally {
      await recoverOnly.close();
    }
  });
});
