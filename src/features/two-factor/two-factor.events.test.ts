/**
 * Every upstream tf signal has its event (tfSecurityTokenSent, tfCodeConfirmed, tfProfileChanged,
 * tfDisabled), and recovery codes add theirs (issue 9 item 11).
 */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import {
  codeIn,
  TWO_FACTOR_CONFIG,
  totpCode,
  withAuthenticator,
  withEmailFactor,
} from '../../../test/fixtures/two-factor.js';
import type { TestClient } from '../../testing/test-client.js';

async function post(client: TestClient, path: string, json: Record<string, unknown>) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: token } });
}

const CONFIG = { ...TWO_FACTOR_CONFIG, multiFactorRecoveryCodes: true, twoFactorRescueEmail: true };

/** Records every two-factor and recovery-code event as "name:detail", in order. */
function record(app: MailApp): string[] {
  const seen: string[] = [];
  const { events } = app.t.security;
  events.on('tfSecurityTokenSent', ({ user, method }) => void seen.push(`sent:${method}:${user.email}`));
  events.on('tfCodeConfirmed', ({ method }) => void seen.push(`confirmed:${method}`));
  events.on(
    'tfProfileChanged',
    ({ user, method }) => void seen.push(`changed:${method}:${user.tfPrimaryMethod}`),
  );
  events.on('tfDisabled', ({ user }) => void seen.push(`disabled:${user.tfPrimaryMethod}`));
  events.on('recoveryCodesGenerated', ({ count }) => void seen.push(`generated:${count}`));
  events.on('recoveryCodeUsed', ({ left }) => void seen.push(`used:${left}`));
  return seen;
}

describeEachDatabase('two-factor events', { config: CONFIG }, ({ it, open }) => {
  it('emits sent, confirmed and changed for a setup, then disabled', async () => {
    const clock = createFakeClock();
    const app = await open({ clock });
    const seen = record(app);
    const client = app.t.client();
    await loginJson(client, JOE);
    await post(client, '/tf-setup', { setup: 'email' });
    const code = codeIn(await app.mailTo(JOE.email, 'Two-factor Login'));
    expect((await post(client, '/tf-validate', { code })).status).toBe(200);
    expect(seen).toEqual([`sent:email:${JOE.email}`, 'confirmed:email', 'changed:email:email']);

    seen.length = 0;
    const chosen = await post(client, '/tf-setup', { setup: 'authenticator' });
    const secret = String(chosen.body.tf_authr_b32key);
    expect((await post(client, '/tf-validate', { code: totpCode(secret, clock.nowMs()) })).status).toBe(200);
    expect((await post(client, '/tf-setup', { setup: 'disable' })).status).toBe(200);
    expect(seen).toEqual(['confirmed:authenticator', 'changed:authenticator:authenticator', 'disabled:null']);
  });

  it('emits sent for the sign-in code, then confirmed at sign-in', async () => {
    const app = await open({ clock: createFakeClock() });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    await withEmailFactor(app.t, joe!);
    const seen = record(app);
    const client = app.t.client();
    expect((await loginJson(client, JOE)).body.tf_required).toBe(true);
    expect(seen).toEqual([`sent:email:${JOE.email}`]);
    const code = codeIn(await app.mailTo(JOE.email, 'Two-factor Login'));
    expect((await post(client, '/tf-validate', { code })).status).toBe(200);
    expect(seen).toEqual([`sent:email:${JOE.email}`, 'confirmed:email']);
  });

  it('emits sent for a rescue code, and confirmed when it signs an authenticator user in', async () => {
    const app = await open({ clock: createFakeClock() });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    await withAuthenticator(app.t, joe!);
    const seen = record(app);
    const client = app.t.client();
    expect((await loginJson(client, JOE)).body.tf_required).toBe(true);
    expect(seen).toEqual([]);
    expect((await post(client, '/tf-rescue', { help_setup: 'email' })).status).toBe(200);
    expect(seen).toEqual([`sent:email:${JOE.email}`]);
    const code = codeIn(await app.mailTo(JOE.email, 'Two-factor Login'));
    expect((await post(client, '/tf-validate', { code })).status).toBe(200);
    expect(seen).toEqual([`sent:email:${JOE.email}`, 'confirmed:authenticator']);
  });

  it('emits recoveryCodesGenerated and recoveryCodeUsed', async () => {
    const app = await open({ clock: createFakeClock() });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    await withEmailFactor(app.t, joe!);
    const seen = record(app);
    const client = app.t.client();
    await loginJson(client, JOE);
    const code = codeIn(await app.mailTo(JOE.email, 'Two-factor Login'));
    expect((await post(client, '/tf-validate', { code })).status).toBe(200);
    const generated = await post(client, '/mf-recovery-codes', {});
    const codes = generated.body.recovery_codes as string[];
    expect(seen.slice(2)).toEqual(['generated:5']);

    const other = app.t.client();
    await loginJson(other, JOE);
    expect((await post(other, '/mf-recovery', { code: codes[0] })).status).toBe(200);
    expect(seen.slice(4)).toEqual(['used:4']);
  });
});
