import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import type { TestSecurity } from '../testing/create-test-security.js';

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

describe('security.purgeExpired', () => {
  it('deletes expired sessions, expired link tokens and delivered mail past its retention, nothing live', async () => {
    const clock = createFakeClock();
    t = await createDemoSecurity({
      clock,
      mailWorker: { autoStart: false },
      config: { permanentSessionLifetime: '1h', sentMailRetention: '1d' },
    });
    const stale = t.client();
    await loginJson(stale, JOE);
    const user = await t.datastore.findUserByIdentity('email', JOE.email);
    if (!user) throw new Error('seed user missing');
    await t.datastore.createLinkToken(
      {
        tokenHash: 'old',
        purpose: 'reset',
        userId: user.id,
        data: {},
        createdAt: clock.nowMs(),
        expiresAt: clock.nowMs() + 60_000,
      },
      { supersede: false },
    );
    const mailId = await t.datastore.enqueueMail(
      { to: JOE.email, subject: 's', text: 't', html: 'h', kind: 'k' },
      clock.nowMs(),
    );
    await t.datastore.claimDueMail(clock.nowMs(), 1, 1000);
    await t.datastore.markMailSent(mailId, clock.nowMs());

    clock.advanceSeconds(2 * 24 * 3600);
    const fresh = t.client();
    await loginJson(fresh, JOE);
    expect(await t.security.purgeExpired()).toEqual({
      sessions: 1,
      linkTokens: 1,
      sentMail: 1,
      pendingLogins: 0,
      oneTimeCodes: 0,
      webauthnStates: 0,
    });
    expect((await fresh.getJson('/api/session-only')).status).toBe(200);
    expect(await t.security.purgeExpired()).toEqual({
      sessions: 0,
      linkTokens: 0,
      sentMail: 0,
      pendingLogins: 0,
      oneTimeCodes: 0,
      webauthnStates: 0,
    });
  });

  it('deletes expired pending second-factor sign-ins and their mailed codes, nothing live', async () => {
    const clock = createFakeClock();
    t = await createDemoSecurity({
      clock,
      mailWorker: { autoStart: false },
      config: { twoFactor: true, twoFactorEnabledMethods: ['email'], twoFactorPendingLoginWithin: '5m' },
    });
    const user = await t.datastore.findUserByIdentity('email', JOE.email);
    if (!user) throw new Error('seed user missing');
    await t.datastore.updateUser(user, { tfPrimaryMethod: 'email' });
    expect((await loginJson(t.client(), JOE)).body.tf_required).toBe(true);
    clock.advanceSeconds(301);
    expect((await loginJson(t.client(), JOE)).body.tf_required).toBe(true);
    expect(await t.security.purgeExpired()).toMatchObject({ pendingLogins: 1, oneTimeCodes: 0 });
    clock.advanceSeconds(301);
    expect(await t.security.purgeExpired()).toMatchObject({ pendingLogins: 1, oneTimeCodes: 1 });
  });

  it('deletes WebAuthn ceremony states nobody answered once they expire, nothing live', async () => {
    const clock = createFakeClock();
    t = await createDemoSecurity({
      clock,
      config: { webauthn: true, wanSigninWithin: 60, wanRegisterWithin: 600 },
    });
    const client = t.client();
    await loginJson(client, JOE);
    const csrf = (await client.getJson('/login')).body.csrf_token;
    expect((await client.post('/wan-register', { json: { name: 'K', csrf_token: csrf } })).status).toBe(200);
    clock.advanceSeconds(599);
    expect(await t.security.purgeExpired()).toMatchObject({ webauthnStates: 0 });
    clock.advanceSeconds(1);
    expect(await t.security.purgeExpired()).toMatchObject({ webauthnStates: 1 });
  });
});
