/**
 * Installing barbican() costs an unguarded route (almost) nothing: no cookie parsed, no Accept
 * negotiated, no datastore call, until something asks who the caller is. Counted, never timed.
 */
import type { Server } from 'node:http';
import express from 'express';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { countingDatastore } from '../../test/fixtures/counting-datastore.js';
import { JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { freePort } from '../../test/services/free-port.js';
import { createSqliteDatastore } from '../datastore/sqlite.js';
import { createTestSecurity, TEST_ORIGIN, type TestSecurity } from '../testing/create-test-security.js';
import * as expressAdapter from './express.js';
import * as honoAdapter from './hono.js';

/** How often each request header was read (by name, lower case). */
type HeaderReads = Map<string, number>;

function countRead(reads: HeaderReads, name: PropertyKey): void {
  if (typeof name === 'string') reads.set(name.toLowerCase(), (reads.get(name.toLowerCase()) ?? 0) + 1);
}

/** A Request whose header reads are counted (Hono hands the very object to the middleware). */
function countingRequest(
  url: string,
  headers: Record<string, string>,
): { request: Request; reads: HeaderReads } {
  const reads: HeaderReads = new Map();
  class CountingRequest extends Request {
    override get headers(): Headers {
      const real = super.headers;
      return new Proxy(real, {
        get(target, property) {
          if (property === 'get') {
            return (name: string) => {
              countRead(reads, name);
              return target.get(name);
            };
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }
  }
  return { request: new CountingRequest(url, { headers }), reads };
}

let t: TestSecurity;
let calls: string[];

async function signedInCookie(): Promise<string> {
  const counting = countingDatastore(await createSqliteDatastore({ filename: ':memory:' }));
  calls = counting.calls;
  t = await createTestSecurity({ datastore: counting.datastore });
  await t.createUser(JOE.email, JOE.password);
  const client = t.client();
  expect((await loginJson(client, JOE)).status).toBe(200);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  calls.length = 0;
  return cookie;
}

afterEach(async () => {
  await t?.close();
});

describe('Hono: the request context is lazy', () => {
  function app(): Hono {
    const { barbican, authOptional, currentUser } = honoAdapter;
    const hono = new Hono();
    hono.use(barbican(t.security));
    const answer = (c: { json: (body: unknown) => Response }) =>
      c.json({ user: currentUser()?.email ?? null });
    hono.get('/open', answer);
    hono.get('/greet', authOptional(), answer);
    return hono;
  }

  it('an unguarded route with a session cookie makes no datastore call and reads no cookie, Accept or X-Forwarded-For', async () => {
    const cookie = await signedInCookie();
    const { request, reads } = countingRequest(`${TEST_ORIGIN}/open`, { cookie, accept: 'text/html' });
    const response = await app().request(request);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: null });
    expect(calls).toEqual([]);
    expect(reads.get('cookie') ?? 0).toBe(0);
    expect(reads.get('accept') ?? 0).toBe(0);
    // The client address is worked out only when something (a login, a rate limit) asks for it.
    expect(reads.get('x-forwarded-for') ?? 0).toBe(0);
  });

  it('currentUser() in a handler behind authOptional() loads the session then, with one lookup', async () => {
    const cookie = await signedInCookie();
    const { request, reads } = countingRequest(`${TEST_ORIGIN}/greet`, { cookie });
    const response = await app().request(request);
    expect(await response.json()).toEqual({ user: JOE.email });
    expect(calls).toEqual(['findSessionWithUser']);
    expect(reads.get('cookie')).toBeGreaterThan(0);
  });
});

describe('Express: the request context is lazy', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function start(reads: HeaderReads): Promise<string> {
    const { barbican, authOptional, currentUser } = expressAdapter;
    const app = express();
    // Counts what reads the request's headers from here on (Barbican's middleware and the routes).
    app.use((req, _res, next) => {
      const real = req.headers;
      req.headers = new Proxy(real, {
        get(target, property) {
          countRead(reads, property);
          return Reflect.get(target, property);
        },
      });
      next();
    });
    app.use(barbican(t.security));
    const answer = (_req: express.Request, res: express.Response) => {
      res.json({ user: currentUser()?.email ?? null });
    };
    app.get('/open', answer);
    app.get('/greet', authOptional(), answer);
    const port = await freePort();
    server = app.listen(port, '127.0.0.1');
    await new Promise<void>((resolve) => server?.once('listening', () => resolve()));
    return `http://127.0.0.1:${port}`;
  }

  it('an unguarded route with a session cookie makes no datastore call and never converts the request', async () => {
    const cookie = await signedInCookie();
    const reads: HeaderReads = new Map();
    const origin = await start(reads);
    const response = await fetch(`${origin}/open`, { headers: { cookie, accept: 'text/html' } });
    expect(await response.json()).toEqual({ user: null });
    expect(calls).toEqual([]);
    // Converting to a Web Request copies every header, the cookie and Accept included.
    expect(reads.get('cookie') ?? 0).toBe(0);
    expect(reads.get('accept') ?? 0).toBe(0);
    expect(reads.get('x-forwarded-for') ?? 0).toBe(0);
  });

  it('authOptional() still identifies the caller, converting the request only then', async () => {
    const cookie = await signedInCookie();
    const reads: HeaderReads = new Map();
    const origin = await start(reads);
    const response = await fetch(`${origin}/greet`, { headers: { cookie } });
    expect(await response.json()).toEqual({ user: JOE.email });
    expect(calls).toEqual(['findSessionWithUser']);
    expect(reads.get('cookie')).toBeGreaterThan(0);
  });
});
