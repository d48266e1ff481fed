import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { createPasswordHasher } from '../../passwords/argon2-hasher.js';
import type { PasswordHasher } from '../../passwords/types.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

const GENERIC = 'Authentication failed - identity or password/passcode invalid';

/** Counts real and dummy verifications, so equal work is asserted without timing. */
function countingHasher(): { hasher: PasswordHasher; calls: string[] } {
  const inner = createPasswordHasher({ argon2: { memoryCost: 256, timeCost: 1, parallelism: 1 } });
  const calls: string[] = [];
  return {
    calls,
    hasher: {
      hash: (p) => inner.hash(p),
      async verify(p, h) {
        calls.push('verify');
        return inner.verify(p, h);
      },
      async verifyDummy(p) {
        calls.push('dummy');
        return inner.verifyDummy(p);
      },
    },
  };
}

let t: TestSecurity;
let counting: ReturnType<typeof countingHasher>;
beforeEach(async () => {
  counting = countingHasher();
  t = await createDemoSecurity({ config: { returnGenericResponses: true }, passwordHasher: counting.hasher });
  await t.createUser('off@example.com', 'a good password 1', { active: false });
});
afterEach(async () => {
  await t.close();
});

describe('login with returnGenericResponses', () => {
  it('answers unknown user, bad password, disabled account and bad syntax identically', async () => {
    const bodies = [];
    for (const credentials of [
      { email: 'ghost@example.com', password: 'whatever 123' },
      { email: JOE.email, password: 'wrong password' },
      { email: 'off@example.com', password: 'a good password 1' },
      { email: 'off@example.com', password: 'wrong password' },
      { email: 'not-an-email', password: 'whatever 123' },
    ]) {
      const res = await loginJson(t.client(), credentials);
      expect(res.status).toBe(400);
      const { csrf_token: _ignored, ...rest } = res.body;
      bodies.push(rest);
    }
    for (const body of bodies) {
      expect(body).toEqual({ errors: [GENERIC], field_errors: { '': [GENERIC] } });
    }
  });

  it('does the same hashing work for an unknown user as for a wrong password', async () => {
    counting.calls.length = 0;
    await loginJson(t.client(), { email: 'ghost@example.com', password: 'whatever 123' });
    const unknown = [...counting.calls];
    counting.calls.length = 0;
    await loginJson(t.client(), { email: JOE.email, password: 'wrong password' });
    expect(unknown).toEqual(['dummy']);
    expect(counting.calls).toEqual(['verify']);
  });

  it('still signs in with the right password', async () => {
    expect((await loginJson(t.client(), JOE)).status).toBe(200);
  });
});
