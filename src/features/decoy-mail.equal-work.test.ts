import { afterEach, describe, expect, inject, test } from 'vitest';
import { type CountingDatastore, countingDatastore } from '../../test/fixtures/counting-datastore.js';
import { ADMIN, createDemoSecurity, JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import { createFakeClock } from '../../test/fixtures/fake-clock.js';
import { createTestDatabase } from '../../test/services/postgres.js';
import { createPostgresDatastore } from '../datastore/postgres.js';
import { createSqliteDatastore } from '../datastore/sqlite.js';
import type { Datastore } from '../datastore/types.js';
import type { TestSecurity } from '../testing/create-test-security.js';
import type { TestClient } from '../testing/test-client.js';
import { DECOY_MAIL_KIND } from './decoy-mail.js';

const GHOST = 'ghost@example.com';
const OFF = 'off@example.com';
const PENDING = 'pending@example.com';
const BASE = {
  recoverable: true,
  confirmable: true,
  changeEmail: true,
  usernameEnable: true,
  usernameRecovery: true,
  returnGenericResponses: true,
};

interface Env {
  readonly t: TestSecurity;
  readonly counting: CountingDatastore;
  readonly clock: ReturnType<typeof createFakeClock>;
}

const postgresUrl = inject('postgresUrl');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rawDatastore(kind: string): Promise<Datastore> {
  if (kind === 'sqlite') return createSqliteDatastore({ filename: ':memory:' });
  if (!postgresUrl) throw new Error('PostgreSQL is not available in this run');
  const database = await createTestDatabase(postgresUrl);
  cleanups.push(() => database.drop());
  return createPostgresDatastore({ connectionString: database.url, max: 4 });
}

/** Counted work of one POST, after its GET (which hands out the CSRF token). */
async function post(env: Env, client: TestClient, path: string, email: string) {
  const page = await client.getJson(path);
  env.counting.calls.length = 0;
  const res = await client.post(path, { json: { email, csrf_token: page.body.csrf_token } });
  expect(res.status).toBe(200);
  return { calls: [...env.counting.calls], work: env.counting.work() };
}

describe.each(['sqlite', 'postgres'])('equal work for addresses that get no mail (%s)', (kind) => {
  const it = test.skipIf(kind === 'postgres' && !postgresUrl);

  async function open(): Promise<Env> {
    const counting = countingDatastore(await rawDatastore(kind));
    const clock = createFakeClock();
    const t = await createDemoSecurity({
      datastore: counting.datastore,
      clock,
      mailWorker: { autoStart: false },
      config: BASE,
    });
    cleanups.push(() => t.close());
    await t.createUser(OFF, 'a good password 1', { active: false });
    await t.createUser(PENDING, 'a good password 2', { confirmed: false });
    const joe = await t.datastore.findUserByIdentity('email', JOE.email);
    if (!joe) throw new Error('no seed user');
    await t.datastore.updateUser(joe, { username: 'joey42' });
    return { t, counting, clock };
  }

  it('POST /reset: known, unknown, disabled and unconfirmed addresses do the same storage work', async () => {
    const env = await open();
    const known = await post(env, env.t.client(), '/reset', JOE.email);
    expect(known.calls).toEqual(['findUserByIdentity', 'transaction', 'createLinkToken', 'enqueueMail']);
    for (const email of [GHOST, OFF, PENDING]) {
      expect((await post(env, env.t.client(), '/reset', email)).work).toEqual(known.work);
    }
    expect(known.work).toEqual({ transactions: 1, lookups: 1, writes: 2 });
  });

  it('POST /confirm: unconfirmed, confirmed and unknown addresses do the same storage work', async () => {
    const env = await open();
    const pending = await post(env, env.t.client(), '/confirm', PENDING);
    expect(pending.work).toEqual({ transactions: 1, lookups: 1, writes: 2 });
    expect((await post(env, env.t.client(), '/confirm', JOE.email)).work).toEqual(pending.work);
    expect((await post(env, env.t.client(), '/confirm', GHOST)).work).toEqual(pending.work);
  });

  it('POST /recover-username: an unknown address queues a mail in the same transaction as a known one', async () => {
    const env = await open();
    const known = await post(env, env.t.client(), '/recover-username', JOE.email);
    const unknown = await post(env, env.t.client(), '/recover-username', GHOST);
    expect(known.calls).toEqual(['transaction', 'findUserByIdentity', 'enqueueMail']);
    // The one extra call marks the decoy delivered: an UPDATE of the row just written, in the same commit.
    expect(unknown.calls).toEqual(['transaction', 'findUserByIdentity', 'enqueueMail', 'markMailSent']);
  });

  it('POST /change-email: a taken address queues as many mails in the same transaction as a free one', async () => {
    const env = await open();
    const client = env.t.client();
    expect((await loginJson(client, JOE)).status).toBe(200);
    const free = await post(env, client, '/change-email', 'joe.new@example.org');
    const taken = await post(env, client, '/change-email', ADMIN.email);
    expect(free.calls).toEqual([
      'findSessionWithUser',
      'transaction',
      'findUserByIdentity',
      'createLinkToken',
      'enqueueMail',
      'enqueueMail',
    ]);
    expect(taken.calls).toEqual([
      'findSessionWithUser',
      'transaction',
      'findUserByIdentity',
      'createLinkToken',
      'enqueueMail',
      'markMailSent',
      'enqueueMail',
    ]);
  });

  it('never delivers a decoy, keeps no address in it, and purges it with old delivered mail', async () => {
    const env = await open();
    const { t } = env;
    for (const email of [GHOST, OFF]) await post(env, t.client(), '/reset', email);
    await post(env, t.client(), '/confirm', GHOST);
    await post(env, t.client(), '/recover-username', GHOST);
    const decoys = await t.datastore.listMail(10);
    expect(decoys.map((m) => [m.kind, m.to, m.sentAt])).toEqual(
      Array.from({ length: 4 }, () => [DECOY_MAIL_KIND, '', env.clock.nowMs()]),
    );
    expect(await t.security.mail.runOnce()).toBe(0);
    env.clock.advanceSeconds(t.security.config.sentMailRetention + 1);
    expect((await t.security.purgeExpired()).sentMail).toBe(4);
    expect(await t.datastore.listMail(10)).toEqual([]);
  });
});
