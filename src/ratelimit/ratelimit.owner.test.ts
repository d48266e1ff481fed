/** The owner's ways in while someone guesses at the account, and the new sign-in endpoints' limits. */
import { afterEach, describe, expect, it } from 'vitest';
import { JOE } from '../../test/fixtures/demo-routes.js';
import { type LimitedApp, limitedApp } from '../../test/fixtures/rate-limited-app.js';
import { US_CONFIG } from '../../test/fixtures/unified-signin.js';

let app: LimitedApp;
afterEach(async () => {
  await app.t.close();
});

const WRONG = { email: JOE.email, password: 'not the password' };
const delays = {
  rateLimitIdentityFreeFailures: 2,
  rateLimitIdentityDelay: 60,
  rateLimitIdentityDelayMax: 300,
};

describe("the owner's way in", () => {
  it('a reset link ends the delay that guesses from elsewhere caused', async () => {
    app = await limitedApp({ ...delays, recoverable: true });
    let token = '';
    app.t.security.events.on('resetPasswordInstructionsSent', (event) => {
      token = event.token;
    });
    for (let i = 0; i < 4; i++) await app.post('/login', WRONG, { ip: `203.0.113.${i}` });
    expect((await app.post('/login', JOE, { ip: '198.51.100.1' })).status).toBe(429);

    expect((await app.post('/reset', { email: JOE.email }, { ip: '198.51.100.1' })).status).toBe(200);
    const fresh = 'a brand new passphrase 77';
    const reset = await app.post(
      `/reset/${token}`,
      { password: fresh, password_confirm: fresh },
      { ip: '198.51.100.1' },
    );
    expect(reset.status).toBe(200);
    expect(
      (await app.post('/login', { email: JOE.email, password: fresh }, { ip: '198.51.100.2' })).status,
    ).toBe(200);
  });
});

describe('unified sign-in', () => {
  it('/us-signin shares /login’s budget and refuses the right password with 429', async () => {
    app = await limitedApp({ ...US_CONFIG, rateLimitIdentityIpAttempts: 3 });
    expect((await app.post('/login', WRONG)).status).toBe(400);
    for (let i = 0; i < 2; i++) {
      expect((await app.post('/us-signin', { identity: JOE.email, passcode: 'wrong' })).status).toBe(400);
    }
    const refused = await app.post('/us-signin', { identity: JOE.email, passcode: JOE.password });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('900');
  });

  it('/us-signin/send-code is limited per identity', async () => {
    app = await limitedApp({ ...US_CONFIG, rateLimitSendRecipient: 1, returnGenericResponses: true });
    const send = { identity: 'someone@example.com', chosen_method: 'email' };
    expect((await app.post('/us-signin/send-code', send)).status).toBe(200);
    const refused = await app.post('/us-signin/send-code', send, { ip: '198.51.100.4' });
    expect(refused.status).toBe(429);
    expect(app.limited.map((e) => e.rule)).toEqual(['send-recipient']);
  });
});
