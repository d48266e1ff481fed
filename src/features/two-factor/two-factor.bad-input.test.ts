/** Hostile bodies at every two-factor and recovery endpoint get a clear 400, never a 500. */
import { afterEach, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { TWO_FACTOR_CONFIG, withAuthenticator } from '../../../test/fixtures/two-factor.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

let t: TestSecurity;
afterEach(async () => {
  await t.close();
});

const HOSTILE: readonly unknown[] = [
  { nested: true },
  ['123456'],
  123456,
  true,
  'x'.repeat(10_000),
  '\u0000',
];

it('answers 400 for non-string, oversized or null-byte fields on a pending sign-in', async () => {
  t = await createDemoSecurity({
    config: { ...TWO_FACTOR_CONFIG, multiFactorRecoveryCodes: true },
    mailWorker: { autoStart: false },
  });
  await withAuthenticator(t, (await t.datastore.findUserByIdentity('email', JOE.email))!);
  const client = t.client();
  await loginJson(client, JOE);
  const token = (await client.getJson('/login')).body.csrf_token;
  const statuses: number[] = [];
  for (const value of HOSTILE) {
    statuses.push((await client.post('/tf-validate', { json: { code: value, csrf_token: token } })).status);
    statuses.push(
      (await client.post('/tf-rescue', { json: { help_setup: value, csrf_token: token } })).status,
    );
    statuses.push((await client.post('/mf-recovery', { json: { code: value, csrf_token: token } })).status);
  }
  expect(statuses).toEqual(Array(HOSTILE.length * 3).fill(400));
});

it('answers 400 for hostile setup choices and phone numbers of a signed-in user', async () => {
  t = await createDemoSecurity({
    config: { ...TWO_FACTOR_CONFIG, twoFactorEnabledMethods: ['authenticator', 'email', 'sms'] },
    mailWorker: { autoStart: false },
  });
  const client = t.client();
  await loginJson(client, JOE);
  const token = (await client.getJson('/login')).body.csrf_token;
  const statuses: number[] = [];
  for (const value of HOSTILE) {
    statuses.push((await client.post('/tf-setup', { json: { setup: value, csrf_token: token } })).status);
    statuses.push(
      (await client.post('/tf-setup', { json: { setup: 'sms', phone: value, csrf_token: token } })).status,
    );
  }
  expect(statuses).toEqual(Array(HOSTILE.length * 2).fill(400));
});
