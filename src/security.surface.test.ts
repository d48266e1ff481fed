import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoSecurity } from '../test/fixtures/demo-routes.js';
import { adapterHooks } from './adapter.js';
import type { TestSecurity } from './testing/create-test-security.js';
import { TEST_ORIGIN } from './testing/create-test-security.js';

let t: TestSecurity;
beforeEach(async () => {
  t = await createDemoSecurity();
});
afterEach(async () => {
  await t.close();
});

describe('the Security an app holds', () => {
  it('shows only what apps use; the adapter-only members are gone', () => {
    expect(Object.keys(t.security).sort()).toEqual([
      'close',
      'config',
      'datastore',
      'events',
      'handle',
      'hashPassword',
      'issueAuthToken',
      'mail',
      'passwordHasher',
      'passwordUtil',
      'protect',
      'purgeExpired',
      'sessions',
    ]);
  });
});

describe('barbican/adapter', () => {
  it('gives an adapter the request state, the router and the cookies of a Security', async () => {
    const hooks = adapterHooks(t.security);
    expect(hooks.ownsPath('/login')).toBe(true);
    expect(hooks.ownsPath('/api/public')).toBe(false);
    const state = hooks.createRequestState(
      new Request(`${TEST_ORIGIN}/login`, { headers: { accept: 'application/json' } }),
    );
    const response = await hooks.serve(state);
    expect(response?.status).toBe(200);
    expect(await response?.json()).toMatchObject({ response: { csrf_token: expect.any(String) } });
    expect(await hooks.serve(hooks.createRequestState(new Request(`${TEST_ORIGIN}/api/public`)))).toBeNull();
  });

  it('refuses an object that createSecurity did not make', () => {
    const fake = { ...t.security };
    expect(() => adapterHooks(fake)).toThrow(TypeError);
  });
});
