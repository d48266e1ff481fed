import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

const PASSWORD = 'a fine new password 1';

let t: TestSecurity;
beforeEach(async () => {
  t = await createDemoSecurity({
    mailWorker: { autoStart: false },
    config: { registerable: true, confirmable: true },
  });
});
afterEach(async () => {
  await t.close();
});

async function register(body: Record<string, unknown>) {
  const client = t.client();
  const page = await client.getJson('/register');
  return client.post('/register', { json: { ...body, csrf_token: page.body.csrf_token } });
}

/** Nothing written: no new user and no queued mail. */
async function expectNothingWritten(email: string): Promise<void> {
  expect(await t.datastore.findUserByIdentity('email', email)).toBeNull();
  expect(await t.datastore.listMail(10)).toEqual([]);
}

describe('registration field errors (400, nothing written)', () => {
  it.each([
    ['a malformed email', { email: 'not-an-email', password: PASSWORD }, 'email', 'Invalid email address'],
    ['a missing email', { password: PASSWORD }, 'email', 'Email not provided'],
    [
      'a short password',
      { email: 'short@example.com', password: 'short' },
      'password',
      'Password must be at least 8 characters',
    ],
    ['a missing password', { email: 'nopass@example.com' }, 'password', 'Password not provided'],
  ])('refuses %s', async (_name, body, field, message) => {
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      meta: { code: 400 },
      response: { errors: [message], field_errors: { [field]: [message] } },
    });
    await expectNothingWritten((body as { email?: string }).email ?? '');
  });

  it('refuses an email already registered, whatever its case', async () => {
    const res = await register({ email: 'JOE@Example.com', password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({
      email: ['JOE@example.com is already associated with an account.'],
    });
    expect(await t.datastore.listMail(10)).toEqual([]);
  });

  it('reports every problem at once', async () => {
    const res = await register({ email: JOE.email, password: 'short' });
    expect(res.body.field_errors).toEqual({
      email: ['joe@example.com is already associated with an account.'],
      password: ['Password must be at least 8 characters'],
    });
  });

  it('refuses a password built from the email address', async () => {
    await t.close();
    t = await createDemoSecurity({
      mailWorker: { autoStart: false },
      config: { registerable: true, passwordComplexityChecker: 'zxcvbn' },
    });
    const password = 'quixotic.zephyrwhale';
    const elsewhere = await register({ email: 'bob@example.com', password });
    expect(elsewhere.status).toBe(200);
    const res = await register({ email: 'quixotic.zephyrwhale@example.com', password });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.field_errors as object)).toEqual(['password']);
  });
});

describe('email normalization', () => {
  it('lower-cases and IDNA-encodes the domain and keeps the local part', async () => {
    const res = await register({ email: ' Ann@BÜCHER.example ', password: PASSWORD });
    expect(res.status).toBe(200);
    const user = await t.datastore.findUserByIdentity('email', 'ann@xn--bcher-kva.example');
    expect(user?.email).toBe('Ann@xn--bcher-kva.example');
    const [mail] = await t.datastore.listMail(10);
    expect(mail?.to).toBe('Ann@xn--bcher-kva.example');
  });

  it('treats the Unicode and ASCII forms of a domain as one address', async () => {
    await register({ email: 'ann@bücher.example', password: PASSWORD });
    const again = await register({ email: 'ann@xn--bcher-kva.example', password: PASSWORD });
    expect(again.status).toBe(400);
    expect(again.body.field_errors).toEqual({
      email: ['ann@xn--bcher-kva.example is already associated with an account.'],
    });
  });
});
