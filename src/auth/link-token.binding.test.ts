/**
 * Links are bound to the user's fs_uniquifier at issue: one stored without it (before migration
 * 0004) is refused, since it may have outlived a password change under the old rules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSecurity, JOE } from '../../test/fixtures/demo-routes.js';
import { createSqliteDatastore } from '../datastore/sqlite.js';
import type { Datastore, NewLinkToken } from '../datastore/types.js';
import type { TestSecurity } from '../testing/create-test-security.js';

/** A datastore that stores links as a pre-0004 database did: without a uniquifier. */
function unboundLinks(inner: Datastore): Datastore {
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property);
        if (typeof value !== 'function') return value;
        if (property === 'createLinkToken') {
          return ({ fsUniquifier: _dropped, ...record }: NewLinkToken, options: { supersede: boolean }) =>
            value.call(object, record, options);
        }
        if (property === 'transaction') {
          return (fn: (store: object) => Promise<unknown>) =>
            value.call(object, (store: object) => fn(wrap(store)));
        }
        return value.bind(object);
      },
    });
  return wrap(inner);
}

async function resetLinkPath(t: TestSecurity): Promise<string> {
  const links: string[] = [];
  t.security.events.on('resetPasswordInstructionsSent', (event) => {
    links.push(`/reset/${event.token}`);
  });
  const client = t.client();
  const page = await client.getJson('/reset');
  expect(
    (await client.post('/reset', { json: { email: JOE.email, csrf_token: page.body.csrf_token } })).status,
  ).toBe(200);
  expect(links).toHaveLength(1);
  return links[0] ?? '';
}

describe('link binding to fs_uniquifier', () => {
  let t: TestSecurity | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('accepts a link bound to the current uniquifier', async () => {
    t = await createDemoSecurity({ config: { recoverable: true } });
    expect((await t.client().getJson(await resetLinkPath(t))).status).toBe(200);
  });

  it('refuses a link stored without a uniquifier (from before migration 0004)', async () => {
    const inner = await createSqliteDatastore({ filename: ':memory:' });
    t = await createDemoSecurity({ datastore: unboundLinks(inner), config: { recoverable: true } });
    const res = await t.client().getJson(await resetLinkPath(t));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(['Invalid reset password token.']);
  });
});
