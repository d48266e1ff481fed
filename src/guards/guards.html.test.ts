import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../testing/create-test-security.js';

let t: TestSecurity;
beforeEach(async () => {
  t = await createDemoSecurity();
});
afterEach(async () => {
  await t.close();
});

describe('negotiation (Flask-Security clients rely on it)', () => {
  it.each([
    ['application/json', undefined, 401],
    ['application/json, text/plain, */*', undefined, 401],
    ['text/html, application/json', undefined, 302],
    ['application/json;q=0.5, text/html', undefined, 302],
    ['*/*', undefined, 302],
    [undefined, undefined, 302],
    ['text/html', 'application/json', 401],
  ])('Accept %s, Content-Type %s → %i', async (accept, contentType, status) => {
    const headers: Record<string, string> = {};
    if (accept) headers.accept = accept;
    if (contentType) headers['content-type'] = contentType;
    const res = await t.client().get('/api/session-or-token', { headers });
    expect(res.status).toBe(status);
  });
});

describe('unauthenticated HTML callers', () => {
  it('are redirected to the login URL with a relative, encoded next', async () => {
    const res = await t.client().get('/api/session-or-token?x=1', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/login?next=%2Fapi%2Fsession-or-token%3Fx%3D1');
  });

  it('get a 403 page, not a redirect, from a route with only an authorization guard', async () => {
    const res = await t.client().get('/api/roles-only', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(403);
    expect(res.location).toBeNull();
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('a signed-in user lacking a role gets 403, or a redirect to unauthorizedView when set', async () => {
    const joe = t.client();
    await loginJson(joe, JOE);
    expect((await joe.get('/api/admin', { headers: { accept: 'text/html' } })).status).toBe(403);
    await t.close();
    t = await createDemoSecurity({ config: { unauthorizedView: '/nope' } });
    const joe2 = t.client();
    await loginJson(joe2, JOE);
    const res = await joe2.get('/api/admin', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/nope');
  });

  it('builds the redirect with urlPrefix and never from the Host header', async () => {
    await t.close();
    t = await createDemoSecurity({ config: { urlPrefix: '/auth' } });
    const res = await t
      .client()
      .get('/api/session-only', { headers: { accept: 'text/html', host: 'evil.com' } });
    expect(res.location).toBe('/auth/login?next=%2Fapi%2Fsession-only');
  });
});
