/** /us-setup: adding a method completes only after its code; state single-use and bound to the session (issue 10 item 5). */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { codeIn, totpCode, wrongCode } from '../../../test/fixtures/two-factor.js';
import { US_CONFIG, userNamed } from '../../../test/fixtures/unified-signin.js';
import { createMemorySmsSender } from '../../sms/memory-sms-sender.js';
import type { E164 } from '../../sms/sms-sender.js';
import type { TestClient } from '../../testing/test-client.js';

async function post(client: TestClient, path: string, json: Record<string, unknown>) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: token } });
}

describeEachDatabase('unified sign-in setup', { config: US_CONFIG }, ({ it, open }) => {
  async function signedIn(overrides: Parameters<typeof open>[0] = {}) {
    const clock = createFakeClock();
    const app = await open({ clock, ...overrides });
    const client = app.t.client();
    expect((await loginJson(client, JOE)).status).toBe(200);
    return { app, client, clock };
  }

  it('shows the enabled, set-up and settable methods on GET', async () => {
    const { client } = await signedIn();
    const page = await client.getJson('/us-setup');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      active_methods: ['password'],
      available_methods: ['password', 'email', 'authenticator', 'sms'],
      setup_methods: ['email', 'authenticator', 'sms'],
      identity_attributes: ['email'],
      phone: null,
    });
    expect(typeof page.body.csrf_token).toBe('string');
  });

  it('sets up the authenticator only after a valid code, and the state works once', async () => {
    const { app, client, clock } = await signedIn();
    const chosen = await post(client, '/us-setup', { chosen_method: 'authenticator' });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({
      chosen_method: 'authenticator',
      authr_issuer: 'Barbican Test',
      authr_username: JOE.email,
      phone: null,
    });
    const secret = String(chosen.body.authr_b32key);
    expect(String(chosen.body.authr_key).replace(/-/g, '')).toBe(secret);
    expect(String(chosen.body.authr_uri)).toMatch(/^otpauth:\/\/totp\/Barbican%20Test:/);
    const path = `/us-setup/${String(chosen.body.state)}`;
    const joe = await userNamed(app.t);
    expect((await app.t.datastore.findUnifiedSigninProfile(joe.id)).methods).toEqual({});

    const code = totpCode(secret, clock.nowMs());
    const wrong = await post(client, path, { passcode: wrongCode(code) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.field_errors).toEqual({ passcode: ['Password or code submitted is not valid'] });
    const done = await post(client, path, { passcode: code });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ chosen_method: 'authenticator', phone: null });
    const profile = await app.t.datastore.findUnifiedSigninProfile(joe.id);
    expect(profile.methods.authenticator).toMatch(/^v1:/);
    expect(profile.methods.authenticator).not.toContain(secret);
    // The code advanced the replay guard: it cannot sign in a moment later (5.1.2 lets it).
    expect(profile.totpLastStep).not.toBeNull();
    expect((await post(client, path, { passcode: totpCode(secret, clock.nowMs(), 1) })).body.errors).toEqual([
      'Input not appropriate for requested API',
    ]);
    expect((await client.getJson('/us-setup')).body.active_methods).toEqual(['password', 'authenticator']);
  });

  it('shows the QR code and the key on the HTML page, with the code form posting to the state', async () => {
    const { client } = await signedIn();
    const page = await client.get('/us-setup');
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const chosen = await client.post('/us-setup', {
      form: { chosen_method: 'authenticator', csrf_token: csrf },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.text).toContain('<svg');
    expect(chosen.text).toMatch(/<code id="authr-key">[A-Z2-7]{4}(-[A-Z2-7]{4})+<\/code>/);
    expect(chosen.text).toMatch(
      /<form action="\/us-setup\/[A-Za-z0-9_-]{43}" method="post" name="us_setup_validate_form">/,
    );
  });

  it('sets up email after the mailed code, with a notice and a usProfileChanged event', async () => {
    const { app, client } = await signedIn();
    const changes: unknown[] = [];
    app.t.security.events.on('usProfileChanged', ({ methods, delete: removed }) => {
      changes.push({ methods, removed });
    });
    const chosen = await post(client, '/us-setup', { chosen_method: 'email' });
    expect(chosen.status).toBe(200);
    expect(Object.keys(chosen.body).sort()).toEqual(['chosen_method', 'csrf_token', 'phone', 'state']);
    const mail = await app.mailTo(JOE.email, 'Verification Code');
    expect(mail.text).not.toContain('http');
    const done = await post(client, `/us-setup/${String(chosen.body.state)}`, { passcode: codeIn(mail) });
    expect(done.status).toBe(200);
    expect(done.body.chosen_method).toBe('email');
    expect((await client.getJson('/us-setup')).body.active_methods).toEqual(['password', 'email']);
    expect(changes).toEqual([{ methods: ['email'], removed: false }]);
    const notice = await app.mailTo(JOE.email, 'Your sign-in methods changed');
    expect(notice.text).toContain('This sign-in method was set up for your account: email.');
  });

  it('renders the setup code and the notices through replaceable mails', async () => {
    const { app, client } = await signedIn({
      mails: {
        unifiedSigninSetupCode: ({ user, code, within, subject }) => ({
          subject: `Acme: ${subject}`,
          text: `Acme code ${code} for ${user.email}, within ${within}.`,
          html: '<p>Acme</p>',
        }),
        unifiedSigninMethodsChanged: ({ user, methods, removed }) => ({
          subject: `Acme: ${removed ? 'removed' : 'added'} ${methods.join('+')}`,
          text: `For ${user.email}.`,
          html: '<p>Acme</p>',
        }),
      },
    });
    const chosen = await post(client, '/us-setup', { chosen_method: 'email' });
    const mail = await app.mailTo(JOE.email, 'Acme: Verification Code');
    expect(mail.text).toMatch(new RegExp(`^Acme code \\d{6} for ${JOE.email}, within \\d+ minutes?\\.`));
    const done = await post(client, `/us-setup/${String(chosen.body.state)}`, { passcode: codeIn(mail) });
    expect(done.status).toBe(200);
    expect((await app.mailTo(JOE.email, 'Acme: added email')).text).toContain(`For ${JOE.email}.`);
    expect((await post(client, '/us-setup', { delete_method: ['email'] })).status).toBe(200);
    expect((await app.mailTo(JOE.email, 'Acme: removed email')).text).toContain(`For ${JOE.email}.`);
  });

  it('sets up sms with a national number stored as E.164 after the texted code', async () => {
    const sms = createMemorySmsSender();
    const { app, client } = await signedIn({ smsSender: sms });
    const bad = await post(client, '/us-setup', { chosen_method: 'sms', phone: '555-CALL-NOW' });
    expect(bad.status).toBe(400);
    expect(bad.body.field_errors).toEqual({ phone: ['Phone number not valid'] });
    const chosen = await post(client, '/us-setup', { chosen_method: 'sms', phone: '020 7946 0958' });
    expect(chosen.status).toBe(200);
    expect(chosen.body.phone).toBe('+442079460958');
    const text = sms.lastTo('+442079460958' as E164)?.text ?? '';
    const code = /(?<!\d)\d{6}(?!\d)/.exec(text)?.[0] ?? '';
    const done = await post(client, `/us-setup/${String(chosen.body.state)}`, { passcode: code });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ chosen_method: 'sms', phone: '+442079460958' });
    const joe = await userNamed(app.t);
    expect((await app.t.datastore.findUserByUsPhone('+442079460958'))?.id).toBe(joe.id);
  });

  it('refuses a stale sign-in with the reauthentication answer', async () => {
    const { client, clock } = await signedIn({ config: { freshness: 600, freshnessGracePeriod: 0 } });
    clock.advanceSeconds(601);
    const stale = await post(client, '/us-setup', { chosen_method: 'email' });
    expect(stale.status).toBe(401);
    expect(stale.body.reauth_required).toBe(true);
    expect((await client.getJson('/us-setup')).status).toBe(401);
  });

  it("refuses another session's state, even the same user's, and an expired one", async () => {
    const { app, client, clock } = await signedIn();
    const chosen = await post(client, '/us-setup', { chosen_method: 'email' });
    const code = codeIn(await app.mailTo(JOE.email, 'Verification Code'));
    const path = `/us-setup/${String(chosen.body.state)}`;
    const other = app.t.client();
    await loginJson(other, JOE);
    const stolen = await post(other, path, { passcode: code });
    expect(stolen.status).toBe(400);
    expect(stolen.body.errors).toEqual(['Input not appropriate for requested API']);
    clock.advanceSeconds(30 * 60 + 1);
    const late = await post(client, path, { passcode: code });
    expect(late.status).toBe(400);
    expect(late.body.errors).toEqual(['Setup must be completed within the time allowed. Please start over.']);
    const joe = await userNamed(app.t);
    expect((await app.t.datastore.findUnifiedSigninProfile(joe.id)).methods).toEqual({});
  });

  it('gives a setup twoFactorMaxAttempts codes, then throws it away', async () => {
    const { app, client } = await signedIn({ config: { twoFactorMaxAttempts: 2 } });
    const chosen = await post(client, '/us-setup', { chosen_method: 'email' });
    const code = codeIn(await app.mailTo(JOE.email, 'Verification Code'));
    const path = `/us-setup/${String(chosen.body.state)}`;
    expect((await post(client, path, { passcode: wrongCode(code) })).status).toBe(400);
    expect((await post(client, path, { passcode: wrongCode(code) })).status).toBe(400);
    const third = await post(client, path, { passcode: code });
    expect(third.status).toBe(400);
    expect(third.body.field_errors).toEqual({
      passcode: ['Too many codes were tried. Please start the setup again.'],
    });
    const joe = await userNamed(app.t);
    expect((await app.t.datastore.findUnifiedSigninProfile(joe.id)).methods).toEqual({});
  });

  it('refuses a method that is not enabled, "password", and an empty post', async () => {
    const { client } = await signedIn({ config: { usEnabledMethods: ['password', 'email'] } });
    for (const chosen of ['sms', 'password', 'pigeon']) {
      const refused = await post(client, '/us-setup', { chosen_method: chosen });
      expect(refused.status).toBe(400);
      expect(refused.body.field_errors).toEqual({ chosen_method: ['Requested method is not valid'] });
    }
    const empty = await post(client, '/us-setup', {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual(['Input not appropriate for requested API']);
    const hostile = await post(client, '/us-setup', { delete_method: [{ a: 1 }] });
    expect(hostile.status).toBe(400);
  });

  it('answers hostile bodies with 400, never 500', async () => {
    const { client } = await signedIn();
    const chosen = await post(client, '/us-setup', { chosen_method: 'email' });
    const path = `/us-setup/${String(chosen.body.state)}`;
    const bodies: Array<[string, Record<string, unknown>]> = [
      ['/us-setup', { chosen_method: 5 }],
      ['/us-setup', { chosen_method: ['email'] }],
      ['/us-setup', { chosen_method: 'sms', phone: { n: 1 } }],
      ['/us-setup', { chosen_method: 'sms', phone: 'x'.repeat(10_000) }],
      ['/us-setup', { delete_method: Array.from({ length: 50 }, () => 'email') }],
      [path, { passcode: ['123456'] }],
      [path, { passcode: 123456 }],
      ['/us-setup/%E0%A4%A', { passcode: '123456' }],
    ];
    for (const [target, body] of bodies) expect((await post(client, target, body)).status).toBe(400);
  });

  it('sends setup codes no more often than usSendCodeMinInterval (each would be a mail or a paid SMS)', async () => {
    const { app, client, clock } = await signedIn();
    expect((await post(client, '/us-setup', { chosen_method: 'email' })).status).toBe(200);
    const again = await post(client, '/us-setup', { chosen_method: 'email' });
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('30');
    expect(await app.deliver()).toBe(1);
    clock.advanceSeconds(30);
    const later = await post(client, '/us-setup', { chosen_method: 'email' });
    expect(later.status).toBe(200);
    expect(await app.deliver()).toBe(1);
  });
});
