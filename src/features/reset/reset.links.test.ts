import { expect } from 'vitest';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock, type FakeClock } from '../../../test/fixtures/fake-clock.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import type { TestClient } from '../../testing/test-client.js';

const INVALID = 'Invalid reset password token.';

async function csrf(client: TestClient): Promise<string> {
  return String((await client.getJson('/reset')).body.csrf_token);
}

async function requestLink(app: MailApp, client: TestClient): Promise<string> {
  const before = app.sink.messages.length;
  await client.post('/reset', { json: { email: JOE.email, csrf_token: await csrf(client) } });
  await app.deliver();
  const mail = app.sink.messages.slice(before).find((m) => m.subject === 'Password reset instructions');
  if (!mail) throw new Error('no reset mail');
  return app.linkPath(mail);
}

async function post(client: TestClient, path: string, password: string) {
  return client.post(path, {
    json: { password, password_confirm: password, csrf_token: await csrf(client) },
  });
}

describeEachDatabase('reset links', {}, ({ it, open: openApp }) => {
  async function open(clock?: FakeClock): Promise<MailApp> {
    const app = await openApp({ config: { recoverable: true }, ...(clock ? { clock } : {}) });
    return app;
  }

  it('work once: a replay is refused and leaves the new password in place', async () => {
    const app = await open();
    const client = app.t.client();
    const path = await requestLink(app, client);
    expect((await post(client, path, 'first new secret 11')).status).toBe(200);
    const replay = await post(client, path, 'second new secret 22');
    expect(replay.status).toBe(400);
    expect(replay.body.field_errors).toEqual({ '': [INVALID] });
    expect(replay.body.errors).toEqual([INVALID]);
    expect((await client.getJson(path)).status).toBe(400);
    expect((await loginJson(app.t.client(), { ...JOE, password: 'first new secret 11' })).status).toBe(200);
  });

  it('of two simultaneous uses, exactly one succeeds', async () => {
    const app = await open();
    const path = await requestLink(app, app.t.client());
    const a = app.t.client();
    const b = app.t.client();
    const [ra, rb] = await Promise.all([
      post(a, path, 'racing secret one 1'),
      post(b, path, 'racing secret two 2'),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([200, 400]);
  });

  it('a newer request supersedes the older link', async () => {
    const app = await open();
    const client = app.t.client();
    const first = await requestLink(app, client);
    const second = await requestLink(app, client);
    expect(second).not.toBe(first);
    const old = await post(client, first, 'superseded secret 3');
    expect(old.status).toBe(400);
    expect(old.body.field_errors).toEqual({ '': [INVALID] });
    expect((await post(client, second, 'the newest secret 4')).status).toBe(200);
  });

  it('expire after resetPasswordWithin, with a message naming the lifetime', async () => {
    const clock = createFakeClock();
    const app = await open(clock);
    const client = app.t.client();
    const path = await requestLink(app, client);
    clock.advanceSeconds(24 * 3600 - 1);
    expect((await client.getJson(path)).status).toBe(200);
    clock.advanceSeconds(1);
    const expired = 'You did not reset your password within 1 day.';
    const page = await client.getJson(path);
    expect(page.status).toBe(400);
    expect(page.body.field_errors).toEqual({ '': [expired] });
    const used = await post(client, path, 'too late secret 5');
    expect(used.status).toBe(400);
    expect(used.body.errors).toEqual([expired]);
    expect((await loginJson(app.t.client(), JOE)).status).toBe(200);
  });

  it('refuse garbage and forged tokens without touching the account', async () => {
    const app = await open();
    const client = app.t.client();
    const path = await requestLink(app, client);
    const token = path.slice('/reset/'.length);
    const forged = `${token.slice(0, 44)}${token[44] === 'A' ? 'B' : 'A'}${token.slice(45)}`;
    for (const bad of ['/reset/nope', `/reset/${forged}`, '/reset/%00']) {
      const res = await post(client, bad, 'unused secret 66');
      expect(res.status).toBe(400);
      expect(res.body.field_errors).toEqual({ '': [INVALID] });
    }
    expect((await loginJson(app.t.client(), JOE)).status).toBe(200);
  });
});
