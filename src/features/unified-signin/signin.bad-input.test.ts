/** Hostile bodies at every us-* endpoint this part serves get a clear 400, never a 500. */
import { expect } from 'vitest';
import { JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { US_CONFIG, userNamed, usPost, withUsCodeMethods } from '../../../test/fixtures/unified-signin.js';

const HOSTILE: readonly unknown[] = [
  { nested: true },
  ['123456'],
  123456,
  'x'.repeat(10_000),
  '\u0000',
  'a\u0000b@example.com',
];

describeEachDatabase(
  'unified sign-in bad input',
  { config: { ...US_CONFIG, usSendCodeMinInterval: 0 } },
  ({ it, open }) => {
    it('answers 400 for hostile identities, passcodes and methods of an anonymous caller', async () => {
      const app = await open();
      await withUsCodeMethods(app.t, await userNamed(app.t));
      const client = app.t.client();
      const statuses: number[] = [];
      for (const value of HOSTILE) {
        const bodies: Array<[string, Record<string, unknown>]> = [
          ['/us-signin', { identity: value, passcode: JOE.password }],
          ['/us-signin', { identity: JOE.email, passcode: value }],
          ['/us-signin', { identity: JOE.email, passcode: JOE.password, chosen_method: value }],
          ['/us-signin/send-code', { identity: JOE.email, chosen_method: value }],
          ['/us-signin/send-code', { identity: value, chosen_method: 'email' }],
        ];
        for (const [path, body] of bodies) statuses.push((await usPost(client, path, body)).status);
      }
      expect(statuses).toEqual(Array(HOSTILE.length * 5).fill(400));
      expect((await client.getJson('/api/session-only')).status).toBe(401);
    });

    it('answers 400 for hostile remember values and hostile verify input', async () => {
      const app = await open();
      const client = app.t.client();
      const statuses: number[] = [];
      for (const value of [{ nested: true }, ['y'], 12]) {
        const body = { identity: JOE.email, passcode: JOE.password, remember: value };
        statuses.push((await usPost(client, '/us-signin', body)).status);
      }
      expect(
        (await usPost(client, '/us-signin', { identity: JOE.email, passcode: JOE.password })).status,
      ).toBe(200);
      for (const value of HOSTILE) {
        statuses.push((await usPost(client, '/us-verify', { passcode: value })).status);
        statuses.push((await usPost(client, '/us-verify/send-code', { chosen_method: value })).status);
      }
      expect(statuses).toEqual(Array(3 + HOSTILE.length * 2).fill(400));
    });
  },
);
