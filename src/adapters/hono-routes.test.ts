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
import { barbicanRoutes, currentUser } from './hono.js';

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

  it('refuses a configuration that checks every request', async () => {
    await open({ csrfProtectAll: true });
    expect(() => barbicanRoutes(t.security)).toThrow(/mount barbican\(security\) as middleware/);
  });
});
