import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../testing/create-test-security.js';

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

describe('passwordHashQueueLimit', () => {
  it('is applied by createSecurity: a login past the bound gets 503 with Retry-After', async () => {
    // No injected hasher: the one createSecurity builds from the config (production parameters).
    t = await createDemoSecurity({
      passwordHasher: undefined,
      config: { passwordHashConcurrency: 1, passwordHashQueueLimit: 1 },
    });
    await t.security.hashPassword('warm up the dummy hash first');
    const client = t.client();
    const page = await client.getJson('/login');
    // Production argon2id hashes (tens of milliseconds each) hold the only slot and queue place.
    const holding = Promise.all([t.security.hashPassword('runs'), t.security.hashPassword('waits')]);
    const res = await client.post('/login', { json: { ...JOE, csrf_token: page.body.csrf_token } });
    await holding;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.json).toMatchObject({ meta: { code: 503 } });
  });

  it('refuses a negative bound at start-up, naming the option', async () => {
    await expect(createDemoSecurity({ config: { passwordHashQueueLimit: -1 } })).rejects.toThrow(
      /passwordHashQueueLimit/,
    );
    t = await createDemoSecurity();
  });
});
