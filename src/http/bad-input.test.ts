import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../testing/create-test-security.js';

let t: TestSecurity;
beforeEach(async () => {
  t = await createDemoSecurity({ config: { csrfIgnoreUnauthEndpoints: true, maxBodyBytes: 65536 } });
});
afterEach(async () => {
  await t.close();
});

async function userCount(): Promise<number> {
  let count = 0;
  for (const email of ['joe@example.com', 'admin@example.com'])
    if (await t.datastore.findUserByIdentity('email', email)) count++;
  return count;
}

describe('bad input to /login gets a clear 4xx in the negotiated format, never a 500', () => {
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  it.each([
    ['invalid JSON', { headers: json, body: '{"email": ' }, 400],
    ['a JSON array', { headers: json, body: '[1,2]' }, 400],
    ['a JSON string', { headers: json, body: '"hello"' }, 400],
    ['a JSON null', { headers: json, body: 'null' }, 400],
    ['a number for the email', { headers: json, body: JSON.stringify({ email: 5, password: 'x' }) }, 400],
    [
      'an object for the password',
      { headers: json, body: JSON.stringify({ email: JOE.email, password: {} }) },
      400,
    ],
    [
      'a null byte',
      { headers: json, body: JSON.stringify({ email: 'joe\u0000@example.com', password: 'x' }) },
      400,
    ],
    ['invalid UTF-8', { headers: json, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }, 400],
    ['a body over the limit', { headers: json, body: JSON.stringify({ email: 'a'.repeat(70_000) }) }, 413],
    [
      'a declared Content-Length over the limit',
      { headers: { ...json, 'content-length': '999999' }, body: JSON.stringify({ email: 'x' }) },
      413,
    ],
    [
      'an unsupported content type',
      { headers: { 'content-type': 'text/xml', accept: 'application/json' }, body: '<x/>' },
      415,
    ],
    [
      'a 10k-character identity',
      { headers: json, body: JSON.stringify({ email: `${'a'.repeat(3000)}@example.com`, password: 'x' }) },
      400,
    ],
  ])('%s → %i with a JSON envelope', async (_name, options, status) => {
    const res = await t.client().post('/login', options);
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ meta: { code: status }, response: { errors: [expect.any(String)] } });
    expect(res.text).not.toMatch(/at .*\.ts|Error:/);
    expect(await userCount()).toBe(2);
  });

  it('answers HTML callers with an HTML error page', async () => {
    const res = await t.client().post('/login', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=joe%00x&password=x`,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('a long identity does not reach the datastore', async () => {
    let lookups = 0;
    const original = t.datastore.findUserByIdentity.bind(t.datastore);
    t.datastore.findUserByIdentity = async (...args) => {
      lookups++;
      return original(...args);
    };
    const res = await t.client().post('/login', {
      json: { email: `${'a'.repeat(10_000)}@example.com`, password: 'x' },
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(lookups).toBe(0);
  });

  it('a guarded app route with a garbage JSON body answers 401, not 500', async () => {
    const res = await t.client().post('/api/mutate', {
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(res.status).toBe(401);
  });
});

describe('methods', () => {
  it('leaves CORS preflights (OPTIONS) on its endpoints to the app', async () => {
    const res = await t.security.handle(new Request('http://app.test/login', { method: 'OPTIONS' }));
    expect(res).toBeNull();
  });

  it('answers a wrong method with 405, Allow, and a Method Not Allowed page', async () => {
    const res = await t.client().request('PUT', '/login');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    expect(res.text).toContain('<title>Method Not Allowed</title>');
  });
});
