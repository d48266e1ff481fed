import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { createFakeClock, type FakeClock } from '../../../test/fixtures/fake-clock.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

const NEW_PASSWORD = 'a changed secret 88';
let t: TestSecurity;
let clock: FakeClock;
afterEach(async () => {
  await t.close();
});

async function setup(config: Record<string, unknown> = {}): Promise<void> {
  clock = createFakeClock();
  t = await createDemoSecurity({
    clock,
    mailer: { async send() {} },
    mailWorker: { autoStart: false },
    config: { changeable: true, freshness: '1h', freshnessGracePeriod: 0, ...config },
  });
}

function fields(csrf: unknown) {
  return {
    password: JOE.password,
    new_password: NEW_PASSWORD,
    new_password_confirm: NEW_PASSWORD,
    csrf_token: csrf,
  };
}

async function tokenLogin(): Promise<string> {
  const login = await loginJson(t.client(), JOE, '?include_auth_token');
  return (login.body.user as { authentication_token: string }).authentication_token;
}

describe('/change needs a fresh authentication', () => {
  it('refuses an anonymous caller', async () => {
    await setup();
    expect((await t.client().getJson('/change')).status).toBe(401);
    expect((await t.client().get('/change')).location).toBe('/login?next=%2Fchange');
  });

  it('answers a stale session with reauth_required until /verify', async () => {
    await setup();
    const client = t.client();
    await loginJson(client, JOE);
    const csrf = (await client.getJson('/change')).body.csrf_token;
    clock.advanceSeconds(3601);
    const stale = await client.post('/change', { json: fields(csrf) });
    expect(stale.status).toBe(401);
    expect(stale.body).toMatchObject({ reauth_required: true });
    expect((await client.get('/change')).location).toBe('/verify?next=%2Fchange');

    const verify = await client.getJson('/verify');
    await client.post('/verify', { json: { password: JOE.password, csrf_token: verify.body.csrf_token } });
    const page = await client.getJson('/change');
    expect((await client.post('/change', { json: fields(page.body.csrf_token) })).status).toBe(200);
  });

  it('never lets a token caller change the password by default', async () => {
    await setup();
    const token = await tokenLogin();
    const client = t.client();
    const res = await client.getJson('/change', { 'Authentication-Token': token });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ reauth_required: true });
  });

  it('lets a fresh token caller change it with freshnessAllowAuthToken, and hands out a new token', async () => {
    await setup({ freshnessAllowAuthToken: true });
    const token = await tokenLogin();
    const client = t.client();
    const headers = { 'Authentication-Token': token };
    const page = await client.getJson('/change', headers);
    expect(page.status).toBe(200);
    const res = await client.post('/change?include_auth_token', {
      json: fields(page.body.csrf_token),
      headers,
    });
    expect(res.status).toBe(200);
    expect(client.cookies.has('session')).toBe(true);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
    expect((await t.client().getJson('/api/token', headers)).status).toBe(401);
    const fresh = (res.body.user as { authentication_token: string }).authentication_token;
    expect((await t.client().getJson('/api/token', { 'Authentication-Token': fresh })).status).toBe(200);
  });

  it('refuses a stale token caller even with freshnessAllowAuthToken', async () => {
    await setup({ freshnessAllowAuthToken: true, tokenMaxAge: null });
    const token = await tokenLogin();
    clock.advanceSeconds(3601);
    expect((await t.client().getJson('/change', { 'Authentication-Token': token })).status).toBe(401);
  });
});
