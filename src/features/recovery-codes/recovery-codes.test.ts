/** Recovery codes: generated once with freshness, hashed, single-use in place of a second factor (issue 9 item 7). */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import { TWO_FACTOR_CONFIG, totpCode, withAuthenticator } from '../../../test/fixtures/two-factor.js';
import type { TestClient } from '../../testing/test-client.js';

async function post(client: TestClient, path: string, json: Record<string, unknown>) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: token } });
}

const CONFIG = {
  ...TWO_FACTOR_CONFIG,
  multiFactorRecoveryCodes: true,
  freshness: 600,
  freshnessGracePeriod: 0,
};

describeEachDatabase('recovery codes', { config: CONFIG }, ({ it, open }) => {
  async function joeWithCodes(): Promise<{
    app: MailApp;
    codes: string[];
    clock: ReturnType<typeof createFakeClock>;
  }> {
    const clock = createFakeClock();
    const app = await open({ clock });
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    const secret = await withAuthenticator(app.t, joe!);
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await post(client, '/tf-validate', { code: totpCode(secret, clock.nowMs()) })).status).toBe(200);
    const generated = await post(client, '/mf-recovery-codes', {});
    expect(generated.status).toBe(200);
    return { app, clock, codes: generated.body.recovery_codes as string[] };
  }

  it('generates five codes shown once; GET never reads them back', async () => {
    const { app, codes } = await joeWithCodes();
    expect(codes).toHaveLength(5);
    for (const code of codes) expect(code).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/);
    expect(new Set(codes).size).toBe(5);
    const client = app.t.client();
    await loginJson(client, JOE);
    // A pending browser is not signed in: no codes for it.
    expect((await client.getJson('/mf-recovery-codes')).status).toBe(401);
  });

  it('needs a fresh sign-in to generate', async () => {
    const { app, clock, codes } = await joeWithCodes();
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await post(client, '/mf-recovery', { code: codes[0] })).status).toBe(200);
    const page = await client.getJson('/mf-recovery-codes');
    expect(page.body).toMatchObject({ recovery_codes: [], recovery_codes_unused: 4 });
    clock.advanceSeconds(601);
    const stale = await post(client, '/mf-recovery-codes', {});
    expect(stale.status).toBe(401);
    expect(stale.body.reauth_required).toBe(true);
  });

  it('signs a pending browser in with one code, once, and mails a notice', async () => {
    const { app, codes } = await joeWithCodes();
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await client.getJson('/mf-recovery')).status).toBe(200);
    const used = await post(client, '/mf-recovery', { code: codes[2]!.toUpperCase().replace(/-/g, ' ') });
    expect(used.status).toBe(200);
    expect((await client.getJson('/api/session-only')).json).toEqual({ ok: true, user: JOE.email });
    expect((await app.mailTo(JOE.email, 'A recovery code was used')).text).toContain('Codes left: 4');

    const again = app.t.client();
    await loginJson(again, JOE);
    const replay = await post(again, '/mf-recovery', { code: codes[2] });
    expect(replay.status).toBe(400);
    expect(replay.body.field_errors).toEqual({ code: ['Recovery code invalid'] });
    expect((await again.getJson('/api/session-only')).status).toBe(401);
  });

  it('voids the old set when a new one is generated, and never takes another user’s code', async () => {
    const { app, clock, codes } = await joeWithCodes();
    const ann = await app.t.createUser('ann@example.com', 'password of ann 123');
    const annSecret = await withAuthenticator(app.t, ann);
    const annClient = app.t.client();
    await loginJson(annClient, { email: 'ann@example.com', password: 'password of ann 123' });
    expect((await post(annClient, '/mf-recovery', { code: codes[0] })).status).toBe(400);
    expect((await post(annClient, '/tf-validate', { code: totpCode(annSecret, clock.nowMs()) })).status).toBe(
      200,
    );

    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await post(client, '/mf-recovery', { code: codes[0] })).status).toBe(200);
    const fresh = await post(client, '/mf-recovery-codes', {});
    const newCodes = fresh.body.recovery_codes as string[];
    const other = app.t.client();
    await loginJson(other, JOE);
    expect((await post(other, '/mf-recovery', { code: codes[1] })).status).toBe(400);
    expect((await post(other, '/mf-recovery', { code: newCodes[0] })).status).toBe(200);
  });

  it('is offered by /tf-rescue once the user has codes, which redirects even JSON callers to /mf-recovery', async () => {
    const { app, codes } = await joeWithCodes();
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await client.getJson('/tf-validate')).body.recovery_options).toEqual({
      email: '/tf-rescue',
      help: '/tf-rescue',
      recovery_code: '/mf-recovery',
    });
    const chosen = await post(client, '/tf-rescue', { help_setup: 'recovery_code' });
    expect(chosen.status).toBe(302);
    expect(chosen.location).toBe('/mf-recovery');
    expect((await post(client, '/mf-recovery', { code: codes[4] })).status).toBe(200);

    const ann = await app.t.createUser('ann@example.com', 'password of ann 123');
    await withAuthenticator(app.t, ann);
    const annClient = app.t.client();
    await loginJson(annClient, { email: 'ann@example.com', password: 'password of ann 123' });
    expect((await annClient.getJson('/tf-rescue')).body.recovery_options).toEqual({
      email: '/tf-rescue',
      help: '/tf-rescue',
    });
    expect((await post(annClient, '/tf-rescue', { help_setup: 'recovery_code' })).status).toBe(400);
  });

  it('counts guesses against the pending sign-in and refuses callers without one', async () => {
    const { app, codes } = await joeWithCodes();
    const client = app.t.client();
    expect((await post(client, '/mf-recovery', { code: codes[0] })).status).toBe(400);
    await loginJson(client, JOE);
    for (let i = 0; i < 5; i += 1) await post(client, '/mf-recovery', { code: '0000-0000-0000-0000' });
    expect((await post(client, '/mf-recovery', { code: codes[0] })).status).toBe(400);
    expect((await client.getJson('/api/session-only')).status).toBe(401);
  });
});
