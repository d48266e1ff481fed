/** An identity with a NUL byte is nobody: PostgreSQL refuses such a parameter, and that was a 500. */
import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';

describeEachDatabase('login with a NUL byte in the identity', {}, ({ it, open }) => {
  it('answers the unknown-user 400, never a 500, and the datastore finds nobody', async () => {
    const app = await open();
    for (const email of ['joe\u0000@example.com', `${JOE.email}\u0000`, '\u0000']) {
      const res = await loginJson(app.t.client(), { email, password: JOE.password });
      expect(res.status, JSON.stringify(email)).toBe(400);
      expect(res.body.errors).toBeDefined();
      expect(await app.t.datastore.findUserByIdentity('email', email)).toBeNull();
    }
    expect((await loginJson(app.t.client(), JOE)).status).toBe(200);
  });
});
