import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import type { TestResponse } from '../../testing/test-client.js';

const PASSWORD = 'a fine new password 1';

let t: TestSecurity | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function open(config: Record<string, unknown>): Promise<TestSecurity> {
  t = await createDemoSecurity({
    mailWorker: { autoStart: false },
    config: { registerable: true, returnGenericResponses: true, ...config },
  });
  return t;
}

/** Set-Cookie names and attributes, without the per-client values (CSRF secrets differ by client). */
function cookieShapes(res: TestResponse): string[] {
  return res.setCookies.map((cookie) => cookie.replace(/^([^=]+)=[^;]*/, '$1=…'));
}

/** Everything a caller sees of an answer, minus the per-client CSRF token value. */
function visible(res: TestResponse) {
  const { csrf_token, ...body } = res.body;
  return {
    status: res.status,
    location: res.location,
    contentType: res.headers.get('content-type'),
    cookies: cookieShapes(res),
    csrfToken: typeof csrf_token,
    body,
  };
}

/** The flash texts a page shows, with the registering address replaced by a placeholder. */
function flashesOf(page: TestResponse, email: string): string[] {
  return [...page.text.matchAll(/<li class="fs-flash-msg">([^<]*)<\/li>/g)].map((m) =>
    (m[1] ?? '').replace(email, '<email>'),
  );
}

async function registerJson(app: TestSecurity, email: string, query = '') {
  const client = app.client();
  const page = await client.getJson('/register');
  const res = await client.post(`/register${query}`, {
    json: { email, password: PASSWORD, csrf_token: page.body.csrf_token },
  });
  return { res, client };
}

async function registerForm(app: TestSecurity, email: string) {
  const client = app.client();
  const page = await client.getJson('/register');
  const res = await client.post('/register', {
    form: {
      email,
      password: PASSWORD,
      password_confirm: PASSWORD,
      csrf_token: String(page.body.csrf_token),
    },
  });
  return { res, client };
}

describe.each([
  ['without confirmable', { confirmable: false }],
  ['with loginWithoutConfirmation', { confirmable: true, loginWithoutConfirmation: true }],
])('register with returnGenericResponses, %s', (_title, config) => {
  it('answers JSON for a new and a taken email with the same headers and body, signing nobody in', async () => {
    const app = await open(config);
    for (const query of ['', '?include_auth_token']) {
      const fresh = await registerJson(app, `new${query.length}@example.com`, query);
      const taken = await registerJson(app, JOE.email, query);
      expect(visible(fresh.res)).toEqual(visible(taken.res));
      expect(visible(fresh.res).body).toEqual({ user: {} });
      expect(cookieShapes(fresh.res).some((c) => c.startsWith('session='))).toBe(false);
      expect((await fresh.client.getJson('/api/session-only')).status).toBe(401);
    }
  });

  it('answers a form post for a new and a taken email with the same redirect, cookies and flash', async () => {
    const app = await open(config);
    const fresh = await registerForm(app, 'form-new@example.com');
    const taken = await registerForm(app, JOE.email);
    expect(fresh.res.status).toBe(302);
    expect(visible(fresh.res)).toEqual(visible(taken.res));
    expect((await fresh.client.getJson('/api/session-only')).status).toBe(401);
    const freshFlash = flashesOf(await fresh.client.get('/register'), 'form-new@example.com');
    expect(freshFlash).toEqual(flashesOf(await taken.client.get('/register'), JOE.email));
    expect(freshFlash).toHaveLength(1);
  });

  it('lets the new account sign in at /login afterwards', async () => {
    const app = await open(config);
    await registerJson(app, 'later@example.com');
    const login = await loginJson(app.client(), { email: 'later@example.com', password: PASSWORD });
    expect(login.status).toBe(200);
  });
});

it('still signs a new user in without generic responses (confirmable off)', async () => {
  const app = await open({ returnGenericResponses: false, confirmable: false });
  const { res, client } = await registerJson(app, 'plain@example.com', '?include_auth_token');
  expect(res.status).toBe(200);
  expect(res.body.user).toEqual({ authentication_token: expect.any(String) });
  expect((await client.getJson('/api/session-only')).status).toBe(200);
});
