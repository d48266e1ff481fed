import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TestClient } from '../src/testing/test-client.js';
import { freePort } from '../test/services/free-port.js';
import { createTestDatabase, type TestDatabase } from '../test/services/postgres.js';
import { type RunningDemo, startDemo } from './main.js';
import { DEMO_JOE as JOE } from './seed.js';

// Undefined when the run has no global setup, null when PostgreSQL is not installed.
const serverUrl = inject('postgresUrl');

describe.skipIf(!serverUrl)('the demo on PostgreSQL', () => {
  let database: TestDatabase;
  let cwd: string;
  const running: RunningDemo[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl ?? '');
    cwd = mkdtempSync(join(tmpdir(), 'barbican-demo-pg-'));
  });
  afterAll(async () => {
    for (const demo of running) await demo.close();
    await database?.drop();
    rmSync(cwd, { recursive: true, force: true });
  });

  async function start(lines: string[]): Promise<RunningDemo> {
    const env = { PORT: String(await freePort()), DATABASE_URL: database.url, SECRET_KEY: 'p'.repeat(40) };
    const demo = await startDemo(env, { log: (line) => lines.push(line), cwd });
    running.push(demo);
    return demo;
  }

  it('seeds once, signs joe in, and starts again without seeding', async () => {
    const first: string[] = [];
    const demo = await start(first);
    expect(first).toContain(`Barbican demo on ${demo.url} (hono, postgres)`);
    const joe = new TestClient((request) => fetch(request, { redirect: 'manual' }), demo.url);
    const page = await joe.getJson('/login');
    await joe.post('/login', {
      json: { email: JOE.email, password: JOE.password, csrf_token: page.body.csrf_token },
    });
    expect((await joe.getJson('/api/session-or-token')).json).toEqual({ ok: true, user: JOE.email });
    await demo.close();

    const second: string[] = [];
    await start(second);
    expect(second).toContain('Demo database already has data; not seeding.');
  });
});
