import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, DEMO_ROUTES, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import { currentUser } from '../context.js';
import { authOptional } from '../guards/auth-required.js';
import { handleCsrf } from '../guards/unauth-csrf.js';
import type { TestSecurity } from '../testing/create-test-security.js';

let t: TestSecurity;
afterEach(async () => {
  await t?.close();
});

const GUARDS_MODE = {
  csrfProtectAll: true,
  csrfCheckDefault: false,
  csrfProtectMechanisms: ['session', 'basic'],
};

function basic(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
}

describe('CSRF tokens', () => {
  it('expire after csrfTimeLimit', async () => {
    const clock = createFakeClock();
    t = await createDemoSecurity({ clock, config: { csrfTimeLimit: 600 } });
    const client = t.client();
    const page = await client.getJson('/login');
    clock.advanceSeconds(601);
    const res = await client.post('/login', { json: { ...JOE, csrf_token: page.body.csrf_token } });
    expect(res.body.field_errors).toEqual({ csrf_token: ['The CSRF token has expired.'] });
  });

  it('carry over the login (the seed SPA fetches one token and keeps it), but not to another browser', async () => {
    t = await createDemoSecurity({ config: GUARDS_MODE });
    const client = t.client();
    const page = await client.getJson('/login');
    const login = await client.post('/login', { json: { ...JOE, csrf_token: page.body.csrf_token } });
    const before = await client.post('/api/mutate', {
      json: {},
      headers: { 'X-CSRF-Token': String(page.body.csrf_token) },
    });
    expect(before.status).toBe(200);
    const after = await client.post('/api/mutate', {
      json: {},
      headers: { 'X-CSRF-Token': String(login.body.csrf_token) },
    });
    expect(after.status).toBe(200);
    const other = t.client();
    const otherPage = await other.getJson('/login');
    await other.post('/login', { json: { ...JOE, csrf_token: otherPage.body.csrf_token } });
    const crossed = await other.post('/api/mutate', {
      json: {},
      headers: { 'X-CSRF-Token': String(page.body.csrf_token) },
    });
    expect(crossed.status).toBe(400);
  });
});

describe('csrfProtectMechanisms with Basic', () => {
  it('a Basic-authenticated POST needs a token when basic is listed', async () => {
    t = await createDemoSecurity({ config: GUARDS_MODE });
    const refused = await t.client().post('/api/basic-mutate', {
      json: {},
      headers: { authorization: basic(JOE.email, JOE.password), accept: 'application/json' },
    });
    expect(refused.status).toBe(400);
    const client = t.client();
    const page = await client.getJson('/login');
    const ok = await client.post('/api/basic-mutate', {
      json: {},
      headers: {
        authorization: basic(JOE.email, JOE.password),
        'X-CSRF-Token': String(page.body.csrf_token),
      },
    });
    expect(ok.json).toEqual({ ok: true, user: JOE.email });
  });

  it('a Basic-authenticated POST needs none when basic is not listed', async () => {
    t = await createDemoSecurity({ config: { ...GUARDS_MODE, csrfProtectMechanisms: ['session'] } });
    const res = await t.client().post('/api/basic-mutate', {
      json: {},
      headers: { authorization: basic(JOE.email, JOE.password) },
    });
    expect(res.status).toBe(200);
  });
});

describe('configuration', () => {
  it('refuses a narrowed csrfProtectMechanisms with the early check on (it would be ignored)', async () => {
    await expect(
      createDemoSecurity({ config: { csrfProtectAll: true, csrfProtectMechanisms: ['session'] } }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID_VALUE',
      option: 'csrfCheckDefault',
    });
  });
});

describe('handleCsrf', () => {
  async function manual(request: Request): Promise<Response> {
    const refused = await handleCsrf(request);
    return refused ?? Response.json({ ok: true, user: currentUser()?.email ?? null });
  }

  it('applies the guard rule from inside a handler', async () => {
    t = await createDemoSecurity({
      config: GUARDS_MODE,
      routes: [
        ...DEMO_ROUTES,
        { method: 'POST', path: '/manual', guards: [authOptional()], handler: manual },
      ],
    });
    // authOptional identifies the caller but checks nothing: the handler decides with handleCsrf.
    const client = t.client();
    const login = await loginJson(client, JOE);
    expect((await client.post('/manual', { json: {} })).status).toBe(400);
    const ok = await client.post('/manual', {
      json: {},
      headers: { 'X-CSRF-Token': String(login.body.csrf_token) },
    });
    expect(ok.json).toEqual({ ok: true, user: JOE.email });
  });

  it('throws outside a Barbican request context', async () => {
    await expect(handleCsrf(new Request('http://app.test/x', { method: 'POST' }))).rejects.toThrow(/context/);
  });
});

describe('csrfToken() for app forms', () => {
  it('returns a token the guards accept, inside the request context', async () => {
    const { csrfToken } = await import('../guards/unauth-csrf.js');
    const { authOptional: optional } = await import('../guards/auth-required.js');
    const form = async (): Promise<Response> =>
      new Response(`<input name="csrf_token" value="${await csrfToken()}">`);
    t = await createDemoSecurity({
      config: GUARDS_MODE,
      routes: [...DEMO_ROUTES, { method: 'GET', path: '/form', guards: [optional()], handler: form }],
    });
    const client = t.client();
    await loginJson(client, JOE);
    const html = (await client.get('/form')).text;
    const token = /value="([^"]+)"/.exec(html)?.[1] ?? '';
    const res = await client.post('/api/mutate', { form: { csrf_token: token } });
    expect(res.status).toBe(200);
  });
});

describe('bodies the CSRF check cannot read', () => {
  it('a text/plain POST is judged by its header: 400 without, 200 with, never 500', async () => {
    t = await createDemoSecurity({ config: { csrfProtectAll: true } });
    const client = t.client();
    const login = await loginJson(client, JOE);
    const headers = { 'content-type': 'text/plain', accept: 'application/json' };
    const refused = await client.post('/api/mutate', { body: 'amount=10', headers });
    expect(refused.status).toBe(400);
    const ok = await client.post('/api/mutate', {
      body: 'amount=10',
      headers: { ...headers, 'X-CSRF-Token': String(login.body.csrf_token) },
    });
    expect(ok.status).toBe(200);
  });
});

describe('cookie-less cross-site requests leave the browser cookie alone', () => {
  it('a refused cross-site login sets no session cookie and a cross-site logout deletes none', async () => {
    t = await createDemoSecurity();
    const crossSite = { 'sec-fetch-site': 'cross-site', accept: 'application/json' };
    const login = await t
      .client()
      .post('/login', { form: { email: JOE.email, password: JOE.password }, headers: crossSite });
    expect(login.status).toBe(400);
    expect(login.setCookies.filter((c) => c.startsWith('session='))).toEqual([]);
    const logout = await t.client().post('/logout', { headers: crossSite });
    expect(logout.setCookies.filter((c) => c.startsWith('session='))).toEqual([]);
  });
});
