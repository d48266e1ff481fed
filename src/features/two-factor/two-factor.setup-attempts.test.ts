/** /tf-setup while signed in: twoFactorMaxAttempts wrong codes throw the setup away (issue 9). */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import { codeIn, TWO_FACTOR_CONFIG, totpCode, wrongCode } from '../../../test/fixtures/two-factor.js';
import type { TestClient } from '../../testing/test-client.js';

async function post(client: TestClient, path: string, json: Record<string, unknown>) {
  const token = (await client.getJson('/login')).body.csrf_token;
  return client.post(path, { json: { ...json, csrf_token: token } });
}

const CONFIG = { ...TWO_FACTOR_CONFIG, twoFactorMaxAttempts: 3 };
const TOO_MANY = 'Too many codes were tried. Please choose the method again.';

describeEachDatabase('two-factor setup attempt cap', { config: CONFIG }, ({ it, open }) => {
  async function signedIn() {
    const clock = createFakeClock();
    const app = await open({ clock });
    const client = app.t.client();
    expect((await loginJson(client, JOE)).body.user).toEqual({});
    return { app, client, clock };
  }

  it('throws an authenticator setup away at the cap: even the right code then fails', async () => {
    const { app, client, clock } = await signedIn();
    const chosen = await post(client, '/tf-setup', { setup: 'authenticator' });
    const secret = String(chosen.body.tf_authr_b32key);
    const right = totpCode(secret, clock.nowMs());
    for (let i = 0; i < 2; i += 1) {
      const wrong = await post(client, '/tf-validate', { code: wrongCode(right) });
      expect(wrong.status).toBe(400);
      expect(wrong.body.field_errors).toEqual({ code: ['Invalid code'] });
    }
    const last = await post(client, '/tf-validate', { code: wrongCode(right) });
    expect(last.status).toBe(400);
    expect(last.body.field_errors).toEqual({ code: [TOO_MANY] });
    const late = await post(client, '/tf-validate', { code: right });
    expect(late.status).toBe(400);
    expect(late.body.field_errors).toEqual({
      '': ['You currently do not have permissions to access this page'],
    });
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.tfPrimaryMethod).toBeNull();
    // Still signed in; choosing the method again starts a new setup with a new count.
    expect((await client.getJson('/api/session-only')).status).toBe(200);
    const again = await post(client, '/tf-setup', { setup: 'authenticator' });
    const fresh = String(again.body.tf_authr_b32key);
    expect((await post(client, '/tf-validate', { code: wrongCode(right) })).status).toBe(400);
    const done = await post(client, '/tf-validate', { code: totpCode(fresh, clock.nowMs()) });
    expect(done.status).toBe(200);
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.tfPrimaryMethod).toBe(
      'authenticator',
    );
  });

  it('accepts the right code as the last allowed attempt', async () => {
    const { app, client } = await signedIn();
    await post(client, '/tf-setup', { setup: 'email' });
    const code = codeIn(await app.mailTo(JOE.email, 'Two-factor Login'));
    expect((await post(client, '/tf-validate', { code: wrongCode(code) })).status).toBe(400);
    expect((await post(client, '/tf-validate', { code: wrongCode(code) })).status).toBe(400);
    expect((await post(client, '/tf-validate', { code })).status).toBe(200);
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.tfPrimaryMethod).toBe('email');
  });

  it('throws an email setup away at the cap: the mailed code no longer completes it', async () => {
    const { app, client } = await signedIn();
    await post(client, '/tf-setup', { setup: 'email' });
    const code = codeIn(await app.mailTo(JOE.email, 'Two-factor Login'));
    for (let i = 0; i < 3; i += 1) await post(client, '/tf-validate', { code: wrongCode(code) });
    const late = await post(client, '/tf-validate', { code });
    expect(late.status).toBe(400);
    expect((await app.t.datastore.findUserByIdentity('email', JOE.email))?.tfPrimaryMethod).toBeNull();
  });
});

describeEachDatabase('two-factor setup attempt cap under concurrency', { config: CONFIG }, ({ it, open }) => {
  it('compares at most twoFactorMaxAttempts codes when wrong codes arrive all at once', async () => {
    const clock = createFakeClock();
    const app = await open({ clock });
    const client = app.t.client();
    expect((await loginJson(client, JOE)).body.user).toEqual({});
    const chosen = await post(client, '/tf-setup', { setup: 'authenticator' });
    const right = totpCode(String(chosen.body.tf_authr_b32key), clock.nowMs());
    const token = (await client.getJson('/login')).body.csrf_token;
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        client.post('/tf-validate', { json: { code: wrongCode(right), csrf_token: token } }),
      ),
    );
    const errors = answers.map((answer) => JSON.stringify(answer.body.field_errors));
    // Cap 3: two wrong codes read "Invalid code", the third is the last and voids the setup;
    // the other five are refused without a comparison. A count kept in session data let all 8 in.
    expect(errors.filter((e) => e === JSON.stringify({ code: ['Invalid code'] }))).toHaveLength(2);
    expect(answers.every((answer) => answer.status === 400)).toBe(true);
    expect((await post(client, '/tf-validate', { code: right })).status).toBe(400);
  });
});
