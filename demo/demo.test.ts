import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../src/testing/test-client.js';
import { freePort } from '../test/services/free-port.js';
import type { DemoFramework, Env } from './demo-env.js';
import { type RunningDemo, startDemo } from './main.js';
import { DEMO_ADMIN as ADMIN, DEMO_JOE as JOE } from './seed.js';

async function loginJson(client: TestClient, who: { email: string; password: string }): Promise<number> {
  const page = await client.getJson('/login');
  const res = await client.post('/login', {
    json: { email: who.email, password: who.password, csrf_token: page.body.csrf_token },
  });
  return res.status;
}

describe.each<DemoFramework>(['hono', 'express'])('the demo on %s over real HTTP', (framework) => {
  let cwd: string;
  let env: Env;
  let lines: string[];
  let demo: RunningDemo | undefined;
  let url: string;
  const client = () => new TestClient((request) => fetch(request, { redirect: 'manual' }), url);

  async function start(): Promise<RunningDemo> {
    lines = [];
    demo = await startDemo(env, { log: (line) => lines.push(line), cwd });
    return demo;
  }

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), `barbican-demo-${framework}-`));
    const port = await freePort();
    env = { PORT: String(port), DATABASE_URL: 'sqlite:demo.db', DEMO_FRAMEWORK: framework };
    url = (await start()).url;
    expect(url).toBe(`http://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await demo?.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('prints the URL line and the seeded credentials', () => {
    expect(lines).toContain(`Barbican demo on ${url} (${framework}, sqlite)`);
    expect(lines.some((line) => line.includes(`${JOE.email} / ${JOE.password}`))).toBe(true);
    expect(lines.some((line) => line.includes(`${ADMIN.email} / ${ADMIN.password}`))).toBe(true);
  });

  it('answers /api/public with no user', async () => {
    expect((await client().getJson('/api/public')).json).toEqual({ ok: true, user: null });
  });

  it('signs joe in over JSON and recognizes his session cookie', async () => {
    const joe = client();
    expect(await loginJson(joe, JOE)).toBe(200);
    expect((await joe.getJson('/api/session-or-token')).json).toEqual({ ok: true, user: JOE.email });
  });

  it('refuses joe the admin-only routes with 403 and lets the admin in', async () => {
    const joe = client();
    await loginJson(joe, JOE);
    expect((await joe.getJson('/api/admin')).status).toBe(403);
    expect((await joe.getJson('/api/perm-write')).status).toBe(403);
    const admin = client();
    await loginJson(admin, ADMIN);
    expect((await admin.getJson('/api/admin')).json).toEqual({ ok: true, user: ADMIN.email });
    expect((await admin.getJson('/api/perm-write')).json).toEqual({ ok: true, user: ADMIN.email });
  });

  it('answers /api/fresh for a session signed in within DEMO_FRESH_WITHIN_SECONDS', async () => {
    const joe = client();
    expect((await joe.getJson('/api/fresh')).status).toBe(401);
    await loginJson(joe, JOE);
    expect((await joe.getJson('/api/fresh')).json).toEqual({ ok: true, user: JOE.email });
  });

  it('shows on the home page who is signed in', async () => {
    const joe = client();
    expect((await joe.get('/')).text).toContain('Not signed in.');
    await loginJson(joe, JOE);
    expect((await joe.get('/')).text).toContain(`Signed in as <strong>${JOE.email}</strong>`);
  });

  it('restarts on the same database without seeding again, keeping the key and sessions', async () => {
    const joe = client();
    await loginJson(joe, JOE);
    const key = readFileSync(join(cwd, '.secret-key'), 'utf8');
    await demo?.close();
    // A new port, so no keep-alive socket of the first server is reused (cookies ignore ports).
    env = { ...env, PORT: String(await freePort()) };
    url = (await start()).url;
    expect(lines).toContain('Demo database already has data; not seeding.');
    expect(lines.some((line) => line.includes(JOE.password))).toBe(false);
    expect(readFileSync(join(cwd, '.secret-key'), 'utf8')).toBe(key);
    const again = client();
    for (const [name, value] of joe.cookies) again.cookies.set(name, value);
    expect((await again.getJson('/api/session-or-token')).json).toEqual({ ok: true, user: JOE.email });
  });
});

describe('the demo with DEMO_SEED=false', () => {
  it('starts on an empty database without creating anyone', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'barbican-demo-noseed-'));
    const lines: string[] = [];
    const env = { PORT: String(await freePort()), DATABASE_URL: 'sqlite::memory:', DEMO_SEED: 'false' };
    const demo = await startDemo(env, { log: (line) => lines.push(line), cwd });
    try {
      expect(lines).toContain('DEMO_SEED=false: not seeding.');
      const joe = new TestClient((request) => fetch(request, { redirect: 'manual' }), demo.url);
      expect(await loginJson(joe, JOE)).toBe(400);
    } finally {
      await demo.close();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
