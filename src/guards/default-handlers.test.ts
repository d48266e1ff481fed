import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import type { TestSecurity } from '../testing/create-test-security.js';

let t: TestSecurity;
beforeEach(async () => {
  t = await createDemoSecurity();
});
afterEach(async () => {
  await t.close();
});

const HTML = { accept: 'text/html' };
const JSON_ACCEPT = { accept: 'application/json' };

describe('default unauthn/unauthz/reauthn answers go through the responder', () => {
  it.each([
    ['JSON 401', '/api/session-only', JSON_ACCEPT, 401],
    ['HTML redirect to login', '/api/session-only', HTML, 302],
    ['HTML Basic 401', '/api/basic', HTML, 401],
    ['JSON 403', '/api/roles-only', JSON_ACCEPT, 403],
    ['HTML 403', '/api/roles-only', HTML, 403],
  ])('%s carries Cache-Control: no-store and Vary: Cookie', async (_name, path, headers, status) => {
    const res = await t.client().get(path, { headers });
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('vary')).toBe('Cookie');
  });

  it('a signed-in user lacking a role gets the HTML 403 page with no-store', async () => {
    const joe = t.client();
    await loginJson(joe, JOE);
    const res = await joe.get('/api/admin', { headers: HTML });
    expect(res.status).toBe(403);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('vary')).toBe('Cookie');
    expect(res.text).toContain('<h1>Forbidden</h1>');
  });

  it('a stale session gets the reauthn envelope with Vary: Cookie', async () => {
    await t.close();
    const clock = createFakeClock();
    t = await createDemoSecurity({ clock });
    const joe = t.client();
    await loginJson(joe, JOE);
    clock.advanceSeconds(120);
    const res = await joe.getJson('/api/fresh');
    expect(res.status).toBe(401);
    expect(res.headers.get('vary')).toBe('Cookie');
    expect(res.body.reauth_required).toBe(true);
  });

  it('Accept: application/json, text/html gets HTML, as the endpoints answer it', async () => {
    const headers = { accept: 'application/json, text/html' };
    const guarded = await t.client().get('/api/roles-only', { headers });
    const endpoint = await t.client().get('/login', { headers });
    expect(endpoint.headers.get('content-type')).toContain('text/html');
    expect(guarded.headers.get('content-type')).toContain('text/html');
  });
});
