/**
 * Many processes, one truth: two demo processes on one PostgreSQL database (and one Redis when the
 * run has one), with requests sent to a chosen or a random process. What one process decides
 * about access must hold at once on the other.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ADMIN as ADMIN, DEMO_JOE as JOE } from '../../demo/seed.js';
import type { TestClient } from '../../src/testing/test-client.js';
import { type Cluster, type ClusterClient, runCli, startCluster } from './cluster-fixture.js';

const serverUrl = inject('postgresUrl');
const redisUrl = inject('redisUrl') ?? null;

async function signIn(client: TestClient, who: { email: string; password: string }, query = '') {
  const page = await client.getJson('/login');
  return client.post(`/login${query}`, {
    json: { email: who.email, password: who.password, csrf_token: page.body.csrf_token },
  });
}

describe.skipIf(!serverUrl)('two processes on one PostgreSQL database', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(serverUrl ?? '', redisUrl);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  const whoAmI = async (client: ClusterClient, target: 0 | 1) =>
    (await client.via(target).getJson('/api/session-or-token')).json;

  it('a session signed in on A is good on B', async () => {
    const joe = cluster.client(0);
    expect((await signIn(joe, JOE)).status).toBe(200);
    expect(await whoAmI(joe, 1)).toEqual({ ok: true, user: JOE.email });
    expect(await whoAmI(joe, 0)).toEqual({ ok: true, user: JOE.email });
  });

  it('a logout on B is refused at once on A', async () => {
    const joe = cluster.client(0);
    await signIn(joe, JOE);
    const stolen = joe.cookies.get('session');
    expect(await whoAmI(joe, 0)).toEqual({ ok: true, user: JOE.email });
    const page = await joe.via(1).getJson('/logout');
    expect((await joe.via(1).post('/logout', { json: { csrf_token: page.body.csrf_token } })).status).toBe(
      200,
    );
    // The cookie as it was before logging out, replayed on the other process.
    const replay = cluster.client(0);
    replay.cookies.set('session', String(stolen));
    expect((await replay.getJson('/api/session-or-token')).status).toBe(401);
  });

  it('a password change on A ends sessions and tokens on B', async () => {
    const other = cluster.client(1);
    await signIn(other, ADMIN);
    const login = await signIn(cluster.client(1), ADMIN, '?include_auth_token');
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    const withToken = { 'Authentication-Token': token };
    expect((await cluster.client(1).getJson('/api/token', withToken)).status).toBe(200);

    const changer = cluster.client(0);
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
    expect((await cluster.client(1).getJson('/api/token', withToken)).status).toBe(401);
    expect((await other.via(1).getJson('/api/session-or-token')).status).toBe(401);
    expect(await whoAmI(changer, 1)).toEqual({ ok: true, user: ADMIN.email });
  });

  it('a role change through the CLI applies at once on both', async () => {
    const joe = cluster.client(0);
    await signIn(joe, JOE);
    const adminPage = async (target: 0 | 1) => (await joe.via(target).getJson('/api/admin')).status;
    expect([await adminPage(0), await adminPage(1)]).toEqual([403, 403]);

    const added = await runCli(cluster, ['roles', 'add', JOE.email, 'admin']);
    expect(added).toEqual({ code: 0, stdout: `Role admin added to user ${JOE.email}.\n` });
    expect([await adminPage(0), await adminPage(1)]).toEqual([200, 200]);

    const removed = await runCli(cluster, ['roles', 'remove', JOE.email, 'admin']);
    expect(removed.code).toBe(0);
    expect([await adminPage(0), await adminPage(1)]).toEqual([403, 403]);
  }, 30_000);
});
