/** The sms method: setup with a validated number, sign-in with a texted code (issue 9 item 4). */
import { expect, it } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { TWO_FACTOR_CONFIG } from '../../../test/fixtures/two-factor.js';
import { ConfigError } from '../../config/config-error.js';
import { createMemorySmsSender, type MemorySmsSender } from '../../sms/memory-sms-sender.js';
import type { E164 } from '../../sms/sms-sender.js';
import { createTestSecurity } from '../../testing/create-test-security.js';
import type { TestClient } from '../../testing/test-client.js';

async function post(client: TestClient, path: string, json: Record<string, unknown>) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: token } });
}

const PHONE = '+442079460958' as E164;
const SMS_CONFIG = {
  ...TWO_FACTOR_CONFIG,
  twoFactorEnabledMethods: ['authenticator', 'email', 'sms'],
  phoneRegionDefault: 'GB',
};

function textedCode(sms: MemorySmsSender): string {
  const text = sms.lastTo(PHONE)?.text ?? '';
  const match = /(?<!\d)\d{6}(?!\d)/.exec(text);
  if (!match) throw new Error(`no code in "${text}"`);
  return match[0];
}

describeEachDatabase('two-factor by SMS', { config: SMS_CONFIG }, ({ it, open }) => {
  it('sets up a national number as E.164 after one texted code, then signs in with a texted code', async () => {
    const sms = createMemorySmsSender();
    const app = await open({ smsSender: sms });
    const client = app.t.client();
    await loginJson(client, JOE);
    const bad = await post(client, '/tf-setup', { setup: 'sms', phone: '555-CALL-NOW' });
    expect(bad.status).toBe(400);
    expect(bad.body.field_errors).toEqual({ phone: ['Phone number not valid'] });
    const chosen = await post(client, '/tf-setup', { setup: 'sms', phone: '020 7946 0958' });
    expect(chosen.body).toMatchObject({ tf_primary_method: 'sms', tf_phone_number: PHONE });
    expect((await post(client, '/tf-validate', { code: textedCode(sms) })).status).toBe(200);
    expect(await app.t.datastore.findUserByIdentity('email', JOE.email)).toMatchObject({
      tfPrimaryMethod: 'sms',
      tfPhoneNumber: PHONE,
    });

    const next = app.t.client();
    expect((await loginJson(next, JOE)).body).toMatchObject({ tf_required: true, tf_method: 'sms' });
    const code = textedCode(sms);
    expect((await post(next, '/tf-validate', { code })).status).toBe(200);
    expect((await next.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
    const again = app.t.client();
    await loginJson(again, JOE);
    // The used code stays used, and the new login's code superseded it anyway.
    expect((await post(again, '/tf-validate', { code })).status).toBe(400);
  });

  it('answers 503 when the SMS provider refuses the message, and signs nobody in', async () => {
    const failing = { send: async () => Promise.reject(new Error('provider down')) };
    const errors: unknown[] = [];
    const app = await open({ smsSender: failing, onError: (error) => errors.push(error) });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    await app.t.datastore.updateUser(joe!, { tfPrimaryMethod: 'sms', tfPhoneNumber: PHONE });
    const client = app.t.client();
    const login = await loginJson(client, JOE);
    expect(login.status).toBe(503);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
    expect(String(errors[0])).toContain('provider down');
  });
});

it('refuses an unknown phoneRegionDefault at start-up when sms is enabled', async () => {
  const error = await createTestSecurity({ config: { ...SMS_CONFIG, phoneRegionDefault: 'XX' } }).then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).option).toBe('phoneRegionDefault');
});
