/**
 * `barbican sessions list|revoke` against the app's own database (SQLite, PostgreSQL) and its
 * Redis sessions: the ids are the sessions page's, and an ended session is refused on its next
 * request to the running app.
 */
import { expect, it } from 'vitest';
import { statusOnceChanged } from '../../test/fixtures/after-change.js';
import { JOE } from '../../test/fixtures/demo-routes.js';
import type { MailApp } from '../../test/fixtures/mail-app.js';
import { itWithRedis, redisKeyPrefix, redisUrl } from '../../test/fixtures/redis.js';
import { TEST_SECRET_KEY } from '../testing/create-test-security.js';
import type { TestClient } from '../testing/test-client.js';
import { type CliBackend, describeEachBackend, openAppOn } from './cli-harness.contract.js';

async function signIn(app: MailApp, userAgent: string): Promise<TestClient> {
  const client = app.t.client();
  const page = await client.getJson('/login');
  const res = await client.post('/login', {
    json: { ...JOE, csrf_token: page.body.csrf_token },
    headers: { 'user-agent': userAgent },
  });
  expect(res.status).toBe(200);
  return client;
}

async function status(client: TestClient): Promise<number> {
  return (await client.getJson('/api/session-only')).status;
}

/** The status once the CLI's change has reached the app (test/fixtures/after-change.ts). */
const statusAfterChange = (client: TestClient): Promise<number> => statusOnceChanged(() => status(client));

/** The ids `sessions list` printed, in its order (oldest first). */
function idsIn(stdout: string): string[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.split('  ')[0] ?? '');
}

async function listRevokeScenario(
  backend: CliBackend,
  app: MailApp,
  env: Record<string, string>,
): Promise<void> {
  const laptop = await signIn(app, 'Laptop/1');
  const phone = await signIn(app, 'Phone/2');
  const tablet = await signIn(app, 'Tablet/3');
  const listed = await backend.run(['sessions', 'list', JOE.email], env);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toContain('Laptop/1');
  const ids = idsIn(listed.stdout);
  expect(ids).toHaveLength(3);
  // The same ids the user's own page shows.
  const page = await laptop.getJson('/sessions');
  const pageIds = (page.body.sessions as Array<{ id: string; user_agent: string }>).map((s) => s.id);
  expect([...ids].sort()).toEqual([...pageIds].sort());

  const phoneId = (page.body.sessions as Array<{ id: string; user_agent: string }>).find(
    (s) => s.user_agent === 'Phone/2',
  )?.id;
  const one = await backend.run(['sessions', 'revoke', JOE.email, '--id', phoneId ?? ''], env);
  expect(one).toMatchObject({ code: 0, stdout: `Ended session ${phoneId} of ${JOE.email}.\n` });
  expect(await statusAfterChange(phone)).toBe(401);
  expect([await status(laptop), await status(tablet)]).toEqual([200, 200]);

  const again = await backend.run(['sessions', 'revoke', JOE.email, '--id', phoneId ?? ''], env);
  expect(again.code).toBe(1);
  const all = await backend.run(['sessions', 'revoke', JOE.email, '--all'], env);
  expect(all).toMatchObject({ code: 0, stdout: `Ended 2 sessions of ${JOE.email}.\n` });
  expect([await statusAfterChange(laptop), await statusAfterChange(tablet)]).toEqual([401, 401]);
  expect((await backend.run(['sessions', 'list', JOE.email], env)).stdout).toBe(
    `${JOE.email} has no sessions.\n`,
  );
}

describeEachBackend('barbican sessions (SQL sessions)', (backend) => {
  it('lists a user sessions with the page ids and ends one, then all, at once', async () => {
    const app = await openAppOn(backend, { config: { sessionManagement: true } });
    try {
      await listRevokeScenario(backend, app, { SECRET_KEY: TEST_SECRET_KEY });
    } finally {
      await app.close();
    }
  });

  it('refuses to run without SECRET_KEY, with both or neither of --id and --all, and for an unknown user', async () => {
    const env = { SECRET_KEY: TEST_SECRET_KEY };
    expect((await backend.run(['sessions', 'list', JOE.email])).code).toBe(2);
    expect((await backend.run(['sessions', 'revoke', JOE.email], env)).code).toBe(2);
    expect((await backend.run(['sessions', 'revoke', JOE.email, '--all', '--id', 'x'], env)).code).toBe(2);
    expect(await backend.run(['sessions', 'list', 'nobody@example.com'], env)).toMatchObject({
      code: 1,
      stderr: 'barbican: User nobody@example.com not found.\n',
    });
  });

  itWithRedis('reaches Redis sessions through REDIS_URL', async () => {
    const prefix = redisKeyPrefix();
    const app = await openAppOn(backend, {
      config: {
        sessionManagement: true,
        sessionStore: 'redis',
        redisUrl: redisUrl(),
        sessionRedisPrefix: prefix,
      },
    });
    try {
      await listRevokeScenario(backend, app, {
        SECRET_KEY: TEST_SECRET_KEY,
        REDIS_URL: redisUrl(),
        SECURITY_SESSION_REDIS_PREFIX: prefix,
      });
    } finally {
      await app.close();
    }
  });
});
