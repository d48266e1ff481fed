import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createDemoSecurity,
  DEMO_ROUTES,
  JOE,
  loginJson,
  okHandler,
} from '../../test/fixtures/demo-routes.js';
import type { TestSecurity } from '../testing/create-test-security.js';
import { anonymousUserRequired } from './anonymous-required.js';

let t: TestSecurity;
beforeEach(async () => {
  t = await createDemoSecurity({
    routes: [
      ...DEMO_ROUTES,
      { method: 'GET', path: '/signup', guards: [anonymousUserRequired()], handler: okHandler },
    ],
  });
});
afterEach(async () => {
  await t.close();
});

describe('anonymousUserRequired', () => {
  it('lets anonymous callers through', async () => {
    expect((await t.client().getJson('/signup')).json).toEqual({ ok: true, user: null });
  });

  it('refuses a signed-in JSON caller with 400 and redirects a browser to postLoginView', async () => {
    const client = t.client();
    await loginJson(client, JOE);
    const json = await client.getJson('/signup');
    expect(json.status).toBe(400);
    expect(json.body.errors).toEqual(['You can only access this endpoint when not logged in.']);
    const html = await client.get('/signup');
    expect(html.status).toBe(302);
    expect(html.location).toBe('/');
  });
});
