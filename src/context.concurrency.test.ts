import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentUser } from './context.js';
import { authRequired } from './guards/auth-required.js';
import { createTestSecurity, type TestSecurity } from './testing/create-test-security.js';
import type { TestClient } from './testing/test-client.js';

const USERS = 20;
const REQUESTS = 420;
let t: TestSecurity;
const clients: Array<{ email: string; client: TestClient }> = [];

/** Awaits several times so that requests interleave at every step, then reports who it saw. */
async function slowWhoAmI(): Promise<Response> {
  const before = currentUser()?.email;
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  const after = currentUser()?.email;
  return Response.json({ before, after });
}

beforeAll(async () => {
  t = await createTestSecurity({
    config: { csrfIgnoreUnauthEndpoints: true },
    routes: [
      { method: 'GET', path: '/whoami', guards: [authRequired('session', 'token')], handler: slowWhoAmI },
    ],
  });
  for (let i = 0; i < USERS; i++) {
    const email = `user${i}@example.com`;
    await t.createUser(email, `password number ${i} ok`);
    const client = t.client();
    const res = await client.post('/login', { json: { email, password: `password number ${i} ok` } });
    expect(res.status).toBe(200);
    clients.push({ email, client });
  }
});
afterAll(async () => {
  await t.close();
});

describe('request context', () => {
  it(`keeps ${REQUESTS} interleaved requests of ${USERS} users apart (zero cross-user leaks)`, async () => {
    const results = await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const { email, client } = clients[i % USERS] ?? { email: '', client: t.client() };
        const res = await client.getJson('/whoami');
        return { email, seen: res.json as { before: string; after: string } };
      }),
    );
    const leaks = results.filter((r) => r.seen.before !== r.email || r.seen.after !== r.email);
    expect(results).toHaveLength(REQUESTS);
    expect(leaks).toEqual([]);
  });

  it('has no current user outside a request', () => {
    expect(currentUser()).toBeNull();
  });
});
