import { expect, test } from 'vitest';
import { countingDatastore } from '../../../test/fixtures/counting-datastore.js';
import { ADMIN, JOE } from '../../../test/fixtures/demo-routes.js';
import { createMailApp } from '../../../test/fixtures/mail-app.js';
import { createSqliteDatastore } from '../../datastore/sqlite.js';

test('an unknown address costs the same lookup and transaction as a known one', async () => {
  const counting = countingDatastore(await createSqliteDatastore({ filename: ':memory:' }));
  const app = await createMailApp('sqlite', {
    datastore: counting.datastore,
    config: { usernameEnable: true, usernameRecovery: true },
  });
  try {
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    if (joe) await app.t.datastore.updateUser(joe, { username: 'joey42' });
    const work = async (email: string) => {
      const client = app.t.client();
      const page = await client.getJson('/recover-username');
      counting.calls.length = 0;
      await client.post('/recover-username', { json: { email, csrf_token: page.body.csrf_token } });
      return { transaction: counting.count('transaction'), lookups: counting.count('findUserByIdentity') };
    };
    const known = await work(JOE.email);
    expect(known).toEqual({ transaction: 1, lookups: 1 });
    expect(await work('ghost@example.com')).toEqual(known);
    expect(await work(ADMIN.email)).toEqual(known);
    // Admin has no username: a decoy mail, delivered at once, took the real mail's place.
    expect(counting.calls.slice(-2)).toEqual(['enqueueMail', 'markMailSent']);
  } finally {
    await app.close();
  }
});
