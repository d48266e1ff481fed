import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, DEMO_ROUTES, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import { currentUser } from '../context.js';
import type { TestSecurity } from '../testing/create-test-security.js';
import { authRequired } from './auth-required.js';

/** The seed's pattern: one app exception for every authorization failure, mapped to one JSON shape. */
class MyForbiddenException extends Error {
  readonly status: number;
  constructor(message = 'Not permitted with your privileges', status = 403) {
    super(message);
    this.status = status;
  }
}

const docs = new Map([[1, { owner: 'admin@example.com' }]]);

async function docPatch(request: Request): Promise<Response> {
  const id = Number(new URL(request.url).searchParams.get('id'));
  const doc = docs.get(id);
  if (doc?.owner !== currentUser()?.email) throw new MyForbiddenException('You can only update docs you own');
  return Response.json({ ok: true });
}

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

/** Wraps the test fetch the way an app's error handler would. */
function withErrorHandler(fetch: (r: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      return await fetch(request);
    } catch (error) {
      if (error instanceof MyForbiddenException) {
        return Response.json({ status: error.status, msgs: [error.message] }, { status: error.status });
      }
      throw error;
    }
  };
}

describe('replaceable handlers', () => {
  it('an unauthzHandler that throws and app code that throws map to one JSON shape', async () => {
    t = await createDemoSecurity({
      handlers: {
        unauthzHandler: () => {
          throw new MyForbiddenException();
        },
      },
      routes: [
        ...DEMO_ROUTES,
        { method: 'PATCH', path: '/doc', guards: [authRequired('token', 'session')], handler: docPatch },
      ],
    });
    const { TestClient } = await import('../testing/test-client.js');
    const client = new TestClient(withErrorHandler(t.fetch));
    const page = await client.getJson('/login');
    await client.post('/login', { json: { ...JOE, csrf_token: page.body.csrf_token } });

    const fromGuard = await client.getJson('/api/admin');
    expect(fromGuard.status).toBe(403);
    expect(fromGuard.json).toEqual({ status: 403, msgs: ['Not permitted with your privileges'] });

    const fromApp = await client.request('PATCH', '/doc?id=1', { headers: { accept: 'application/json' } });
    expect(fromApp.status).toBe(403);
    expect(fromApp.json).toEqual({ status: 403, msgs: ['You can only update docs you own'] });
  });

  it('custom unauthn and reauthn handlers replace the defaults', async () => {
    const clock = createFakeClock();
    t = await createDemoSecurity({
      clock,
      handlers: {
        unauthnHandler: ({ mechanisms }) => Response.json({ custom: 'unauthn', mechanisms }, { status: 401 }),
        reauthnHandler: ({ withinSeconds }) =>
          Response.json({ custom: 'reauthn', withinSeconds }, { status: 401 }),
      },
    });
    const res = await t.client().getJson('/api/session-or-token');
    expect(res.json).toEqual({ custom: 'unauthn', mechanisms: ['token', 'session'] });
    const client = t.client();
    await loginJson(client, JOE);
    clock.advanceSeconds(61);
    const stale = await client.getJson('/api/fresh');
    expect(stale.status).toBe(401);
    expect(stale.json).toEqual({ custom: 'reauthn', withinSeconds: 60 });
  });
});
