import { expect } from 'vitest';
import { confirmThroughLink } from '../../../test/fixtures/confirm-link.js';
import { loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock } from '../../../test/fixtures/fake-clock.js';
import type { createMailApp, MailApp } from '../../../test/fixtures/mail-app.js';
import type { SecurityEvents } from '../../events.js';
import type { TestClient } from '../../testing/test-client.js';

const NEW = { email: 'new@example.com', password: 'a fine new password 1' };

async function registerJson(client: TestClient, body: Record<string, unknown>) {
  const page = await client.getJson('/register');
  return client.post('/register', { json: { ...body, csrf_token: page.body.csrf_token } });
}

describeEachDatabase('registration mail', {}, ({ it, open: openApp }) => {
  async function open(overrides: Parameters<typeof createMailApp>[1] = {}): Promise<MailApp> {
    const app = await openApp({
      ...overrides,
      config: { registerable: true, confirmable: true, ...overrides.config },
    });
    return app;
  }

  it('mails a welcome with a confirmation link; following it confirms, and then login works', async () => {
    const app = await open();
    const confirmed: SecurityEvents['userConfirmed'][] = [];
    app.t.security.events.on('userConfirmed', (e) => {
      confirmed.push(e);
    });
    expect((await registerJson(app.t.client(), NEW)).status).toBe(200);

    const mail = await app.mailTo(NEW.email, 'Welcome');
    expect(mail.from).toBe('no-reply@localhost');
    expect(mail.text).toContain('http://app.test/confirm/');
    expect(mail.html).toContain('href="http://app.test/confirm/');
    const path = app.linkPath(mail);
    expect(path).toMatch(/^\/confirm\/[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);

    expect((await loginJson(app.t.client(), NEW)).status).toBe(400);
    const browser = app.t.client();
    const followed = await confirmThroughLink(browser, path, NEW.password);
    expect(followed.status).toBe(302);
    expect(followed.location).toBe('/login');
    expect((await browser.get('/login')).text).toContain('Thank you. Your email has been confirmed.');
    expect(confirmed.map((e) => e.user.email)).toEqual([NEW.email]);
    expect((await loginJson(app.t.client(), NEW)).status).toBe(200);

    const again = await app.t.client().get(path);
    expect(again.location).toBe('/confirm');
  });

  it('mails a welcome without a link when confirmable is off', async () => {
    const app = await open({ config: { confirmable: false } });
    await registerJson(app.t.client(), NEW);
    const mail = await app.mailTo(NEW.email, 'Welcome');
    expect(mail.text).toContain(`Welcome ${NEW.email}!`);
    expect(mail.text).not.toMatch(/https?:\/\//);
  });

  it('keeps the user and the mail through an SMTP outage, and delivers once SMTP is back', async () => {
    const clock = createFakeClock(Date.now());
    const reported: string[] = [];
    const app = await open({ clock, onError: (error) => reported.push(String(error)) });
    const registered: string[] = [];
    app.t.security.events.on('userRegistered', (e) => {
      registered.push(e.user.email);
    });
    await app.sink.stop();

    const res = await registerJson(app.t.client(), NEW);
    expect(res.status).toBe(200);
    expect(registered).toEqual([NEW.email]);
    expect(await app.t.datastore.findUserByIdentity('email', NEW.email)).not.toBeNull();
    const [queued] = await app.t.datastore.listMail(10);
    expect(queued).toMatchObject({ to: NEW.email, kind: 'register', sentAt: null, attempts: 0 });

    expect(await app.deliver()).toBe(0);
    const [failed] = await app.t.datastore.listMail(10);
    expect(failed).toMatchObject({ sentAt: null, attempts: 1 });
    expect(failed?.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(reported).toEqual([expect.stringContaining('mail to new@example.com (register) failed')]);

    await app.sink.start();
    clock.advanceSeconds(2);
    const mail = await app.mailTo(NEW.email, 'Welcome');
    const [sent] = await app.t.datastore.listMail(10);
    expect(sent?.sentAt).not.toBeNull();
    expect((await confirmThroughLink(app.t.client(), app.linkPath(mail), NEW.password)).location).toBe(
      '/login',
    );
    expect((await loginJson(app.t.client(), NEW)).status).toBe(200);
  });
});
