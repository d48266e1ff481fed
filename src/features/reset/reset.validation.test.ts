import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import type { TestClient } from '../../testing/test-client.js';

let t: TestSecurity;
let token = '';
afterEach(async () => {
  await t.close();
});

async function setup(config: Record<string, unknown> = {}): Promise<void> {
  t = await createDemoSecurity({
    mailer: { async send() {} },
    mailWorker: { autoStart: false },
    config: { recoverable: true, ...config },
  });
  t.security.events.on('resetPasswordInstructionsSent', (event) => {
    token = event.token;
  });
  const client = t.client();
  const page = await client.getJson('/reset');
  await client.post('/reset', { json: { email: JOE.email, csrf_token: page.body.csrf_token } });
}

async function attempt(client: TestClient, fields: Record<string, string>) {
  const page = await client.getJson(`/reset/${token}`);
  return client.post(`/reset/${token}`, { json: { ...fields, csrf_token: page.body.csrf_token } });
}

/** The stored hash and the outbox, to show a refused attempt changed nothing. */
async function snapshot(): Promise<{ hash: string | null; mail: string[] }> {
  const user = await t.datastore.findUserByIdentity('email', JOE.email);
  const mail = await t.datastore.listMail(10);
  return { hash: user?.password ?? null, mail: mail.map((m) => m.subject) };
}

describe('POST /reset/<token> validation', () => {
  it('refuses mismatched, missing and too-short passwords, changing nothing and keeping the link', async () => {
    await setup();
    const before = await snapshot();
    expect(before.mail).toEqual(['Password reset instructions']);
    const cases: [Record<string, string>, Record<string, string[]>][] = [
      [
        { password: 'a new secret 123', password_confirm: 'another one 456' },
        { password_confirm: ['Passwords do not match'] },
      ],
      [{ password: 'a new secret 123' }, { password_confirm: ['Password not provided'] }],
      [{}, { password: ['Password not provided'], password_confirm: ['Password not provided'] }],
      [
        { password: 'short', password_confirm: 'short' },
        { password: ['Password must be at least 8 characters'] },
      ],
    ];
    for (const [fields, errors] of cases) {
      const res = await attempt(t.client(), fields);
      expect(res.status).toBe(400);
      expect(res.body.field_errors).toEqual(errors);
    }
    expect(await snapshot()).toEqual(before);
    const ok = await attempt(t.client(), {
      password: 'a new secret 123',
      password_confirm: 'a new secret 123',
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a post without the CSRF token, changing nothing', async () => {
    await setup();
    const before = await snapshot();
    const client = t.client();
    await client.getJson(`/reset/${token}`);
    const res = await client.post(`/reset/${token}`, {
      json: { password: 'a new secret 123', password_confirm: 'a new secret 123' },
    });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ csrf_token: ['The CSRF token is missing.'] });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses the link of an account disabled after it was mailed', async () => {
    await setup();
    const user = await t.datastore.findUserByIdentity('email', JOE.email);
    if (!user) throw new Error('no joe');
    await t.datastore.deactivateUser(user);
    const res = await attempt(t.client(), {
      password: 'a new secret 123',
      password_confirm: 'a new secret 123',
    });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ '': ['Invalid reset password token.'] });
  });

  it('queues no notice when sendPasswordResetNoticeEmail is off', async () => {
    await setup({ sendPasswordResetNoticeEmail: false });
    const ok = await attempt(t.client(), {
      password: 'a new secret 123',
      password_confirm: 'a new secret 123',
    });
    expect(ok.status).toBe(200);
    expect((await snapshot()).mail).toEqual(['Password reset instructions']);
    expect((await loginJson(t.client(), { ...JOE, password: 'a new secret 123' })).status).toBe(200);
  });
});
