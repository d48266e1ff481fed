import { afterEach, describe, expect, it } from 'vitest';
import { JOE } from '../../test/fixtures/demo-routes.js';
import { type LimitedApp, limitedApp } from '../../test/fixtures/rate-limited-app.js';

let app: LimitedApp;
afterEach(async () => {
  await app.t.close();
});

const WRONG = { email: JOE.email, password: 'not the password' };
const delays = {
  rateLimitIdentityFreeFailures: 2,
  rateLimitIdentityDelay: 10,
  rateLimitIdentityDelayMax: 40,
};

describe('per identity across IPs', () => {
  it('imposes a doubling delay, capped, on guesses from ever new addresses', async () => {
    app = await limitedApp(delays);
    const waits: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      expect((await app.post('/login', WRONG, { ip: `203.0.113.${i}` })).status).toBe(400);
      const probe = await app.post('/login', JOE, { ip: `198.51.100.${i}` });
      waits.push(probe.status === 429 ? probe.headers.get('retry-after') : null);
      app.clock.advanceSeconds(60);
    }
    expect(waits).toEqual([null, null, '10', '20', '40', '40']);
    expect(app.limited.every((e) => e.rule === 'identity')).toBe(true);
  });

  it('refuses even the right password during the delay, and lets it in after', async () => {
    app = await limitedApp(delays);
    for (let i = 0; i < 3; i++) await app.post('/login', WRONG, { ip: `203.0.113.${i}` });
    expect((await app.post('/login', JOE, { ip: '198.51.100.1' })).status).toBe(429);
    app.clock.advanceSeconds(11);
    expect((await app.post('/login', JOE, { ip: '198.51.100.1' })).status).toBe(200);
  });

  it("keeps the owner's way in: an address that signed in before skips the delay", async () => {
    app = await limitedApp(delays);
    expect((await app.post('/login', JOE, { ip: '192.0.2.50' })).status).toBe(200);
    for (let i = 0; i < 6; i++) await app.post('/login', WRONG, { ip: `203.0.113.${i}` });
    expect((await app.post('/login', JOE, { ip: '198.51.100.1' })).status).toBe(429);
    expect((await app.post('/login', JOE, { ip: '192.0.2.50' })).status).toBe(200);
  });
});

describe('secret checks besides /login', () => {
  it('limits HTTP Basic with 429 and Retry-After before the password is compared', async () => {
    app = await limitedApp({ rateLimitIdentityIpAttempts: 2 });
    const basic = (password: string): Promise<Response> =>
      app.t.fetch(
        new Request('http://app.test/api/basic', {
          headers: {
            authorization: `Basic ${Buffer.from(`${JOE.email}:${password}`).toString('base64')}`,
            accept: 'application/json',
          },
        }),
      );
    expect((await basic('wrong')).status).toBe(401);
    expect((await basic('wrong')).status).toBe(401);
    const refused = await basic(JOE.password);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('900');
  });
});

describe('mail-sending endpoints', () => {
  it('limit /reset per recipient, known or not, with 429', async () => {
    app = await limitedApp({
      returnGenericResponses: true,
      recoverable: true,
      rateLimitSendRecipient: 2,
      rateLimitSendWindow: 3600,
    });
    for (const email of [JOE.email, JOE.email]) {
      expect((await app.post('/reset', { email }, { ip: `192.0.2.${email.length}` })).status).toBe(200);
    }
    const refused = await app.post('/reset', { email: JOE.email }, { ip: '198.51.100.9' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect(app.limited.map((e) => e.rule)).toEqual(['send-recipient']);
    expect((await app.post('/reset', { email: 'nobody@example.com' })).status).toBe(200);
  });

  it('limit one address across recipients', async () => {
    app = await limitedApp({ returnGenericResponses: true, recoverable: true, rateLimitSendIp: 3 });
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      expect((await app.post('/reset', { email })).status).toBe(200);
    }
    expect((await app.post('/reset', { email: 'd@example.com' })).status).toBe(429);
    expect(app.limited.map((e) => e.rule)).toEqual(['send-ip']);
    expect((await app.post('/reset', { email: 'd@example.com' }, { ip: '198.51.100.1' })).status).toBe(200);
  });

  it('limit confirmation resends and username recovery too', async () => {
    app = await limitedApp({
      returnGenericResponses: true,
      confirmable: true,
      usernameEnable: true,
      usernameRecovery: true,
      rateLimitSendRecipient: 1,
    });
    expect((await app.post('/confirm', { email: JOE.email })).status).toBe(200);
    expect((await app.post('/confirm', { email: JOE.email })).status).toBe(429);
    expect((await app.post('/recover-username', { email: 'x@example.com' })).status).toBe(200);
    expect((await app.post('/recover-username', { email: 'x@example.com' })).status).toBe(429);
  });
});
