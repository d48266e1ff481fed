/**
 * CSRF: mechanism × configuration × token location, through every adapter over real sockets.
 * Each expectation fails without the rule it names (see src/csrf/csrf-policy.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../src/testing/test-client.js';
import { ADMIN, JOE } from '../fixtures/demo-routes.js';
import { type Framework, type RunningApp, startApp } from './servers.js';

const FRAMEWORKS: readonly Framework[] = ['hono', 'express', 'express-parsers-first'];

const MODES = {
  default: {},
  protectAll: { csrfProtectAll: true },
  guards: {
    csrfProtectAll: true,
    csrfCheckDefault: false,
    csrfProtectMechanisms: ['session', 'basic'],
    csrfIgnoreUnauthEndpoints: true,
    csrfCookieName: 'XSRF-TOKEN',
  },
} as const;
type Mode = keyof typeof MODES;

type Location = 'none' | 'form' | 'json' | 'X-CSRF-Token' | 'X-CSRFToken' | 'X-XSRF-Token' | 'wrong';
const LOCATIONS: readonly Location[] = [
  'none',
  'form',
  'json',
  'X-CSRF-Token',
  'X-CSRFToken',
  'X-XSRF-Token',
  'wrong',
];

async function signIn(
  client: TestClient,
  who: { email: string; password: string },
): Promise<{ csrf: string; token: string }> {
  const page = await client.getJson('/login');
  const res = await client.post('/login?include_auth_token', {
    json: { ...who, csrf_token: page.body.csrf_token },
  });
  expect(res.status).toBe(200);
  return {
    csrf: String(res.body.csrf_token),
    token: (res.body.user as { authentication_token: string }).authentication_token,
  };
}

function mutate(client: TestClient, location: Location, csrf: string, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  const value = location === 'wrong' ? '1700000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' : csrf;
  switch (location) {
    case 'form':
      return client.post('/api/mutate', { form: { csrf_token: value }, headers });
    case 'json':
      return client.post('/api/mutate', { json: { csrf_token: value }, headers });
    case 'none':
      return client.post('/api/mutate', { json: {}, headers });
    case 'wrong':
      return client.post('/api/mutate', { json: {}, headers: { ...headers, 'X-CSRF-Token': value } });
    default:
      return client.post('/api/mutate', { json: {}, headers: { ...headers, [location]: value } });
  }
}

/** The JSON body of a CSRF refusal with `message`. */
function csrfRefusal(message: string): unknown {
  return { meta: { code: 400 }, response: { field_errors: { csrf_token: [message] }, errors: [message] } };
}

/** What a cookie-authenticated POST to /api/mutate should answer. */
function sessionExpectation(mode: Mode, location: Location): number {
  if (mode === 'default') return 200;
  return location === 'none' || location === 'wrong' ? 400 : 200;
}

for (const framework of FRAMEWORKS) {
  for (const mode of Object.keys(MODES) as Mode[]) {
    describe(`CSRF on ${framework}, mode ${mode}`, () => {
      let app: RunningApp;
      beforeAll(async () => {
        app = await startApp(framework, MODES[mode]);
      });
      afterAll(async () => {
        await app.close();
      });

      it.each(LOCATIONS)('a session-authenticated POST with the token in %s', async (location) => {
        const client = app.client();
        const { csrf } = await signIn(client, JOE);
        const res = await mutate(client, location, csrf);
        const expected = sessionExpectation(mode, location);
        const refusal = location === 'wrong' ? 'The CSRF tokens do not match.' : 'The CSRF token is missing.';
        expect({ status: res.status, json: res.json }).toEqual({
          status: expected,
          json: expected === 400 ? csrfRefusal(refusal) : { ok: true, user: JOE.email },
        });
      });

      it('a token-authenticated POST without any CSRF token', async () => {
        const { token } = await signIn(app.client(), JOE);
        const res = await app
          .client()
          .post('/api/mutate', { json: {}, headers: { 'Authentication-Token': token } });
        // Token auth is exempt unless the early check of protect-all (upstream's CSRFProtect) applies.
        expect(res.status).toBe(mode === 'protectAll' ? 400 : 200);
      });

      it("an attacker's own token with the victim's cookie never runs as the victim", async () => {
        const victim = app.client();
        await signIn(victim, JOE);
        const { token: attackerToken } = await signIn(app.client(), ADMIN);
        const res = await victim.post(`/api/mutate?auth_token=${encodeURIComponent(attackerToken)}`, {
          form: { x: '1' },
          headers: { accept: 'application/json' },
        });
        // The token wins over the cookie (unless protect-all refuses first): never Joe, never a mix.
        expect({ status: res.status, json: res.json }).toEqual(
          mode === 'protectAll'
            ? { status: 400, json: csrfRefusal('The CSRF token is missing.') }
            : { status: 200, json: { ok: true, user: ADMIN.email } },
        );
      });

      it('an anonymous POST to a guarded route', async () => {
        const res = await app
          .client()
          .post('/api/mutate', { json: {}, headers: { accept: 'application/json' } });
        // protect-all checks before any guard (400); otherwise the guard answers 401.
        expect(res.status).toBe(mode === 'protectAll' ? 400 : 401);
      });

      it('unauthCsrf: anonymous callers (ignored only with csrfIgnoreUnauthEndpoints), signed-in ones always', async () => {
        const anonymous = await app
          .client()
          .post('/api/unauth-csrf', { json: {}, headers: { accept: 'application/json' } });
        expect(anonymous.status).toBe(mode === 'guards' ? 200 : 400);
        const client = app.client();
        const { csrf } = await signIn(client, JOE);
        expect((await client.post('/api/unauth-csrf', { json: {} })).status).toBe(400);
        const ok = await client.post('/api/unauth-csrf', { json: {}, headers: { 'X-CSRF-Token': csrf } });
        expect(ok.json).toEqual({ ok: true, user: JOE.email });
      });

      it.each([
        ['Origin of another site', { origin: 'http://evil.example' }],
        ['Origin null', { origin: 'null' }],
        ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
      ])('refuses a cookie-authenticated POST with %s, even with a valid token', async (_name, headers) => {
        const client = app.client();
        const { csrf } = await signIn(client, JOE);
        const res = await mutate(client, 'X-CSRF-Token', csrf, headers);
        expect(res.status).toBe(400);
        expect(res.body.field_errors).toEqual({ csrf_token: ['Cross-site request refused.'] });
      });

      it('accepts a cookie-authenticated POST from its own origin', async () => {
        const client = app.client();
        const { csrf } = await signIn(client, JOE);
        const res = await mutate(client, 'X-CSRF-Token', csrf, {
          origin: app.url,
          'sec-fetch-site': 'same-origin',
        });
        expect(res.status).toBe(200);
      });

      it("does not apply the origin check to a token caller's request", async () => {
        const { token, csrf } = await signIn(app.client(), JOE);
        const res = await app.client().post('/api/mutate', {
          json: {},
          headers: {
            'Authentication-Token': token,
            origin: 'http://elsewhere.example',
            'X-CSRF-Token': csrf,
          },
        });
        // Protect-all checks the token itself (this one belongs to another session), never the origin.
        expect({ status: res.status, json: res.json }).toEqual(
          mode === 'protectAll'
            ? { status: 400, json: csrfRefusal('The CSRF tokens do not match.') }
            : { status: 200, json: { ok: true, user: JOE.email } },
        );
      });

      it('refuses a cross-site login post that carries a session cookie', async () => {
        const client = app.client();
        const page = await client.getJson('/login');
        const res = await client.post('/login', {
          json: { ...JOE, csrf_token: page.body.csrf_token },
          headers: { 'sec-fetch-site': 'cross-site' },
        });
        expect(res.status).toBe(400);
      });
    });
  }
}

describe('SPA cookie mode (csrfCookieName)', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp('hono', { ...MODES.guards, csrfCookieRefreshEachRequest: true });
  });
  afterAll(async () => {
    await app.close();
  });

  it('sets a readable XSRF-TOKEN at GET /login and login, accepts it echoed, removes it at logout', async () => {
    const client = app.client();
    const page = await client.getJson('/login');
    const first = page.setCookies.find((c) => c.startsWith('XSRF-TOKEN='));
    expect(first).toMatch(/SameSite=Strict/);
    expect(first).not.toMatch(/HttpOnly/);
    const login = await client.post('/login', { json: JOE });
    expect(login.setCookies.some((c) => c.startsWith('XSRF-TOKEN='))).toBe(true);
    const cookie = client.cookies.get('XSRF-TOKEN') ?? '';
    expect((await client.post('/api/mutate', { json: {} })).status).toBe(400);
    const ok = await client.post('/api/mutate', { json: {}, headers: { 'X-XSRF-Token': cookie } });
    expect(ok.json).toEqual({ ok: true, user: JOE.email });
    const out = await client.post('/logout', {
      headers: { accept: 'application/json', 'X-XSRF-Token': cookie },
    });
    expect(out.setCookies.find((c) => c.startsWith('XSRF-TOKEN='))).toMatch(/Max-Age=0/);
    expect(client.cookies.has('XSRF-TOKEN')).toBe(false);
  });

  it('refreshes the cookie on every response to a signed-in caller when asked', async () => {
    const client = app.client();
    await client.getJson('/login');
    await client.post('/login', { json: JOE });
    const res = await client.getJson('/api/session-only');
    expect(res.setCookies.some((c) => c.startsWith('XSRF-TOKEN='))).toBe(true);
    const anonymous = await app.client().getJson('/api/public');
    expect(anonymous.setCookies.some((c) => c.startsWith('XSRF-TOKEN='))).toBe(false);
  });
});

describe('logoutCsrf', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp('express', { logoutCsrf: true });
  });
  afterAll(async () => {
    await app.close();
  });

  it('requires the token on /logout and keeps the session when it is missing', async () => {
    const client = app.client();
    const { csrf } = await signIn(client, JOE);
    const refused = await client.post('/logout', { headers: { accept: 'application/json' } });
    expect(refused.status).toBe(400);
    expect((await client.getJson('/api/session-only')).status).toBe(200);
    const ok = await client.post('/logout', {
      headers: { accept: 'application/json', 'X-CSRF-Token': csrf },
    });
    expect(ok.status).toBe(200);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });
});
