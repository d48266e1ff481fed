import { afterEach, describe, expect, it } from 'vitest';
import { countingDatastore } from '../../../test/fixtures/counting-datastore.js';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { createSqliteDatastore } from '../../datastore/sqlite.js';
import type { Mailer } from '../../mail/mailer.js';
import type { TestSecurity } from '../../testing/create-test-security.js';
import type { TestClient } from '../../testing/test-client.js';

const OFF = 'off@example.com';
const PENDING = 'pending@example.com';
const GHOST = 'ghost@example.com';

let t: TestSecurity;
let calls: string[] = [];
const sent: string[] = [];
afterEach(async () => {
  await t.close();
});

async function setup(config: Record<string, unknown>): Promise<void> {
  const counting = countingDatastore(await createSqliteDatastore({ filename: ':memory:' }), {
    intoTransactions: false,
  });
  calls = counting.calls;
  const mailer: Mailer = {
    async send(message) {
      sent.push(message.to);
    },
  };
  t = await createDemoSecurity({
    datastore: counting.datastore,
    mailer,
    mailWorker: { autoStart: false },
    config: { recoverable: true, confirmable: true, ...config },
  });
  await t.createUser(OFF, 'a good password 1', { active: false });
  await t.createUser(PENDING, 'a good password 2', { confirmed: false });
  calls.length = 0;
  sent.length = 0;
}

async function forgot(client: TestClient, email: string) {
  const page = await client.getJson('/reset');
  calls.length = 0;
  return client.post('/reset', { json: { email, csrf_token: page.body.csrf_token } });
}

const lookups = (): string[] => calls.filter((name) => name.startsWith('find'));

describe('POST /reset without generic responses', () => {
  it('says why an email cannot get a link, and writes nothing', async () => {
    await setup({});
    const cases: [string, string][] = [
      [GHOST, 'Specified user does not exist'],
      [OFF, 'Account is disabled.'],
      [PENDING, 'Email requires confirmation.'],
      ['not-an-email', 'Invalid email address'],
      ['', 'Email not provided'],
    ];
    for (const [email, message] of cases) {
      const res = await forgot(t.client(), email);
      expect(res.status).toBe(400);
      expect(res.body.field_errors).toEqual({ email: [message] });
    }
    expect(await t.datastore.listMail(10)).toEqual([]);
  });

  it('refuses a signed-in caller', async () => {
    await setup({});
    const client = t.client();
    await loginJson(client, JOE);
    const res = await forgot(client, JOE.email);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(['You can only access this endpoint when not logged in.']);
    expect((await client.getJson('/reset')).status).toBe(400);
  });
});

describe('POST /reset with returnGenericResponses', () => {
  it('answers known, unknown, disabled, unconfirmed and malformed emails identically', async () => {
    await setup({ returnGenericResponses: true });
    const bodies = [];
    for (const email of [JOE.email, GHOST, OFF, PENDING, 'not-an-email']) {
      const res = await forgot(t.client(), email);
      expect(res.status).toBe(200);
      const { csrf_token, ...rest } = res.body;
      expect(csrf_token).toEqual(expect.any(String));
      bodies.push(rest);
    }
    for (const body of bodies) expect(body).toEqual({});
  });

  it('flashes the same message to a browser whatever the email', async () => {
    await setup({ returnGenericResponses: true });
    for (const email of [JOE.email, GHOST, OFF]) {
      const client = t.client();
      const page = await client.getJson('/reset');
      const res = await client.post('/reset', { form: { email, csrf_token: String(page.body.csrf_token) } });
      expect(res.status).toBe(302);
      expect(res.location).toBe('/reset');
      const next = await client.get('/reset');
      expect(next.text).toContain(`Instructions to reset your password have been sent to ${email}.`);
    }
  });

  it('does the same lookups for every account and mails only the real, usable one', async () => {
    await setup({ returnGenericResponses: true });
    const work: Record<string, string[]> = {};
    for (const email of [JOE.email, GHOST, OFF, PENDING]) {
      await forgot(t.client(), email);
      work[email] = lookups();
    }
    expect(work[JOE.email]).toEqual(['findUserByIdentity']);
    for (const email of [GHOST, OFF, PENDING]) expect(work[email]).toEqual(work[JOE.email]);
    // The three refusals queued decoys (to nobody, already delivered) for equal work.
    const queued = await t.datastore.listMail(10);
    expect(queued.map((m) => [m.to, m.kind, m.sentAt === null]).reverse()).toEqual([
      [JOE.email, 'reset-instructions', true],
      ['', 'decoy', false],
      ['', 'decoy', false],
      ['', 'decoy', false],
    ]);
    expect(await t.security.mail.runOnce()).toBe(1);
    expect(sent).toEqual([JOE.email]);
  });

  it('answers before the mail is sent (the outbox delivers it later)', async () => {
    await setup({ returnGenericResponses: true });
    expect((await forgot(t.client(), JOE.email)).status).toBe(200);
    expect(sent).toEqual([]);
    expect((await t.datastore.listMail(10))[0]?.sentAt).toBeNull();
    expect(await t.security.mail.runOnce()).toBe(1);
    expect(sent).toEqual([JOE.email]);
  });

  it('still refuses a missing CSRF token with a 400', async () => {
    await setup({ returnGenericResponses: true });
    const client = t.client();
    await client.getJson('/reset');
    const res = await client.post('/reset', { json: { email: JOE.email } });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ csrf_token: ['The CSRF token is missing.'] });
    expect(await t.datastore.listMail(10)).toEqual([]);
  });
});
