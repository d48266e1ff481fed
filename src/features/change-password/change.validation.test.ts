import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import type { TestClient } from '../../testing/test-client.js';

let t: TestSecurity;
let client: TestClient;
afterEach(async () => {
  await t.close();
});

async function setup(): Promise<void> {
  t = await createDemoSecurity({
    mailer: { async send() {} },
    mailWorker: { autoStart: false },
    config: { changeable: true },
  });
  client = t.client();
  await loginJson(client, JOE);
}

async function post(fields: Record<string, string>) {
  const page = await client.getJson('/change');
  return client.post('/change', { json: { ...fields, csrf_token: page.body.csrf_token } });
}

async function snapshot(): Promise<{ hash: string | null; uniquifier: string | undefined; mail: number }> {
  const user = await t.datastore.findUserByIdentity('email', JOE.email);
  return {
    hash: user?.password ?? null,
    uniquifier: user?.fsUniquifier,
    mail: (await t.datastore.listMail(10)).length,
  };
}

describe('POST /change validation', () => {
  it('answers GET with the form payload', async () => {
    await setup();
    const page = await client.getJson('/change');
    expect(page.body).toEqual({ active_password: true, csrf_token: expect.any(String), user: {} });
  });

  it('refuses each bad submission with its field error and changes nothing', async () => {
    await setup();
    const before = await snapshot();
    const fresh = 'a changed secret 88';
    const cases: [Record<string, string>, Record<string, string[]>][] = [
      [
        { password: 'not my password', new_password: fresh, new_password_confirm: fresh },
        { password: ['Invalid password'] },
      ],
      [{ new_password: fresh, new_password_confirm: fresh }, { password: ['Password not provided'] }],
      [
        { password: JOE.password, new_password: JOE.password, new_password_confirm: JOE.password },
        { password: ['Your new password must be different than your previous password.'] },
      ],
      [
        { password: JOE.password, new_password: fresh, new_password_confirm: 'something else 1' },
        { new_password_confirm: ['Passwords do not match'] },
      ],
      [
        { password: JOE.password },
        { new_password: ['Password not provided'], new_password_confirm: ['Password not provided'] },
      ],
      [
        { password: JOE.password, new_password: 'short', new_password_confirm: 'short' },
        { new_password: ['Password must be at least 8 characters'] },
      ],
    ];
    for (const [fields, errors] of cases) {
      const res = await post(fields);
      expect(res.status).toBe(400);
      expect(res.body.field_errors).toEqual(errors);
    }
    expect(await snapshot()).toEqual(before);
    expect((await client.getJson('/api/session-only')).status).toBe(200);
  });

  it('refuses a post without the CSRF token', async () => {
    await setup();
    const before = await snapshot();
    const res = await client.post('/change', {
      json: {
        password: JOE.password,
        new_password: 'a changed secret 88',
        new_password_confirm: 'a changed secret 88',
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ csrf_token: ['The CSRF token is missing.'] });
    expect(await snapshot()).toEqual(before);
  });

  it('queues no notice when sendPasswordChangeEmail is off', async () => {
    t = await createDemoSecurity({
      mailer: { async send() {} },
      mailWorker: { autoStart: false },
      config: { changeable: true, sendPasswordChangeEmail: false },
    });
    client = t.client();
    await loginJson(client, JOE);
    const fresh = 'a changed secret 88';
    expect(
      (await post({ password: JOE.password, new_password: fresh, new_password_confirm: fresh })).status,
    ).toBe(200);
    expect(await t.datastore.listMail(10)).toEqual([]);
  });

  it('lets an account without a password set one without a current password', async () => {
    t = await createDemoSecurity({
      mailer: { async send() {} },
      mailWorker: { autoStart: false },
      config: { changeable: true, freshnessAllowAuthToken: true },
    });
    const user = await t.datastore.createUser({ email: 'nopass@example.com', password: null });
    const headers = { 'Authentication-Token': t.security.issueAuthToken(user) };
    client = t.client();
    const page = await client.getJson('/change', headers);
    expect(page.body.active_password).toBe(false);
    const fresh = 'a first password 12';
    const res = await client.post('/change', {
      json: { new_password: fresh, new_password_confirm: fresh, csrf_token: page.body.csrf_token },
      headers,
    });
    expect(res.status).toBe(200);
    expect((await loginJson(t.client(), { email: 'nopass@example.com', password: fresh })).status).toBe(200);
  });
});
