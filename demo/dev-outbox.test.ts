/**
 * /dev/outbox lists every live sign-in link: only this machine may see it. The demo runs behind
 * one trusted proxy here (SECURITY_TRUSTED_PROXIES=1), so X-Forwarded-For stands for a client on
 * another machine while the socket peer stays 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/services/free-port.js';
import type { DemoFramework } from './demo-env.js';
import { isLoopbackAddress, isLoopbackHost } from './loopback.js';
import { type RunningDemo, startDemo } from './main.js';

describe.each<DemoFramework>(['hono', 'express'])('/dev/outbox on %s', (framework) => {
  let cwd: string;
  let demo: RunningDemo;

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), `barbican-dev-outbox-${framework}-`));
    demo = await startDemo(
      {
        PORT: String(await freePort()),
        DATABASE_URL: 'sqlite:demo.db',
        DEMO_FRAMEWORK: framework,
        SECURITY_TRUSTED_PROXIES: '1',
        SECURITY_RECOVERABLE: 'true',
        SECURITY_TWO_FACTOR_ENABLED_METHODS: '["authenticator","email","sms"]',
      },
      { log: () => undefined, cwd },
    );
    // A reset mail, so the page has a live link to leak.
    const page = await fetch(`${demo.url}/reset`, { headers: { accept: 'application/json' } });
    const cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { response } = (await page.json()) as { response: { csrf_token: string } };
    await fetch(`${demo.url}/reset`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', cookie },
      body: JSON.stringify({ email: 'joe@example.com', csrf_token: response.csrf_token }),
    });
    // Joe signs in and starts two-factor setups by SMS and by mail, so the page has both codes.
    const joe = await signIn(demo.url, 'joe@example.com', 'password for joe 42');
    const sms = await joe.post('/tf-setup', { setup: 'sms', phone: '+44 20 7946 0958' });
    expect(sms.response.tf_phone_number).toBe('+442079460958');
    await joe.post('/tf-setup', { setup: 'email' });
  });
  afterAll(async () => {
    await demo?.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('shows the mail, links included, to a loopback client', async () => {
    let text = '';
    for (let i = 0; i < 50 && !text.includes('/reset/'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await (await fetch(`${demo.url}/dev/outbox`)).text();
    }
    expect(text).toMatch(/href="http:\/\/127\.0\.0\.1:\d+\/reset\/[^"]+"/);
  });

  it('shows the texted code to a loopback client', async () => {
    const text = await (await fetch(`${demo.url}/dev/outbox`)).text();
    expect(text).toContain('<h2>SMS to +442079460958</h2>');
    expect(text).toMatch(/<h2>SMS to \+442079460958<\/h2><p>[^<]+<\/p><pre>[^<]*(?<!\d)\d{6}(?!\d)/);
  });

  it('mails a six-digit code, the first standalone number of the text part', async () => {
    let text = '';
    for (let i = 0; i < 50 && !text.includes('sign-in code'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await (await fetch(`${demo.url}/dev/outbox`)).text();
    }
    const mail = /<h2>Two-factor Login<\/h2><p>To joe@example\.com[^<]*<\/p><pre>([^<]*)<\/pre>/.exec(text);
    expect(mail?.[1]).toMatch(/^\D*(?<!\d)\d{6}(?!\d)/);
  });

  it.each(['203.0.113.9', '10.0.0.5', '::ffff:192.0.2.1'])('answers 404 to a client at %s', async (ip) => {
    const res = await fetch(`${demo.url}/dev/outbox`, { headers: { 'x-forwarded-for': ip } });
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).not.toContain('/reset/');
    expect(body).not.toContain('SMS to');
  });
});

/** A JSON client with a cookie jar, signed in with a password (no second factor yet). */
async function signIn(base: string, email: string, password: string) {
  const jar = new Map<string, string>();
  const call = async (path: string, body?: Record<string, unknown>) => {
    const res = await fetch(`${base}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return (await res.json()) as { response: Record<string, unknown> };
  };
  const csrf = async () => String((await call('/login')).response.csrf_token);
  const login = await call('/login', { email, password, csrf_token: await csrf() });
  expect(login.response.user).toEqual({});
  return {
    post: async (path: string, body: Record<string, unknown>) =>
      call(path, { ...body, csrf_token: await csrf() }),
  };
}

describe('loopback', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '127.0.0.1.evil', 'localhost', '', null])(
    '%j is not a loopback address',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(false);
    },
  );

  it('counts localhost as a loopback HOST', () => {
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
  });
});
