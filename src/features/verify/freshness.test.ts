import { afterEach, describe, expect, it } from 'vitest';
import {
  createDemoSecurity,
  DEMO_ROUTES,
  JOE,
  loginJson,
  okHandler,
} from '../../../test/fixtures/demo-routes.js';
import { createFakeClock, type FakeClock } from '../../../test/fixtures/fake-clock.js';
import { authRequired } from '../../guards/auth-required.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

let t: TestSecurity;
let clock: FakeClock;
afterEach(async () => {
  await t.close();
});

const graceRoute = {
  method: 'GET',
  path: '/api/fresh-grace',
  guards: [authRequired({ within: 60, grace: 120 })],
  handler: okHandler,
};

async function setup(config: Record<string, unknown> = {}): Promise<void> {
  clock = createFakeClock();
  t = await createDemoSecurity({ clock, config, routes: [...DEMO_ROUTES, graceRoute] });
}

describe('freshness', () => {
  it('passes within the window and answers reauth_required after it (JSON)', async () => {
    await setup();
    const client = t.client();
    await loginJson(client, JOE);
    clock.advanceSeconds(59);
    expect((await client.getJson('/api/fresh')).status).toBe(200);
    clock.advanceSeconds(2);
    const stale = await client.getJson('/api/fresh');
    expect(stale.status).toBe(401);
    expect(stale.body).toMatchObject({
      errors: ['You must re-authenticate to access this endpoint'],
      reauth_required: true,
    });
    expect((await client.getJson('/api/session-only')).status).toBe(200);
  });

  it('redirects a stale HTML caller to /verify with a relative next', async () => {
    await setup();
    const client = t.client();
    await loginJson(client, JOE);
    clock.advanceSeconds(61);
    const res = await client.get('/api/fresh?a=1', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/verify?next=%2Fapi%2Ffresh%3Fa%3D1');
  });

  it('a successful /verify makes the session fresh again', async () => {
    await setup();
    const client = t.client();
    await loginJson(client, JOE);
    clock.advanceSeconds(3600);
    expect((await client.getJson('/api/fresh')).status).toBe(401);
    const page = await client.getJson('/verify');
    expect(page.body).toMatchObject({ has_webauthn_verify_credential: false, user: {} });
    const wrong = await client.post('/verify', {
      json: { password: 'wrong one', csrf_token: page.body.csrf_token },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.field_errors).toEqual({ password: ['Invalid password'] });
    const ok = await client.post('/verify', {
      json: { password: JOE.password, csrf_token: page.body.csrf_token },
    });
    expect(ok.status).toBe(200);
    expect((await client.getJson('/api/fresh')).status).toBe(200);
  });

  it('a verify form post redirects to a safe next', async () => {
    await setup();
    const client = t.client();
    await loginJson(client, JOE);
    const page = await client.getJson('/verify');
    const res = await client.post('/verify?next=%2Fapi%2Ffresh', {
      form: { password: JOE.password, csrf_token: String(page.body.csrf_token) },
    });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/api/fresh');
  });

  it('a passed check opens a grace window that outlasts within', async () => {
    await setup();
    const client = t.client();
    await loginJson(client, JOE);
    clock.advanceSeconds(50);
    expect((await client.getJson('/api/fresh-grace')).status).toBe(200);
    clock.advanceSeconds(100);
    expect((await client.getJson('/api/fresh-grace')).status).toBe(200);
    clock.advanceSeconds(100);
    expect((await client.getJson('/api/fresh-grace')).status).toBe(401);
  });

  it('token callers are never fresh unless freshnessAllowAuthToken', async () => {
    await setup();
    const login = await loginJson(t.client(), JOE, '?include_auth_token');
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    expect((await t.client().getJson('/api/fresh', { 'Authentication-Token': token })).status).toBe(401);
    await t.close();
    await setup({ freshnessAllowAuthToken: true });
    const again = await loginJson(t.client(), JOE, '?include_auth_token');
    const token2 = (again.body.user as { authentication_token: string }).authentication_token;
    expect((await t.client().getJson('/api/fresh', { 'Authentication-Token': token2 })).status).toBe(200);
    clock.advanceSeconds(61);
    expect((await t.client().getJson('/api/fresh', { 'Authentication-Token': token2 })).status).toBe(401);
  });

  it('/verify needs an authenticated caller', async () => {
    await setup();
    expect((await t.client().getJson('/verify')).status).toBe(401);
    const html = await t.client().get('/verify');
    expect(html.location).toBe('/login?next=%2Fverify');
  });
});
