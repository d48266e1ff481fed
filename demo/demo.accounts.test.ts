import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../src/testing/test-client.js';
import { confirmThroughLink } from '../test/fixtures/confirm-link.js';
import { freePort } from '../test/services/free-port.js';
import { type RunningDemo, startDemo } from './main.js';

describe('the demo with console mail and the dev outbox', () => {
  let cwd: string;
  let demo: RunningDemo;
  let url: string;
  const printed: string[] = [];
  const client = () => new TestClient((request) => fetch(request, { redirect: 'manual' }), url);

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'barbican-demo-accounts-'));
    const port = await freePort();
    demo = await startDemo(
      { PORT: String(port), DATABASE_URL: 'sqlite:demo.db' },
      { log: (l) => printed.push(l), cwd },
    );
    url = demo.url;
  });
  afterAll(async () => {
    await demo.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it("answers GET /login with Flask-Security's default identity attributes", async () => {
    expect((await client().getJson('/login')).body.identity_attributes).toEqual(['email']);
  });

  it('links every account page from the home page', async () => {
    const home = (await client().get('/')).text;
    for (const path of ['/register', '/confirm', '/reset', '/change', '/change-email', '/dev/outbox']) {
      expect(home).toContain(`href="${path}"`);
    }
  });

  it('registers, shows the confirmation mail on /dev/outbox and in the console, and confirms through its link', async () => {
    const visitor = client();
    const page = await visitor.getJson('/register');
    const res = await visitor.post('/register', {
      json: {
        email: 'newcomer@example.com',
        password: 'a fine new password 1',
        csrf_token: page.body.csrf_token,
      },
    });
    expect(res.status).toBe(200);
    let outbox = '';
    for (let i = 0; i < 50 && !outbox.includes('newcomer@example.com'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      outbox = (await client().get('/dev/outbox')).text;
    }
    const link = /href="(http:\/\/127\.0\.0\.1:\d+\/confirm\/[^"]+)"/.exec(outbox)?.[1];
    expect(link).toBeDefined();
    expect(printed.some((line) => line.includes('mail to newcomer@example.com'))).toBe(true);
    // The first confirmation of an account sets its password (pre-registration hijack defence).
    const confirmed = await confirmThroughLink(
      client(),
      new URL(link ?? '').pathname,
      'the password I chose 2',
    );
    expect(confirmed.status).toBe(302);
    const login = client();
    const loginPage = await login.getJson('/login');
    const signedIn = await login.post('/login', {
      json: {
        email: 'newcomer@example.com',
        password: 'the password I chose 2',
        csrf_token: loginPage.body.csrf_token,
      },
    });
    expect(signedIn.status).toBe(200);
  });
});
