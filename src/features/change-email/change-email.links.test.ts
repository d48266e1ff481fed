import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock, type FakeClock } from '../../../test/fixtures/fake-clock.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import type { TestClient } from '../../testing/test-client.js';

const NEW_EMAIL = 'joe.new@example.org';
const INVALID = 'Invalid change email token.';

async function requestChange(client: TestClient, email: string) {
  const page = await client.getJson('/change-email');
  return client.post('/change-email', { json: { email, csrf_token: page.body.csrf_token } });
}

describeEachDatabase('change-email links', {}, ({ it, open: openApp }) => {
  let clock: FakeClock;
  let joeId = 0;
  async function open(config: Record<string, unknown> = {}): Promise<MailApp> {
    clock = createFakeClock();
    const app = await openApp({ clock, config: { changeEmail: true, ...config } });
    joeId = (await app.t.datastore.findUserByIdentity('email', JOE.email))?.id ?? 0;
    return app;
  }
  /** Signs Joe in, asks for the change and returns the mailed link. */
  async function linkFor(app: MailApp, email = NEW_EMAIL): Promise<string> {
    const client = app.t.client();
    await loginJson(client, JOE);
    expect((await requestChange(client, email)).status).toBe(200);
    await app.deliver();
    const mail = await app.sink.waitFor((m) => m.to === email && m.subject.includes('Confirm'));
    return app.linkPath(mail);
  }
  async function joeEmail(app: MailApp): Promise<string | undefined> {
    const joe = await app.t.datastore.findUserById(joeId);
    return joe?.email;
  }

  it('works once: a second use is refused and changes nothing', async () => {
    const app = await open();
    const path = await linkFor(app);
    expect((await app.t.client().getJson(path)).status).toBe(200);
    // Put the old address back, so only the used-up token stands in the way of a replay.
    const joe = await app.t.datastore.findUserById(joeId);
    if (!joe) throw new Error('no joe');
    await app.t.datastore.updateUser(joe, { email: JOE.email });
    const again = await app.t.client().getJson(path);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ errors: [INVALID] });
    expect(await joeEmail(app)).toBe(JOE.email);
  });

  it('expires after changeEmailWithin, with a message naming the limit', async () => {
    const app = await open({ changeEmailWithin: '30m' });
    const path = await linkFor(app);
    clock.advanceSeconds(30 * 60);
    const late = await app.t.client().getJson(path);
    expect(late.status).toBe(400);
    expect(late.body.errors).toEqual([
      'Confirmation must be completed within 30 minutes. Please start over.',
    ]);
    expect(await joeEmail(app)).toBe(JOE.email);
  });

  it('still works one second before it expires', async () => {
    const app = await open({ changeEmailWithin: '30m' });
    const path = await linkFor(app);
    clock.advanceSeconds(30 * 60 - 1);
    expect((await app.t.client().getJson(path)).status).toBe(200);
    expect(await joeEmail(app)).toBe(NEW_EMAIL);
  });

  it('refuses garbled and forged tokens', async () => {
    const app = await open();
    const path = await linkFor(app);
    const token = path.slice('/change-email/'.length);
    const forged = `${token.slice(0, 44)}${'A'.repeat(43)}`;
    for (const bad of ['nonsense', `${token}x`, forged, token.split('.')[0] ?? '']) {
      const res = await app.t.client().getJson(`/change-email/${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([INVALID]);
    }
    expect(await joeEmail(app)).toBe(JOE.email);
    expect((await app.t.client().getJson(path)).status).toBe(200);
  });

  it('is superseded by a newer request', async () => {
    const app = await open();
    const first = await linkFor(app, 'first@example.org');
    const second = await linkFor(app, 'second@example.org');
    expect((await app.t.client().getJson(first)).body.errors).toEqual([INVALID]);
    expect((await app.t.client().getJson(second)).status).toBe(200);
    expect(await joeEmail(app)).toBe('second@example.org');
  });

  it('fails cleanly when the new address was taken in the meantime, and writes nothing', async () => {
    const app = await open();
    const path = await linkFor(app);
    const squatter = await app.t.createUser(NEW_EMAIL.toUpperCase(), 'squatter password 1');
    const res = await app.t.client().getJson(path);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([INVALID]);
    expect(await joeEmail(app)).toBe(JOE.email);
    // The token was not used up: once the address is free again, the same link works.
    await app.t.datastore.deleteUser(squatter);
    expect((await app.t.client().getJson(path)).status).toBe(200);
    expect(await joeEmail(app)).toBe(NEW_EMAIL);
  });

  it('fails when the account address changed since the link was mailed', async () => {
    const app = await open();
    const path = await linkFor(app);
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    if (!joe) throw new Error('no joe');
    await app.t.datastore.updateUser(joe, { email: 'joe.admin-set@example.com' });
    const res = await app.t.client().getJson(path);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([INVALID]);
    expect(await joeEmail(app)).toBe('joe.admin-set@example.com');
  });

  it('fails for a disabled account', async () => {
    const app = await open();
    const path = await linkFor(app);
    const joe = await app.t.datastore.findUserByIdentity('email', JOE.email);
    if (!joe) throw new Error('no joe');
    await app.t.datastore.deactivateUser(joe);
    expect((await app.t.client().getJson(path)).body.errors).toEqual([INVALID]);
    expect(await joeEmail(app)).toBe(JOE.email);
  });

  it('lets only one of two concurrent uses switch the address', async () => {
    const app = await open();
    const path = await linkFor(app);
    const results = await Promise.all([app.t.client().getJson(path), app.t.client().getJson(path)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(await joeEmail(app)).toBe(NEW_EMAIL);
  });
  it('voids the reset and confirmation links mailed to the old address once the change is made', async () => {
    const app = await open({ recoverable: true });
    const client = app.t.client();
    const page = await client.getJson('/reset');
    await client.post('/reset', { json: { email: JOE.email, csrf_token: page.body.csrf_token } });
    await app.deliver();
    const resetMail = await app.sink.waitFor((m) => m.to === JOE.email && m.text.includes('/reset/'));
    const resetPath = app.linkPath(resetMail);
    expect((await app.t.client().getJson(resetPath)).status).toBe(200);
    expect((await app.t.client().getJson(await linkFor(app))).status).toBe(200);
    const stale = await app.t.client().getJson(resetPath);
    expect(stale.status).toBe(400);
    expect(await joeEmail(app)).toBe(NEW_EMAIL);
  });
});
