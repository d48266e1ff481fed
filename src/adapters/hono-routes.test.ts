/**
 * barbicanRoutes(): Barbican mounted as routes, with guards that open the request context
 * themselves. An app route without a guard runs no Barbican code; guarded routes and the built-in
 * endpoints behave as under barbican().
 */
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { countingDatastore } from '../../test/fixtures/counting-datastore.js';
import { JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import type { SecurityConfigInput } from '../config/options.js';
import { currentState } from '../context.js';
import { createSqliteDatastore } from '../datastore/sqlite.js';
import { csrfToken } from '../guards/unauth-csrf.js';
import { createTestSecurity, TEST_ORIGIN, type TestSecurity } from '../testing/create-test-security.js';
import { TestClient } from '../testing/test-client.js';
import { barbican, barbicanRoutes, currentUser } from './hono.js';

let t: TestSecurity;
let calls: string[];

async function open(config: SecurityConfigInput = {}): Promise<TestSecurity> {
  const counting = countingDatastore(await createSqliteDatastore({ filename: ':memory:' }));
  calls = counting.calls;
  t = await createTestSecurity({ datastore: counting.datastore, config });
  await t.createUser(JOE.email, JOE.password);
  return t;
}

afterEach(async () => {
  await t?.close();
});

/** An app mounted the routes way, and a client of it (cookies kept). */
function routesApp(): { app: Hono; client: () => TestClient; seen: Array<unknown> } {
  const { routes, authRequired, authOptional, authTokenRequired } = barbicanRoutes(t.security);
  const app = new Hono();
  app.route('/', routes);
  const seen: unknown[] = [];
  const who = (c: { json: (body: unknown) => Response }) => c.json({ user: currentUser()?.email ?? null });
  app.get('/open', (c) => {
    seen.push(currentState());
    return c.json({ user: currentUser()?.email ?? null });
  });
  app.get('/session', authRequired('session'), who);
  app.get('/token', authTokenRequired(), who);
  app.get('/both', authOptional(), authRequired(), who);
  app.get('/form', authOptional(), async (c) => c.json({ csrf_token: await csrfToken() }));
  const client = () => new TestClient((request) => Promise.resolve(app.fetch(request)), TEST_ORIGIN);
  return { app, client, seen };
}

describe('barbicanRoutes (Hono)', () => {
  it('serves the built-in endpoints and guards: a JSON login, then a session and a token', async () => {
    await open();
    const client = routesApp().client();
    expect((await client.getJson('/session')).status).toBe(401);
    const login = await loginJson(client, JOE, '?include_auth_token');
    expect(login.status).toBe(200);
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    expect((await client.getJson('/session')).json).toEqual({ user: JOE.email });
    const anonymous = routesApp().client();
    expect((await anonymous.getJson('/token', { 'authentication-token': token })).json).toEqual({
      user: JOE.email,
    });
    // Two guards on one route: the first opens the context, the second finds it open.
    expect((await client.getJson('/both')).json).toEqual({ user: JOE.email });
  });

  it('registers parameterised endpoints too (a mailed reset link)', async () => {
    await open({ recoverable: true });
    const client = routesApp().client();
    const reset = await client.getJson('/reset/not-a-real-token');
    // Barbican's answer (an invalid link), not Hono's "404 Not Found".
    expect(reset.status).toBe(400);
    expect(reset.json).toMatchObject({ meta: { code: 400 } });
  });

  it('an unguarded route runs no Barbican code: no context, no datastore call', async () => {
    await open();
    const { client: makeClient, seen } = routesApp();
    const client = makeClient();
    await loginJson(client, JOE);
    calls.length = 0;
    expect((await client.getJson('/open')).json).toEqual({ user: null });
    expect(seen).toEqual([undefined]);
    expect(calls).toEqual([]);
  });

  it('a cookie queued inside a guarded route goes out with the app response', async () => {
    await open();
    const { app } = routesApp();
    const response = await app.request('/form', { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { csrf_token: string }).csrf_token).toMatch(/\./);
    expect(response.headers.getSetCookie()).toEqual([expect.stringMatching(/^session=a:/)]);
  });

  it('guarded(): guards and handler as one route handler, answering like the middleware form', async () => {
    await open();
    const { routes, guarded, authRequired, authTokenRequired, authOptional, rolesRequired } = barbicanRoutes(
      t.security,
    );
    const app = new Hono();
    app.route('/', routes);
    app.get(
      '/g/session',
      guarded(authRequired('session'), (c) => c.json({ user: currentUser()?.email })),
    );
    app.get(
      '/g/token',
      guarded(authTokenRequired(), async (c) => c.json({ user: currentUser()?.email })),
    );
    app.get(
      '/g/admin',
      guarded(authRequired(), rolesRequired('admin'), (c) => c.json({ ok: true })),
    );
    app.get(
      '/g/form',
      guarded(authOptional(), async (c) => c.json({ csrf_token: await csrfToken() })),
    );
    app.get(
      '/g/item/:id',
      guarded(authRequired(), (c) => c.json({ id: c.req.param('id') })),
    );
    const client = new TestClient((request) => Promise.resolve(app.fetch(request)), TEST_ORIGIN);
    expect((await client.getJson('/g/session')).status).toBe(401);
    const login = await loginJson(client, JOE, '?include_auth_token');
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    expect((await client.getJson('/g/session')).json).toEqual({ user: JOE.email });
    expect((await client.getJson('/g/item/7')).json).toEqual({ id: '7' });
    // The second guard refuses: signed in, without the role.
    expect((await client.getJson('/g/admin')).status).toBe(403);
    const anonymous = new TestClient((request) => Promise.resolve(app.fetch(request)), TEST_ORIGIN);
    expect((await anonymous.getJson('/g/session', { 'authentication-token': token })).status).toBe(401);
    expect((await anonymous.getJson('/g/token', { 'authentication-token': token })).json).toEqual({
      user: JOE.email,
    });
    expect((await anonymous.getJson('/g/token', { 'authentication-token': `${token}x` })).status).toBe(401);
    // A cookie queued by the handler (a new visitor's CSRF session) goes out with its answer.
    const form = await app.request('/g/form', { headers: { accept: 'application/json' } });
    expect(form.status).toBe(200);
    expect(form.headers.getSetCookie()).toEqual([expect.stringMatching(/^session=a:/)]);
  });

  it('guarded(): a caller the guards pass at once is answered synchronously, and a logout still counts', async () => {
    await open();
    const { routes, guarded, authRequired } = barbicanRoutes(t.security);
    const app = new Hono();
    app.route('/', routes);
    app.get(
      '/g',
      guarded(authRequired('session'), (c) => c.json({ user: currentUser()?.email })),
    );
    app.get('/m', authRequired('session'), (c) => c.json({ user: currentUser()?.email }));
    const client = new TestClient((request) => Promise.resolve(app.fetch(request)), TEST_ORIGIN);
    await loginJson(client, JOE);
    const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const request = () =>
      new Request(`${TEST_ORIGIN}/g`, { headers: { cookie, accept: 'application/json' } });
    expect((await app.fetch(request())).status).toBe(200);
    // Known now: no promise anywhere between Hono and the handler's Response.
    const answer = app.fetch(request());
    expect(answer).toBeInstanceOf(Response);
    expect(await (answer as Response).json()).toEqual({ user: JOE.email });
    // The same guard as middleware goes through Hono's chain, which is a promise.
    expect(app.fetch(new Request(`${TEST_ORIGIN}/m`, { headers: { cookie } }))).toBeInstanceOf(Promise);
    expect((await client.post('/logout', { headers: { accept: 'application/json' } })).status).toBe(200);
    expect((await app.fetch(request())).status).toBe(401);
  });

  it('guarded() works behind barbican() too, and takes only guards of its own barbicanRoutes()', async () => {
    await open();
    const { guarded, authRequired } = barbicanRoutes(t.security);
    const app = new Hono();
    app.use(barbican(t.security));
    app.get(
      '/g',
      guarded(authRequired('session'), (c) => c.json({ user: currentUser()?.email })),
    );
    const client = new TestClient((request) => Promise.resolve(app.fetch(request)), TEST_ORIGIN);
    expect((await client.getJson('/g')).status).toBe(401);
    await loginJson(client, JOE);
    expect((await client.getJson('/g')).json).toEqual({ user: JOE.email });
    const other = barbicanRoutes(t.security);
    const handler = (c: { text: (body: string) => Response }) => c.text('x');
    expect(() => guarded(other.authRequired(), handler)).toThrow(TypeError);
    expect(() => guarded(async (_c, next) => next(), handler)).toThrow(
      /guarded\(\): pass one or more guards/,
    );
  });

  it('refuses a configuration that checks every request', async () => {
    await open({ csrfProtectAll: true });
    expect(() => barbicanRoutes(t.security)).toThrow(/mount barbican\(security\) as middleware/);
  });
});
