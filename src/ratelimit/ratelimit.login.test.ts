import { afterEach, describe, expect, it } from 'vitest';
import { JOE } from '../../test/fixtures/demo-routes.js';
import { type LimitedApp, limitedApp, observable } from '../../test/fixtures/rate-limited-app.js';

let app: LimitedApp;
afterEach(async () => {
  await app.t.close();
});

const WRONG = { email: JOE.email, password: 'not the password' };

async function failTimes(times: number, ip = '192.0.2.1', credentials = WRONG): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await app.post('/login', credentials, { ip });
    expect(res.status).toBe(400);
  }
}

describe('per identity and IP', () => {
  it('refuses the right password with 429 and Retry-After once the failures are spent', async () => {
    app = await limitedApp({ rateLimitIdentityIpAttempts: 3, rateLimitIdentityIpWindow: 600 });
    await failTimes(3);
    const res = await app.post('/login', JOE);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('600');
    expect(await res.json()).toEqual({
      meta: { code: 429 },
      response: { errors: ['Too many attempts. Please wait and try again.'] },
    });
    expect(app.limited).toEqual([
      { rule: 'identity-ip', path: '/login', ip: '192.0.2.1', retryAfterSeconds: 600 },
    ]);
  });

  it('answers the right and a wrong password identically once limited', async () => {
    app = await limitedApp({ rateLimitIdentityIpAttempts: 2 });
    await failTimes(2);
    const right = await observable(await app.post('/login', JOE));
    const wrong = await observable(await app.post('/login', WRONG));
    expect(right.status).toBe(429);
    expect(right).toEqual(wrong);
  });

  it('lets the right password in again when the window has passed', async () => {
    app = await limitedApp({ rateLimitIdentityIpAttempts: 2, rateLimitIdentityIpWindow: 60 });
    await failTimes(2);
    expect((await app.post('/login', JOE)).status).toBe(429);
    app.clock.advanceSeconds(61);
    expect((await app.post('/login', JOE)).status).toBe(200);
  });

  it('does not hold one address back for another', async () => {
    app = await limitedApp({ rateLimitIdentityIpAttempts: 2 });
    await failTimes(2, '192.0.2.1');
    expect((await app.post('/login', JOE, { ip: '192.0.2.2' })).status).toBe(200);
  });

  it('counts a success as no failure', async () => {
    app = await limitedApp({ rateLimitIdentityIpAttempts: 2 });
    for (let i = 0; i < 5; i++) {
      await failTimes(1);
      expect((await app.post('/login', JOE)).status).toBe(200);
    }
  });

  it('answers a form with the HTML page, 429 and Retry-After', async () => {
    app = await limitedApp({ rateLimitIdentityIpAttempts: 1, rateLimitIdentityIpWindow: 120 });
    await failTimes(1);
    const res = await app.post('/login', JOE, { form: true });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('120');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await res.text();
    expect(page).toContain('<h1>Too many attempts</h1>');
    expect(page).toContain('try again in 2 minutes');
  });

  it('is off with rateLimitEnabled false', async () => {
    app = await limitedApp({ rateLimitEnabled: false, rateLimitIdentityIpAttempts: 1 });
    await failTimes(5);
    expect((await app.post('/login', JOE)).status).toBe(200);
    expect(app.limited).toEqual([]);
  });

  it('counts N parallel wrong passwords exactly N', async () => {
    app = await limitedApp({ rateLimitIdentityIpAttempts: 12, rateLimitIdentityFreeFailures: 100 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => app.post('/login', WRONG)));
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(400));
    expect((await app.post('/login', JOE)).status).toBe(429);
    await app.t.close();
    app = await limitedApp({ rateLimitIdentityIpAttempts: 13, rateLimitIdentityFreeFailures: 100 });
    await Promise.all(Array.from({ length: 12 }, () => app.post('/login', WRONG)));
    expect((await app.post('/login', JOE)).status).toBe(200);
  });

  it('lets many correct sign-ins of one user run in parallel from one address (defaults)', async () => {
    app = await limitedApp();
    const answers = await Promise.all(Array.from({ length: 40 }, () => app.post('/login', JOE)));
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(200));
  });
});

describe('per IP across identities', () => {
  it('refuses an address that guesses at many identities', async () => {
    app = await limitedApp({ rateLimitIpAttempts: 3, rateLimitIpWindow: 300 });
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      expect((await app.post('/login', { email, password: 'guess' })).status).toBe(400);
    }
    const res = await app.post('/login', JOE);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('300');
    expect(app.limited.map((e) => e.rule)).toEqual(['ip']);
    expect((await app.post('/login', JOE, { ip: '198.51.100.7' })).status).toBe(200);
  });

  it('keys an IPv6 client by its /64', async () => {
    app = await limitedApp({ rateLimitIpAttempts: 2 });
    await failTimes(1, '2001:db8:1:2::1', { email: 'a@example.com', password: 'x' });
    await failTimes(1, '2001:db8:1:2:ffff::9', { email: 'b@example.com', password: 'x' });
    expect((await app.post('/login', JOE, { ip: '2001:db8:1:2::77' })).status).toBe(429);
    expect((await app.post('/login', JOE, { ip: '2001:db8:1:3::1' })).status).toBe(200);
  });
});
