/** One scenario suite, run through every adapter over real sockets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../src/testing/test-client.js';
import { ADMIN, JOE } from '../fixtures/demo-routes.js';
import { type Framework, type RunningApp, startApp } from './servers.js';

async function login(client: TestClient, who: { email: string; password: string }, query = '') {
  const page = await client.getJson('/login');
  return client.post(`/login${query}`, { json: { ...who, csrf_token: page.body.csrf_token } });
}

function basic(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
}

export function describeAdapterScenarios(framework: Framework): void {
  describe(`${framework} adapter over a real socket`, () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await startApp(framework, { trackable: true, trustedProxies: 1 });
    });
    afterAll(async () => {
      await app.close();
    });

    it('serves the unguarded route with the user when signed in, null when not', async () => {
      expect((await app.client().getJson('/api/public')).json).toEqual({ ok: true, user: null });
      const joe = app.client();
      await login(joe, JOE);
      expect((await joe.getJson('/api/public')).json).toEqual({ ok: true, user: JOE.email });
    });

    it('leaves an OPTIONS preflight on a built-in endpoint to the app', async () => {
      const res = await app.client().request('OPTIONS', '/login', { headers: { origin: 'http://spa.test' } });
      expect(res.status).not.toBe(405);
    });

    it('signs in over JSON and carries the session cookie to guarded routes', async () => {
      const client = app.client();
      expect((await login(client, JOE)).status).toBe(200);
      expect((await client.getJson('/api/session-or-token')).json).toEqual({ ok: true, user: JOE.email });
      expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
      expect((await client.getJson('/api/admin')).status).toBe(403);
      expect((await client.getJson('/api/roles-only')).status).toBe(200);
    });

    it('signs in with an HTML form post and redirects to next', async () => {
      const client = app.client();
      const page = await client.get('/login?next=%2Fapi%2Fsession-only');
      const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const res = await client.post('/login?next=%2Fapi%2Fsession-only', {
        form: { ...JOE, csrf_token: csrf },
      });
      expect(res.status).toBe(302);
      expect(res.location).toBe('/api/session-only');
    });

    it('redirects an unauthenticated browser to login and answers 401 to JSON', async () => {
      const html = await app.client().get('/api/session-or-token', { headers: { accept: 'text/html' } });
      expect(html.status).toBe(302);
      expect(html.location).toBe('/login?next=%2Fapi%2Fsession-or-token');
      const json = await app.client().getJson('/api/session-or-token');
      expect(json.status).toBe(401);
      expect(json.json).toMatchObject({ meta: { code: 401 } });
    });

    it('authenticates tokens from the header and a JSON body, never on session-only routes', async () => {
      const res = await login(app.client(), ADMIN, '?include_auth_token');
      const token = (res.body.user as { authentication_token: string }).authentication_token;
      const client = app.client();
      expect((await client.getJson('/api/token', { 'Authentication-Token': token })).json).toEqual({
        ok: true,
        user: ADMIN.email,
      });
      expect((await client.post('/api/mutate', { json: { auth_token: token } })).json).toEqual({
        ok: true,
        user: ADMIN.email,
      });
      expect((await client.getJson('/api/session-only', { 'Authentication-Token': token })).status).toBe(401);
      expect(client.cookies.size).toBe(0);
    });

    it('challenges Basic with WWW-Authenticate and accepts credentials per request', async () => {
      const refused = await app.client().getJson('/api/basic');
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Basic realm="Login Required"');
      const ok = await app.client().getJson('/api/basic', { authorization: basic(JOE.email, JOE.password) });
      expect(ok.json).toEqual({ ok: true, user: JOE.email });
      expect(ok.setCookies).toEqual([]);
    });

    it('logout kills the session for every copy of the cookie', async () => {
      const client = app.client();
      await login(client, JOE);
      const captured = `session=${client.cookies.get('session')}`;
      expect((await client.post('/logout', { headers: { accept: 'application/json' } })).status).toBe(200);
      expect((await app.client().getJson('/api/session-only', { cookie: captured })).status).toBe(401);
    });

    it('records the client IP from X-Forwarded-For behind one trusted proxy', async () => {
      await app.t.createUser('ip@example.com', 'a good password 1');
      const client = app.client();
      const page = await client.getJson('/login');
      await client.post('/login', {
        json: { email: 'ip@example.com', password: 'a good password 1', csrf_token: page.body.csrf_token },
        headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' },
      });
      const user = await app.t.datastore.findUserByIdentity('email', 'ip@example.com');
      expect(user?.currentLoginIp).toBe('198.51.100.7');
    });

    it('keeps concurrent users apart across the framework', async () => {
      const clients = await Promise.all(
        [JOE, ADMIN].map(async (who) => {
          const client = app.client();
          await login(client, who);
          return { who, client };
        }),
      );
      const results = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const { who, client } = clients[i % 2] ?? { who: JOE, client: app.client() };
          const res = await client.getJson('/api/session-or-token');
          return (res.json as { user: string }).user === who.email;
        }),
      );
      expect(results.every(Boolean)).toBe(true);
    });

    it('shows the signed-in user on the home page', async () => {
      const client = app.client();
      await login(client, JOE);
      const home = await client.get('/');
      expect(home.text).toContain('Signed in as <strong>joe@example.com</strong>');
      expect((await app.client().get('/')).text).toContain('Not signed in.');
    });

    it('answers bad JSON to a built-in endpoint with a 4xx, not a 500', async () => {
      const res = await app.client().post('/login', {
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{"email":',
      });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ meta: { code: 400 } });
      expect(res.text).not.toMatch(/\bat \S+ \(|node_modules/);
    });
  });
}
