import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countingDatastore } from '../../../test/fixtures/counting-datastore.js';
import { createDemoSecurity, JOE } from '../../../test/fixtures/demo-routes.js';
import { createSqliteDatastore } from '../../datastore/sqlite.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

const PENDING = 'pending@example.com';

let t: TestSecurity;
let calls: string[] = [];
beforeEach(async () => {
  const counting = countingDatastore(await createSqliteDatastore({ filename: ':memory:' }), {
    intoTransactions: false,
  });
  calls = counting.calls;
  t = await createDemoSecurity({
    datastore: counting.datastore,
    mailWorker: { autoStart: false },
    config: { confirmable: true, returnGenericResponses: true },
  });
  await t.createUser(PENDING, 'a good password 2', { confirmed: false });
});
afterEach(async () => {
  await t.close();
});

async function resend(email: string) {
  const client = t.client();
  const page = await client.getJson('/confirm');
  calls.length = 0;
  const res = await client.post('/confirm', { json: { email, csrf_token: page.body.csrf_token } });
  return { res, work: calls.filter((name) => name === 'transaction' || name.startsWith('find')) };
}

describe('POST /confirm with returnGenericResponses', () => {
  it('answers unconfirmed, confirmed and unknown emails identically, with the same datastore work', async () => {
    const pending = await resend(PENDING);
    const confirmed = await resend(JOE.email);
    const unknown = await resend('ghost@example.com');
    for (const { res } of [pending, confirmed, unknown]) {
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['csrf_token']);
    }
    expect(pending.work).toEqual(['findUserByIdentity', 'transaction']);
    expect(confirmed.work).toEqual(pending.work);
    expect(unknown.work).toEqual(pending.work);
  });

  it('mails only the unconfirmed user', async () => {
    await resend('ghost@example.com');
    await resend(JOE.email);
    await resend(PENDING);
    // The other two queued decoys (to nobody, already delivered) for equal work.
    const mails = await t.datastore.listMail(10);
    expect(mails.map((m) => [m.to, m.sentAt === null]).reverse()).toEqual([
      ['', false],
      ['', false],
      [PENDING, true],
    ]);
  });

  it('answers a malformed or missing email the same way, without mail', async () => {
    for (const email of ['not-an-email', '']) {
      const { res } = await resend(email);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['csrf_token']);
    }
    expect(await t.datastore.listMail(10)).toEqual([]);
  });
});
