import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../../test/fixtures/demo-routes.js';
import { queuedMail } from '../../../test/fixtures/queued-mail.js';
import { createPasswordHasher } from '../../passwords/argon2-hasher.js';
import type { PasswordHasher } from '../../passwords/types.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import type { TestClient } from '../../testing/test-client.js';

const PASSWORD = 'a fine new password 1';

/** Counts hash calls, so equal work is asserted without timing. */
function countingHasher(): { hasher: PasswordHasher; hashes: { count: number } } {
  const inner = createPasswordHasher({ argon2: { memoryCost: 256, timeCost: 1, parallelism: 1 } });
  const hashes = { count: 0 };
  return {
    hashes,
    hasher: {
      hash(p) {
        hashes.count++;
        return inner.hash(p);
      },
      verify: (p, h) => inner.verify(p, h),
      verifyDummy: (p) => inner.verifyDummy(p),
    },
  };
}

let t: TestSecurity;
let hashes: { count: number };
afterEach(async () => {
  await t.close();
});

async function setup(config: Record<string, unknown> = {}): Promise<void> {
  const counting = countingHasher();
  hashes = counting.hashes;
  t = await createDemoSecurity({
    passwordHasher: counting.hasher,
    mailWorker: { autoStart: false },
    config: { registerable: true, confirmable: true, returnGenericResponses: true, ...config },
  });
  await t.datastore.updateUser((await t.datastore.findUserByIdentity('email', JOE.email))!, {
    username: 'joey',
  });
}

async function registerJson(client: TestClient, body: Record<string, unknown>) {
  const page = await client.getJson('/register');
  hashes.count = 0;
  return client.post('/register', { json: { ...body, csrf_token: page.body.csrf_token } });
}

function withoutCsrf(body: Record<string, unknown>): Record<string, unknown> {
  const { csrf_token: _ignored, ...rest } = body;
  return rest;
}

describe('register with returnGenericResponses', () => {
  it('answers a taken email exactly like a new one, with the same hashing work', async () => {
    await setup();
    const fresh = await registerJson(t.client(), { email: 'new@example.com', password: PASSWORD });
    const freshHashes = hashes.count;
    const taken = await registerJson(t.client(), { email: JOE.email, password: PASSWORD });
    expect(taken.status).toBe(fresh.status);
    expect(fresh.status).toBe(200);
    expect(withoutCsrf(taken.body)).toEqual(withoutCsrf(fresh.body));
    expect(withoutCsrf(taken.body)).toEqual({ user: {} });
    expect(hashes.count).toBe(freshHashes);
    expect(freshHashes).toBe(1);
  });

  it('mails the owner of a taken email a notice with a way to reset the password', async () => {
    await setup({ recoverable: true });
    await registerJson(t.client(), { email: 'JOE@example.com', password: PASSWORD });
    const mails = await queuedMail(t, 10);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: JOE.email, kind: 'register-existing', subject: 'Welcome' });
    expect(mails[0]?.text).toContain('already has one');
    expect(mails[0]?.text).toContain('username of your account is joey');
    expect(mails[0]?.text).toContain('http://app.test/reset');
    expect(mails[0]?.text).not.toContain('/confirm/');
    const joe = await t.datastore.findUserByIdentity('email', JOE.email);
    expect(joe?.password).not.toBeNull();
  });

  it('sends an unconfirmed owner a new confirmation link in the notice', async () => {
    await setup();
    await t.createUser('pending@example.com', 'a good password 2', { confirmed: false });
    await registerJson(t.client(), { email: 'pending@example.com', password: PASSWORD });
    const [notice] = await queuedMail(t, 10);
    expect(notice?.text).toContain('http://app.test/confirm/');
  });

  it('answers a new email with a taken username like a registration and tells that address', async () => {
    await setup({ usernameEnable: true });
    const fresh = await registerJson(t.client(), {
      email: 'a@example.com',
      password: PASSWORD,
      username: 'anna',
    });
    const taken = await registerJson(t.client(), {
      email: 'b@example.com',
      password: PASSWORD,
      username: 'joey',
    });
    expect(taken.status).toBe(200);
    expect(withoutCsrf(taken.body)).toEqual(withoutCsrf(fresh.body));
    expect(hashes.count).toBe(1);
    expect(await t.datastore.findUserByIdentity('email', 'b@example.com')).toBeNull();
    const [notice] = await queuedMail(t, 10);
    expect(notice).toMatchObject({ to: 'b@example.com', kind: 'register-username-taken' });
    expect(notice?.text).toContain('"joey"');
  });

  it('still reports password and format errors, without revealing the taken email', async () => {
    await setup();
    const weak = await registerJson(t.client(), { email: JOE.email, password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.field_errors).toEqual({ password: ['Password must be at least 8 characters'] });
    const malformed = await registerJson(t.client(), { email: 'nope', password: PASSWORD });
    expect(malformed.body.field_errors).toEqual({ email: ['Invalid email address'] });
    expect(await t.datastore.listMail(10)).toEqual([]);
  });

  it('sends a browser to the same place with the same flash either way', async () => {
    await setup();
    const outcomes = [];
    for (const email of ['new@example.com', JOE.email]) {
      const client = t.client();
      const page = await client.get('/register');
      const csrf = /name="csrf_token" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
      const res = await client.post('/register', {
        form: { email, password: PASSWORD, password_confirm: PASSWORD, csrf_token: csrf },
      });
      const shown = await client.get('/confirm');
      outcomes.push({
        status: res.status,
        location: res.location,
        flash: /fs-flash-msg">([^<]*)/.exec(shown.text)?.[1],
      });
    }
    expect(outcomes[0]?.flash).toContain('Confirmation instructions have been sent to');
    expect(outcomes[1]).toEqual({
      ...outcomes[0],
      flash: outcomes[0]?.flash?.replace('new@example.com', JOE.email),
    });
  });
});
