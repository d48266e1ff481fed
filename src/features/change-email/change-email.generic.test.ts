import { describe, expect, test, vi } from 'vitest';
import { countingDatastore } from '../../../test/fixtures/counting-datastore.js';
import { ADMIN, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createMailApp } from '../../../test/fixtures/mail-app.js';
import { createSqliteDatastore } from '../../datastore/sqlite.js';
import type { TestClient } from '../../testing/test-client.js';

const FREE = 'joe.new@example.org';

async function requestChange(client: TestClient, email: string) {
  const page = await client.getJson('/change-email');
  return client.post('/change-email', { json: { email, csrf_token: page.body.csrf_token } });
}

function withoutCsrf(body: Record<string, unknown>): Record<string, unknown> {
  const { csrf_token: _token, ...rest } = body;
  return rest;
}

describeEachDatabase(
  'change email with returnGenericResponses',
  { config: { changeEmail: true, returnGenericResponses: true } },
  ({ it, open }) => {
    it('answers an address of another account exactly like a free one, and mails it nothing', async () => {
      const app = await open();
      const client = app.t.client();
      await loginJson(client, JOE);
      const free = await requestChange(client, FREE);
      const taken = await requestChange(client, ADMIN.email);
      expect(taken.status).toBe(free.status);
      expect(withoutCsrf(taken.body)).toEqual(withoutCsrf(free.body));

      await app.deliver();
      await vi.waitFor(() => expect(app.sink.messages.length).toBe(3));
      const recipients = app.sink.messages.map((m) => `${m.to}: ${m.subject}`).sort();
      expect(recipients).toEqual([
        `${FREE}: Confirm your new email address`,
        `${JOE.email}: A change of your email address was requested`,
        `${JOE.email}: A change of your email address was requested`,
      ]);
      expect(app.sink.messages.some((m) => m.to === ADMIN.email)).toBe(false);
      expect((await app.t.datastore.findUserByIdentity('email', ADMIN.email))?.email).toBe(ADMIN.email);
    });

    it('supersedes an earlier link either way, so the old link does not reveal which addresses are taken', async () => {
      const app = await open();
      const client = app.t.client();
      await loginJson(client, JOE);
      await requestChange(client, FREE);
      const earlier = app.linkPath(await app.mailTo(FREE, 'Confirm'));
      expect((await requestChange(client, ADMIN.email)).status).toBe(200);
      const res = await app.t.client().getJson(earlier);
      expect(res.body.errors).toEqual(['Invalid change email token.']);
    });

    it('still refuses the caller their own current address', async () => {
      const app = await open();
      const client = app.t.client();
      await loginJson(client, JOE);
      const res = await requestChange(client, JOE.email);
      expect(res.status).toBe(400);
      expect(res.body.field_errors).toEqual({
        email: [`${JOE.email} is already associated with an account.`],
      });
    });

    it('flashes the same message to a browser for a taken and a free address', async () => {
      const app = await open();
      const client = app.t.client();
      await loginJson(client, JOE);
      const flashes: string[] = [];
      for (const email of [FREE, ADMIN.email]) {
        const page = await client.getJson('/change-email');
        const res = await client.post('/change-email', {
          form: { email, csrf_token: String(page.body.csrf_token) },
          headers: { accept: 'text/html' },
        });
        expect(res.status).toBe(302);
        expect(res.location).toBe('/change-email');
        const next = await client.get('/change-email', { headers: { accept: 'text/html' } });
        flashes.push(
          /<ul class="flashes">[\s\S]*?<\/ul>/.exec(next.text)?.[0]?.replace(email, '<email>') ?? '',
        );
      }
      expect(flashes[0]).toContain('Instructions to confirm your new email address have been sent to');
      expect(flashes[1]).toBe(flashes[0]);
    });
  },
);

describe('equal work for a taken address (generic responses)', () => {
  test('does the same lookup, token write and mail writes as for a free address; the mail to it is a decoy', async () => {
    const counting = countingDatastore(await createSqliteDatastore({ filename: ':memory:' }));
    const app = await createMailApp('sqlite', {
      datastore: counting.datastore,
      config: { changeEmail: true, returnGenericResponses: true },
    });
    try {
      const client = app.t.client();
      await loginJson(client, JOE);
      const work = async (email: string) => {
        const page = await client.getJson('/change-email');
        counting.calls.length = 0;
        await client.post('/change-email', { json: { email, csrf_token: page.body.csrf_token } });
        const names = ['transaction', 'findUserByIdentity', 'createLinkToken', 'enqueueMail', 'markMailSent'];
        return Object.fromEntries(names.map((n) => [n, counting.count(n)]));
      };
      const free = await work(FREE);
      const taken = await work(ADMIN.email);
      expect(free).toEqual({
        transaction: 1,
        findUserByIdentity: 1,
        createLinkToken: 1,
        enqueueMail: 2,
        markMailSent: 0,
      });
      // The mail to the taken address is a decoy, marked delivered in the same transaction.
      expect(taken).toEqual({ ...free, markMailSent: 1 });
    } finally {
      await app.close();
    }
  });
});
