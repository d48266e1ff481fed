/** Sign-in codes are single-use, expiring, attempt-capped, per user and per browser. */
import { expect } from 'vitest';
import { ADMIN, JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { wrongCode } from '../../../test/fixtures/two-factor.js';
import {
  mailedCode,
  US_CONFIG,
  userNamed,
  usPost,
  withUsCodeMethods,
} from '../../../test/fixtures/unified-signin.js';
import type { TestClient } from '../../testing/test-client.js';

const INVALID = { passcode: ['Password or code submitted is not valid'] };

async function signIn(client: TestClient, passcode: string, identity = JOE.email) {
  return usPost(client, '/us-signin', { identity, passcode });
}

describeEachDatabase('unified sign-in codes', { config: US_CONFIG }, ({ it, open }) => {
  it('refuses a code after usTokenValidity', async () => {
    const clock = createFakeClock(Date.now());
    const app = await open({ clock, config: { usTokenValidity: 120 } });
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    const { code } = await mailedCode(app, client);
    clock.advanceSeconds(121);
    const late = await signIn(client, code);
    expect(late.status).toBe(400);
    expect(late.body.field_errors).toEqual(INVALID);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('voids a code after twoFactorMaxAttempts wrong tries: the right one then fails too', async () => {
    const app = await open({ config: { twoFactorMaxAttempts: 3 } });
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    const { code } = await mailedCode(app, client);
    for (let i = 0; i < 3; i += 1) expect((await signIn(client, wrongCode(code))).status).toBe(400);
    const right = await signIn(client, code);
    expect(right.status).toBe(400);
    expect(right.body.field_errors).toEqual(INVALID);
  });

  it("never signs in another user with a user's code", async () => {
    const app = await open();
    await withUsCodeMethods(app.t, await userNamed(app.t));
    await withUsCodeMethods(app.t, await userNamed(app.t, ADMIN.email), '+442079460959');
    const client = app.t.client();
    const { code } = await mailedCode(app, client);
    const other = await signIn(client, code, ADMIN.email);
    expect(other.status).toBe(400);
    expect(other.body.field_errors).toEqual(INVALID);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });

  it('refuses the code in a browser other than the one that asked (5.1.2 accepts it)', async () => {
    const app = await open();
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const asking = app.t.client();
    const { code } = await mailedCode(app, asking);
    const other = app.t.client();
    const elsewhere = await signIn(other, code);
    expect(elsewhere.status).toBe(400);
    expect((await other.getJson('/api/session-only')).status).toBe(401);
    // The asking browser can still use it: one wrong browser costs one attempt, not the code.
    expect((await signIn(asking, code)).status).toBe(200);
  });

  it('a re-authentication code never signs in, and a new sign-in code voids the older one', async () => {
    const app = await open({ config: { usSendCodeMinInterval: 0 } });
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const signedIn = app.t.client();
    expect((await signIn(signedIn, JOE.password)).status).toBe(200);
    const before = app.sink.messages.length;
    expect((await usPost(signedIn, '/us-verify/send-code', { chosen_method: 'email' })).status).toBe(200);
    await app.deliver();
    const verifyMail = await app.sink.waitFor((m) => app.sink.messages.indexOf(m) >= before, 5000);
    expect(verifyMail.text).not.toContain('us-verify-link');
    const reauthCode = /(?<!\d)\d{6}(?!\d)/.exec(verifyMail.text)?.[0] ?? '';
    const client = app.t.client();
    const first = await mailedCode(app, client);
    let second = await mailedCode(app, client);
    // Two random codes are equal one time in a million: ask again, so the check below means something.
    while (second.code === first.code) second = await mailedCode(app, client);
    expect((await signIn(client, reauthCode)).status).toBe(400);
    expect((await signIn(client, first.code)).status).toBe(400);
    expect((await signIn(client, second.code)).status).toBe(200);
  });

  it('sends at most one code per usSendCodeMinInterval to an account: 429 with Retry-After', async () => {
    const clock = createFakeClock(Date.now());
    const app = await open({ clock, config: { usSendCodeMinInterval: 30 } });
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    await mailedCode(app, client);
    clock.advanceSeconds(10);
    const again = await usPost(client, '/us-signin/send-code', {
      identity: JOE.email,
      chosen_method: 'email',
    });
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('20');
    clock.advanceSeconds(20);
    const later = await usPost(client, '/us-signin/send-code', {
      identity: JOE.email,
      chosen_method: 'email',
    });
    expect(later.status).toBe(200);
  });

  it('answers 503 when the SMS provider refuses the code, and reports it', async () => {
    const errors: unknown[] = [];
    const app = await open({
      smsSender: { send: () => Promise.reject(new Error('provider down')) },
      onError: (error) => void errors.push(error),
    });
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const res = await usPost(app.t.client(), '/us-signin/send-code', {
      identity: JOE.email,
      chosen_method: 'sms',
    });
    expect(res.status).toBe(503);
    expect(res.body.errors).toEqual(['The code could not be sent by SMS. Try again shortly.']);
    expect(String(errors[0])).toContain('provider down');
  });
});
