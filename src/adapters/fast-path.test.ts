/**
 * The guards' fast path: a request whose session cookie or token was checked before, and whose
 * user the never-stale cache holds, passes without waiting (one synchronous peek, no lookup, no
 * HMAC) — and the fast path never passes what the full guard would refuse. Counted, never timed.
 */
import type { Server } from 'node:http';
import express from 'express';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { countingDatastore } from '../../test/fixtures/counting-datastore.js';
import { JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { freePort } from '../../test/services/free-port.js';
import { createSqliteDatastore } from '../datastore/sqlite.js';
import { createTestSecurity, type TestSecurity } from '../testing/create-test-security.js';
import * as expressAdapter from './express.js';
import * as honoAdapter from './hono.js';

let t: TestSecurity;
let calls: string[];

/** JOE signed in: his session cookie header and an auth token; no datastore call counted yet. */
async function signedIn(): Promise<{ cookie: string; token: string }> {
  const counting = countingDatastore(await createSqliteDatastore({ filename: ':memory:' }));
  calls = counting.calls;
  t = await createTestSecurity({ datastore: counting.datastore });
  await t.createUser(JOE.email, JOE.password);
  const client = t.client();
  const login = await loginJson(client, JOE, '?include_auth_token');
  expect(login.status).toBe(200);
  const token = (login.body.user as { authentication_token: string }).authentication_token;
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  calls.length = 0;
  return { cookie, token };
}

afterEach(async () => {
  await t?.close();
});

function honoApp(): Hono {
  const { barbican, authRequired, authTokenRequired, currentUser } = honoAdapter;
  const hono = new Hono();
  hono.use(barbican(t.security));
  const answer = (c: { json: (body: unknown) => Response }) => c.json({ user: currentUser()?.email ?? null });
  hono.get('/session', authRequired('session'), answer);
  hono.post('/session', authRequired('session'), answer);
  hono.get('/either', authRequired(), answer);
  hono.get('/token', authTokenRequired(), answer);
  hono.get('/fresh', authRequired('session', { within: 0, grace: 0 }), answer);
  return hono;
}

describe('Hono: a known caller passes without waiting', () => {
  it('a session seen before is one synchronous peek: no lookup', async () => {
    const { cookie } = await signedIn();
    const app = honoApp();
    const get = () => app.request('/session', { headers: { cookie, accept: 'application/json' } });
    expect(await (await get()).json()).toEqual({ user: JOE.email });
    expect(calls).toEqual(['findSessionWithUser']);
    calls.length = 0;
    for (let i = 0; i < 3; i += 1) expect(await (await get()).json()).toEqual({ user: JOE.email });
    expect(calls).toEqual(['peekSessionWithUser', 'peekSessionWithUser', 'peekSessionWithUser']);
  });

  it('a token seen before is one synchronous peek, and authRequired() tries it before the session', async () => {
    const { cookie, token } = await signedIn();
    const app = honoApp();
    const headers = { 'authentication-token': token, accept: 'application/json' };
    expect((await app.request('/token', { headers })).status).toBe(200);
    // The first time, the peek finds nothing yet and the guard looks the user up.
    expect(calls).toEqual(['peekUserByTokenUniquifier', 'findUserByTokenUniquifier']);
    calls.length = 0;
    expect(await (await app.request('/token', { headers })).json()).toEqual({ user: JOE.email });
    expect(await (await app.request('/either', { headers: { ...headers, cookie } })).json()).toEqual({
      user: JOE.email,
    });
    expect(calls).toEqual(['peekUserByTokenUniquifier', 'peekUserByTokenUniquifier']);
  });

  it('a cookie whose signature was checked before does not vouch for a tampered copy', async () => {
    const { cookie } = await signedIn();
    const app = honoApp();
    const get = (value: string) =>
      app.request('/session', { headers: { cookie: value, accept: 'application/json' } });
    expect((await get(cookie)).status).toBe(200);
    // The last character of the signature, changed: the same session id, a wrong HMAC.
    const last = cookie.at(-1) === 'A' ? 'B' : 'A';
    expect((await get(`${cookie.slice(0, -1)}${last}`)).status).toBe(401);
    expect((await get(`${cookie}x`)).status).toBe(401);
  });

  it('never skips what the full guard checks: a cross-site write, freshness, a deactivated user', async () => {
    const { cookie } = await signedIn();
    const app = honoApp();
    const json = { cookie, accept: 'application/json' };
    for (let i = 0; i < 2; i += 1)
      expect((await app.request('/session', { headers: json })).status).toBe(200);
    const crossSite = await app.request('/session', {
      method: 'POST',
      headers: { ...json, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(400);
    expect((await app.request('/fresh', { headers: json })).status).toBe(401);
    const user = await t.datastore.findUserByIdentity('email', JOE.email);
    if (!user) throw new Error('JOE is missing');
    await t.datastore.deactivateUser(user);
    expect((await app.request('/session', { headers: json })).status).toBe(401);
  });
});

describe('Express: a known caller passes without converting the request', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('a session seen before is one peek, and the Web Request is never built', async () => {
    const { cookie } = await signedIn();
    const { barbican, authRequired, currentUser } = expressAdapter;
    const app = express();
    let converted = 0;
    // Building the Web Request copies every header: counted by the reads of one nobody else reads.
    app.use((req, _res, next) => {
      req.headers = new Proxy(req.headers, {
        get(target, property) {
          if (property === 'x-only-a-copy-reads-this') converted += 1;
          return Reflect.get(target, property);
        },
      });
      next();
    });
    app.use(barbican(t.security));
    app.get('/session', authRequired('session'), (_req, res) => {
      res.json({ user: currentUser()?.email ?? null });
    });
    const port = await freePort();
    server = app.listen(port, '127.0.0.1');
    await new Promise<void>((resolve) => server?.once('listening', () => resolve()));
    const get = () =>
      fetch(`http://127.0.0.1:${port}/session`, { headers: { cookie, 'x-only-a-copy-reads-this': '1' } });
    expect(await (await get()).json()).toEqual({ user: JOE.email });
    calls.length = 0;
    converted = 0;
    for (let i = 0; i < 3; i += 1) expect(await (await get()).json()).toEqual({ user: JOE.email });
    expect(calls).toEqual(['peekSessionWithUser', 'peekSessionWithUser', 'peekSessionWithUser']);
    expect(converted).toBe(0);
  });
});
