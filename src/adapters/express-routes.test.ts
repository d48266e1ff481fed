/**
 * barbicanRoutes() on Express: a middleware that serves only the built-in endpoints, and guards
 * that open the request context themselves. An app route without a guard runs no Barbican code;
 * guarded routes and the built-in endpoints behave as under barbican() (the adapter suite runs the
 * demo both ways: test/adapters/express.test.ts).
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { countingDatastore } from '../../test/fixtures/counting-datastore.js';
import { JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { freePort } from '../../test/services/free-port.js';
import type { SecurityConfigInput } from '../config/options.js';
import { currentState } from '../context.js';
import { createSqliteDatastore } from '../datastore/sqlite.js';
import { csrfToken } from '../guards/unauth-csrf.js';
import { createTestSecurity, type TestSecurity } from '../testing/create-test-security.js';
import { TestClient } from '../testing/test-client.js';
import { barbicanRoutes, currentUser } from './express.js';

let t: TestSecurity | undefined;
let server: Server | undefined;
let calls: string[];

async function open(config: SecurityConfigInput = {}): Promise<TestSecurity> {
  const counting = countingDatastore(await createSqliteDatastore({ filename: ':memory:' }));
  calls = counting.calls;
  const port = await freePort();
  t = await createTestSecurity({
    datastore: counting.datastore,
    config: { externalUrl: `http://127.0.0.1:${port}`, ...config },
  });
  await t.createUser(JOE.email, JOE.password);
  return t;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await t?.close();
  t = undefined;
});

/** The app mounted the routes way on a loopback socket, and a client of it (cookies kept). */
async function routesApp(security: TestSecurity): Promise<{ client: () => TestClient; seen: unknown[] }> {
  const { routes, authRequired, authOptional, authTokenRequired } = barbicanRoutes(security.security);
  const app = express();
  app.use(routes);
  const seen: unknown[] = [];
  const who = (_req: express.Request, res: express.Response) => {
    res.json({ user: currentUser()?.email ?? null });
  };
  app.get('/open', (_req, res) => {
    seen.push(currentState());
    res.json({ user: currentUser()?.email ?? null });
  });
  app.get('/session', authRequired('session'), who);
  app.get('/token', authTokenRequired(), who);
  app.get('/both', authOptional(), authRequired(), who);
  app.get('/form', authOptional(), async (_req, res) => {
    res.json({ csrf_token: await csrfToken() });
  });
  const url = security.security.config.externalUrl;
  server = app.listen(Number(new URL(url).port), '127.0.0.1');
  await new Promise<void>((resolve) => server?.once('listening', () => resolve()));
  return { client: () => new TestClient((request) => fetch(request, { redirect: 'manual' }), url), seen };
}

describe('barbicanRoutes (Express)', () => {
  it('serves the built-in endpoints and guards: a JSON login, then a session and a token', async () => {
    const { client: makeClient } = await routesApp(await open());
    const client = makeClient();
    expect((await client.getJson('/session')).status).toBe(401);
    const login = await loginJson(client, JOE, '?include_auth_token');
    expect(login.status).toBe(200);
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    expect((await client.getJson('/session')).json).toEqual({ user: JOE.email });
    expect((await makeClient().getJson('/token', { 'authentication-token': token })).json).toEqual({
      user: JOE.email,
    });
    // Two guards on one route: the first opens the context, the second finds it open.
    expect((await client.getJson('/both')).json).toEqual({ user: JOE.email });
    expect((await client.post('/logout', { headers: { accept: 'application/json' } })).status).toBe(200);
    expect((await client.getJson('/session')).status).toBe(401);
  });

  it('an unguarded route runs no Barbican code: no context, no datastore call', async () => {
    const { client: makeClient, seen } = await routesApp(await open());
    const client = makeClient();
    await loginJson(client, JOE);
    calls.length = 0;
    expect((await client.getJson('/open')).json).toEqual({ user: null });
    expect(seen).toEqual([undefined]);
    expect(calls).toEqual([]);
  });

  it('a cookie queued inside a guarded route goes out with the app response', async () => {
    const { client } = await routesApp(await open());
    const response = await client().getJson('/form');
    expect(response.status).toBe(200);
    expect((response.json as { csrf_token: string }).csrf_token).toMatch(/\./);
    expect(response.setCookies).toEqual([expect.stringMatching(/^session=a:/)]);
  });

  it('refuses a configuration that checks every request', async () => {
    const security = await open({ csrfProtectAll: true });
    expect(() => barbicanRoutes(security.security)).toThrow(/mount barbican\(security\) as middleware/);
  });
});
