/** "Remember this device": the validity cookie (twoFactorAlwaysValidate false), issue 9 item 8. */
import { expect } from 'vitest';
import { JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock, type FakeClock } from '../../../test/fixtures/fake-clock.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import { TWO_FACTOR_CONFIG, totpCode, withAuthenticator } from '../../../test/fixtures/two-factor.js';
import type { TestClient } from '../../testing/test-client.js';

async function login(client: TestClient, credentials: { email: string; password: string }, remember = true) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post('/login', { json: { ...credentials, remember, csrf_token: token } });
}

async function validate(client: TestClient, code: string) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post('/tf-validate', { json: { code, csrf_token: token } });
}

const VALIDITY_CONFIG = {
  ...TWO_FACTOR_CONFIG,
  twoFactorAlwaysValidate: false,
  twoFactorLoginValidity: '7d',
};

describeEachDatabase('two-factor validity cookie', { config: VALIDITY_CONFIG }, ({ it, open }) => {
  async function setUp(overrides: Record<string, unknown> = {}): Promise<{
    app: MailApp;
    clock: FakeClock;
    secret: string;
  }> {
    const clock = createFakeClock();
    const app = await open({ clock, config: overrides });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    return { app, clock, secret: await withAuthenticator(app.t, joe!) };
  }

  async function rememberedDevice(app: MailApp, clock: FakeClock, secret: string): Promise<TestClient> {
    const client = app.t.client();
    expect((await login(client, JOE)).body.tf_required).toBe(true);
    const done = await validate(client, totpCode(secret, clock.nowMs()));
    expect(done.status).toBe(200);
    const cookie = done.setCookies.find((c) => c.startsWith('tf_validity='));
    expect(cookie).toMatch(/; Max-Age=604800; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(
      (await app.t.datastore.findUserByIdentity('email', JOE.email))!.fsUniquifier,
    );
    const token = (await client.getJson('/login')).body.csrf_token;
    await client.post('/logout', { json: { csrf_token: token } });
    return client;
  }

  it('skips the second factor on that browser after a remembered sign-in, even after logout', async () => {
    const { app, clock, secret } = await setUp();
    const client = await rememberedDevice(app, clock, secret);
    const again = await login(client, JOE, false);
    expect(again.body.user).toEqual({});
    expect(again.body.tf_required).toBeUndefined();
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
    // Another browser still needs the code.
    expect((await login(app.t.client(), JOE)).body.tf_required).toBe(true);
  });

  it('is bound to the user, dies with the uniquifier, and expires', async () => {
    const { app, clock, secret } = await setUp();
    const client = await rememberedDevice(app, clock, secret);
    const ann = await app.t.createUser('ann@example.com', 'password of ann 123');
    await withAuthenticator(app.t, ann);
    expect(
      (await login(client, { email: 'ann@example.com', password: 'password of ann 123' })).body.tf_required,
    ).toBe(true);

    clock.advanceSeconds(30); // a TOTP code works once: the next device needs the next step
    const expired = await rememberedDevice(app, clock, secret);
    clock.advanceSeconds(7 * 24 * 3600);
    expect((await login(expired, JOE)).body.tf_required).toBe(true);

    clock.advanceSeconds(30);
    const rotated = await rememberedDevice(app, clock, secret);
    await app.t.datastore.resetUserAccess((await app.t.datastore.findUserByIdentity('email', JOE.email))!);
    expect((await login(rotated, JOE)).body.tf_required).toBe(true);
  });

  it('is not set without remember, nor when twoFactorAlwaysValidate is on, and a forged one is ignored', async () => {
    const { app, clock, secret } = await setUp();
    const client = app.t.client();
    await login(client, JOE, false);
    expect((await validate(client, totpCode(secret, clock.nowMs()))).setCookies.join()).not.toContain(
      'tf_validity=',
    );
    client.cookies.set('tf_validity', '1:99999999999999:forged.signature');
    await client.post('/logout', { json: { csrf_token: (await client.getJson('/login')).body.csrf_token } });
    expect((await login(client, JOE)).body.tf_required).toBe(true);

    const strict = await setUp({ twoFactorAlwaysValidate: true });
    const browser = strict.app.t.client();
    await login(browser, JOE);
    const done = await validate(browser, totpCode(strict.secret, strict.clock.nowMs()));
    expect(done.status).toBe(200);
    expect(done.setCookies.join()).not.toContain('tf_validity=');
  });
});
