/**
 * Generic responses at /us-signin/send-code: every identity gets the same answer and costs the same
 * storage work, whether it exists, is disabled, or has the method set up (5.1.2 answers a user
 * with email set up in another shape, and only that case sends anything).
 */
import { afterEach, describe, expect, inject, test } from 'vitest';
import { countingDatastore } from '../../../test/fixtures/counting-datastore.js';
import { ADMIN, createDemoSecurity, JOE } from '../../../test/fixtures/demo-routes.js';
import { US_CONFIG, userNamed, withUsCodeMethods } from '../../../test/fixtures/unified-signin.js';
import { createTestDatabase } from '../../../test/services/postgres.js';
import { createPostgresDatastore } from '../../datastore/postgres.js';
import { createSqliteDatastore } from '../../datastore/sqlite.js';
import type { Datastore } from '../../datastore/types.js';
import type { OneTimeCodeStore } from '../../one-time-code/one-time-code-store.js';
import { createMemorySmsSender } from '../../sms/memory-sms-sender.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

const GHOST = 'ghost@example.com';
const OFF = 'off@example.com';
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

/** Counts the datastore's calls and, apart, the one-time-code store's (which the datastore hands out). */
function counted(raw: Datastore) {
  const counting = countingDatastore(raw);
  const codeCalls: string[] = [];
  const codes = raw.oneTimeCodeStore();
  const countedCodes = new Proxy(codes, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        codeCalls.push(String(property));
        return value.apply(target, args);
      };
    },
  }) as OneTimeCodeStore;
  const datastore = new Proxy(counting.datastore, {
    get: (target, property) =>
      property === 'oneTimeCodeStore' ? () => countedCodes : Reflect.get(target, property),
  });
  return { datastore, counting, codeCalls };
}

describe.each(['sqlite', 'postgres'])('unified sign-in generic responses (%s)', (kind) => {
  const it = test.skipIf(kind === 'postgres' && !postgresUrl);

  async function open() {
    const env = counted(await rawDatastore(kind));
    const t: TestSecurity = await createDemoSecurity({
      datastore: env.datastore,
      mailWorker: { autoStart: false },
      smsSender: createMemorySmsSender(),
      config: { ...US_CONFIG, returnGenericResponses: true, usSendCodeMinInterval: 0 },
    });
    cleanups.push(() => t.close());
    await withUsCodeMethods(t, await userNamed(t));
    const off = await t.createUser(OFF, 'a good password 1', { active: false });
    await withUsCodeMethods(t, off, '+442079460959');
    return { ...env, t };
  }

  async function sendCode(env: Awaited<ReturnType<typeof open>>, identity: string, method: string) {
    const client = env.t.client();
    const page = await client.getJson('/us-signin');
    env.counting.calls.length = 0;
    env.codeCalls.length = 0;
    const res = await client.post('/us-signin/send-code', {
      json: { identity, chosen_method: method, csrf_token: page.body.csrf_token },
    });
    return {
      status: res.status,
      keys: Object.keys(res.body).sort(),
      work: env.counting.work(),
      codeCalls: [...env.codeCalls],
    };
  }

  it('by email: set up, not set up, disabled and unknown identities get the same answer and work', async () => {
    const env = await open();
    const known = await sendCode(env, JOE.email, 'email');
    expect(known.status).toBe(200);
    expect(known.keys).toEqual(['csrf_token']);
    expect(known.work).toEqual({ transactions: 1, lookups: 2, writes: 2 });
    expect(known.codeCalls).toEqual(['get', 'put']);
    for (const identity of [ADMIN.email, OFF, GHOST]) {
      expect(await sendCode(env, identity, 'email')).toEqual(known);
    }
    // Only the account with the method got a mail; the rest went to nobody.
    const mail = await env.t.datastore.listMail(20);
    expect(mail.filter((m) => m.to !== '').map((m) => m.to)).toEqual([JOE.email]);
  });

  it('by SMS: a number set up and none get the same answer and work', async () => {
    const env = await open();
    const known = await sendCode(env, JOE.email, 'sms');
    expect(known.status).toBe(200);
    expect(known.codeCalls).toEqual(['get', 'put']);
    for (const identity of [ADMIN.email, GHOST, OFF]) {
      expect(await sendCode(env, identity, 'sms')).toEqual(known);
    }
  });

  it('the form shows the same notice for every identity', async () => {
    const env = await open();
    const pages = await Promise.all(
      [JOE.email, GHOST].map(async (identity) => {
        const client = env.t.client();
        const csrf_token = String((await client.getJson('/us-signin')).body.csrf_token);
        return client.post('/us-signin/send-code', {
          form: { identity, chosen_method: 'email', csrf_token },
        });
      }),
    );
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.text).toContain('If that identity is in our system, you were sent a code.');
    }
  });
});
