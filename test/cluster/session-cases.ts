/** The session cases the cluster tests run on each session store, and what they share. */
import { expect, inject, it } from 'vitest';
import { DEMO_ADMIN as ADMIN, DEMO_JOE as JOE } from '../../demo/seed.js';
import type { TestClient } from '../../src/testing/test-client.js';
import { redisKeyPrefix } from '../fixtures/redis.js';
import type { Cluster, ClusterClient } from './cluster-fixture.js';

const redisUrl = inject('redisUrl') ?? null;

export async function signIn(client: TestClient, who: { email: string; password: string }, query = '') {
  const page = await client.getJson('/login');
  return client.post(`/login${query}`, {
    json: { email: who.email, password: who.password, csrf_token: page.body.csrf_token },
  });
}

/** Redis keys of this file's clusters, apart from every other test file's (never flushed). */
export function redisEnv(): Record<string, string> {
  const prefix = redisKeyPrefix();
  return redisUrl === null
    ? {}
    : { SECURITY_RATE_LIMIT_REDIS_PREFIX: `${prefix}rl:`, SECURITY_SESSION_REDIS_PREFIX: `${prefix}s:` };
}

export const whoAmI = async (client: ClusterClient, target: 0 | 1) =>
  (await client.via(target).getJson('/api/session-or-token')).json;

/** What one process decides about a session holds at once on the other, whichever store keeps it. */
export function sessionCases(cluster: () => Cluster): void {
  it('a session signed in on A is good on B', async () => {
    const joe = cluster().client(0);
    expect((await signIn(joe, JOE)).status).toBe(200);
    expect(await whoAmI(joe, 1)).toEqual({ ok: true, user: JOE.email });
    expect(await whoAmI(joe, 0)).toEqual({ ok: true, user: JOE.email });
  });

  it('a logout on B is refused at once on A', async () => {
    const joe = cluster().client(0);
    await signIn(joe, JOE);
    const stolen = joe.cookies.get('session');
    expect(await whoAmI(joe, 0)).toEqual({ ok: true, user: JOE.email });
    const page = await joe.via(1).getJson('/logout');
    expect((await joe.via(1).post('/logout', { json: { csrf_token: page.body.csrf_token } })).status).toBe(
      200,
    );
    // The cookie as it was before logging out, replayed on the other process.
    const replay = cluster().client(0);
    replay.cookies.set('session', String(stolen));
    expect((await replay.getJson('/api/session-or-token')).status).toBe(401);
  });

  it('a password change on A ends sessions and tokens on B', async () => {
    const other = cluster().client(1);
    await signIn(other, ADMIN);
    const login = await signIn(cluster().client(1), ADMIN, '?include_auth_token');
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    const withToken = { 'Authentication-Token': token };
    expect((await cluster().client(1).getJson('/api/token', withToken)).status).toBe(200);

    const changer = cluster().client(0);
    await signIn(changer, ADMIN);
    const page = await changer.getJson('/change');
    const newPassword = 'a new cluster-wide secret 7';
    const changed = await changer.post('/change', {
      json: {
        password: ADMIN.password,
        new_password: newPassword,
        new_password_confirm: newPassword,
        csrf_token: page.body.csrf_token,
      },
    });
    expect(changed.status).toBe(200);
    expect((await cluster().client(1).getJson('/api/token', withToken)).status).toBe(401);
    expect((await other.via(1).getJson('/api/session-or-token')).status).toBe(401);
    expect(await whoAmI(changer, 1)).toEqual({ ok: true, user: ADMIN.email });
  });
}

/**
 * Logs `joe` out on A, then polls B with the same (copied) cookie until it is refused: the final
 * status and how many ms after the logout B refused it, printed under `label`.
 */
export async function refusedOnBAfterLogout(
  joe: ClusterClient,
  onB: ClusterClient,
  label: string,
): Promise<{ status: number; staleMs: number }> {
  const page = await joe.via(0).getJson('/logout');
  expect((await joe.via(0).post('/logout', { json: { csrf_token: page.body.csrf_token } })).status).toBe(200);
  const loggedOutAt = Date.now();
  let status = 200;
  while (status === 200 && Date.now() - loggedOutAt < 5000) {
    status = (await onB.getJson('/api/session-or-token')).status;
  }
  const staleMs = Date.now() - loggedOutAt;
  console.log(`${label}: B refused the logged-out session ${staleMs} ms after the logout`);
  return { status, staleMs };
}
