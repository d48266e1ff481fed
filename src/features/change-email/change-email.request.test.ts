import { expect } from 'vitest';
import { ADMIN, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock, type FakeClock } from '../../../test/fixtures/fake-clock.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import type { TestClient } from '../../testing/test-client.js';

async function requestChange(client: TestClient, email: unknown) {
  const page = await client.getJson('/change-email');
  return client.post('/change-email', { json: { email, csrf_token: page.body.csrf_token } });
}

describeEachDatabase('POST /change-email refusals', {}, ({ it, open: openApp }) => {
  let clock: FakeClock;
  async function open(config: Record<string, unknown> = {}): Promise<MailApp> {
    clock = createFakeClock();
    const app = await openApp({ clock, config: { changeEmail: true, ...config } });
    return app;
  }

  it.each([
    ['a missing address', undefined, 'Email not provided'],
    ['an empty address', '  ', 'Email not provided'],
    ['a malformed address', 'not-an-email', 'Invalid email address'],
    ['the current address', JOE.email, `${JOE.email} is already associated with an account.`],
    [
      'the current address in other case',
      'JOE@EXAMPLE.COM',
      'JOE@example.com is already associated with an account.',
    ],
    ['the address of another account', ADMIN.email, `${ADMIN.email} is already associated with an account.`],
  ])('refuses %s with 400 and writes nothing', async (_name, email, message) => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    // An earlier, valid request: a refused one must not supersede its link.
    await requestChange(client, 'earlier@example.org');
    const earlier = app.linkPath(await app.mailTo('earlier@example.org', 'Confirm'));
    const before = (await app.t.datastore.listMail(50)).length;

    const res = await requestChange(client, email);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      csrf_token: expect.any(String),
      errors: [message],
      field_errors: { email: [message] },
    });
    expect((await app.t.datastore.listMail(50)).length).toBe(before);
    expect((await app.t.client().getJson(earlier)).status).toBe(200);
  });

  it('refuses a post without the CSRF token and sends nothing', async () => {
    const app = await open();
    const client = app.t.client();
    await loginJson(client, JOE);
    const res = await client.post('/change-email', { json: { email: 'x@example.org' } });
    expect(res.status).toBe(400);
    expect(res.body.field_errors).toEqual({ csrf_token: ['The CSRF token is missing.'] });
    expect(await app.t.datastore.listMail(50)).toEqual([]);
  });

  it('answers an anonymous caller with 401', async () => {
    const app = await open();
    const client = app.t.client();
    expect((await client.getJson('/change-email')).status).toBe(401);
    const posted = await client.post('/change-email', {
      json: { email: 'x@example.org' },
      headers: { accept: 'application/json' },
    });
    expect(posted.status).toBe(401);
    const browser = await client.get('/change-email', { headers: { accept: 'text/html' } });
    expect(browser.location).toBe('/login?next=%2Fchange-email');
  });

  it('requires a fresh sign-in: a stale session gets reauth_required and sends nothing', async () => {
    const app = await open({ freshness: 60, freshnessGracePeriod: 0 });
    const client = app.t.client();
    await loginJson(client, JOE);
    const page = await client.getJson('/change-email');
    clock.advanceSeconds(61);
    const stale = await client.getJson('/change-email');
    expect(stale.status).toBe(401);
    expect(stale.body).toMatchObject({ reauth_required: true });
    const posted = await client.post('/change-email', {
      json: { email: 'x@example.org', csrf_token: page.body.csrf_token },
    });
    expect(posted.status).toBe(401);
    expect(posted.body).toMatchObject({ reauth_required: true });
    expect(await app.t.datastore.listMail(50)).toEqual([]);
  });

  it('is not served unless changeEmail is on', async () => {
    const app = await openApp();
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await client.getJson('/change-email')).status).toBe(404);
  });
});
