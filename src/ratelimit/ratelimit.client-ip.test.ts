/** The IP a limit counts by comes from the socket and trusted proxy hops only (real Hono and Express servers). */
import { afterEach, describe, expect, it } from 'vitest';
import { type Framework, type RunningApp, startApp } from '../../test/adapters/servers.js';
import { JOE } from '../../test/fixtures/demo-routes.js';

let app: RunningApp;
afterEach(async () => {
  await app.close();
});

const limits = { csrfIgnoreUnauthEndpoints: true, rateLimitIdentityIpAttempts: 2 };

async function login(password: string, forwardedFor: string): Promise<number> {
  const res = await app.client().post('/login', {
    json: { email: JOE.email, password },
    headers: { accept: 'application/json', 'x-forwarded-for': forwardedFor },
  });
  return res.status;
}

describe.each<Framework>(['hono', 'express'])('client IP behind %s', (framework) => {
  it('ignores X-Forwarded-For from an untrusted peer: spoofed addresses share the socket’s limit', async () => {
    app = await startApp(framework, limits);
    expect(await login('wrong', '198.51.100.1')).toBe(400);
    expect(await login('wrong', '198.51.100.2')).toBe(400);
    expect(await login(JOE.password, '198.51.100.3')).toBe(429);
  });

  it('counts by the address a trusted proxy reports', async () => {
    app = await startApp(framework, { ...limits, trustedProxies: 1 });
    expect(await login('wrong', '198.51.100.1')).toBe(400);
    expect(await login('wrong', '198.51.100.1')).toBe(400);
    expect(await login(JOE.password, '198.51.100.1')).toBe(429);
    expect(await login(JOE.password, '198.51.100.2')).toBe(200);
  });
});
