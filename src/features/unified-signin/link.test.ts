/** The magic link /us-verify-link/<token>: once, expiring, per user; another browser by default, not with usMagicLinkSameBrowser. */
import { expect } from 'vitest';
import { JOE } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import {
  mailedCode,
  US_CONFIG,
  userNamed,
  usPost,
  withUsCodeMethods,
} from '../../../test/fixtures/unified-signin.js';
import type { TestClient } from '../../testing/test-client.js';

async function sessionUser(client: TestClient): Promise<unknown> {
  const res = await client.getJson('/api/session-only');
  return res.status === 200 ? res.json : res.status;
}

describeEachDatabase('unified sign-in magic link', { config: US_CONFIG }, ({ it, open }) => {
  it('signs in another browser by default, as upstream, and only once', async () => {
    const app = await open();
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const { link } = await mailedCode(app, app.t.client());
    const other = app.t.client();
    const opened = await other.get(`${link}?next=/api/public`);
    expect(opened.status).toBe(302);
    expect(opened.location).toBe('/api/public');
    expect(await sessionUser(other)).toEqual({ ok: true, user: JOE.email });
    const third = app.t.client();
    expect((await third.get(link)).location).toBe('/us-signin');
    expect(await sessionUser(third)).toBe(401);
  });

  it('with usMagicLinkSameBrowser, signs in only the browser that asked', async () => {
    const app = await open({ config: { usMagicLinkSameBrowser: true } });
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const asking = app.t.client();
    const { link } = await mailedCode(app, asking);
    const other = app.t.client();
    const refused = await other.get(link);
    expect(refused.status).toBe(302);
    expect(refused.location).toBe('/us-signin');
    const page = await other.get('/us-signin');
    expect(page.text).toContain('This sign-in link works only in the browser that asked for it.');
    expect(await sessionUser(other)).toBe(401);
    expect((await asking.get(link)).location).toBe('/');
    expect(await sessionUser(asking)).toEqual({ ok: true, user: JOE.email });
  });

  it('expires with the code (usTokenValidity)', async () => {
    const clock = createFakeClock(Date.now());
    const app = await open({ clock, config: { usTokenValidity: 60 } });
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    const { link } = await mailedCode(app, client);
    clock.advanceSeconds(61);
    const late = await client.getJson(link);
    expect(late.status).toBe(400);
    expect(late.body.errors).toEqual(['Invalid code']);
    expect(await sessionUser(client)).toBe(401);
  });

  it('dies when the code of its mail signs in, and refuses a signed-in or garbage caller', async () => {
    const app = await open();
    await withUsCodeMethods(app.t, await userNamed(app.t));
    const client = app.t.client();
    const { link, code } = await mailedCode(app, client);
    expect((await usPost(client, '/us-signin', { identity: JOE.email, passcode: code })).status).toBe(200);
    const signedIn = await client.getJson(link);
    expect(signedIn.status).toBe(400);
    expect(signedIn.body.errors).toEqual(['You can only access this endpoint when not logged in.']);
    const other = app.t.client();
    expect((await other.get(link)).location).toBe('/us-signin');
    expect(await sessionUser(other)).toBe(401);
    for (const path of [
      '/us-verify-link/garbage',
      '/us-verify-link',
      '/us-verify-link?email=joe%40example.com&code=123456',
    ]) {
      const res = await other.getJson(path);
      expect(res.status).toBe(400);
    }
  });
});
