import { expect } from 'vitest';
import { confirmThroughLink } from '../../../test/fixtures/confirm-link.js';
import { JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import type { SecurityEvents } from '../../events.js';
import type { TestClient } from '../../testing/test-client.js';

const PENDING = { email: 'pending@example.com', password: 'a good password 2' };

async function resend(client: TestClient, email: string) {
  const page = await client.getJson('/confirm');
  return client.post('/confirm', { json: { email, csrf_token: page.body.csrf_token } });
}

describeEachDatabase('POST /confirm', {}, ({ it, open: openApp }) => {
  async function open(config: Record<string, unknown> = {}): Promise<MailApp> {
    const app = await openApp({ config: { registerable: true, confirmable: true, ...config } });
    await app.t.createUser(PENDING.email, PENDING.password, { confirmed: false });
    return app;
  }

  it('mails a new link that supersedes the previous one', async () => {
    const app = await open();
    const sent: SecurityEvents['confirmInstructionsSent'][] = [];
    app.t.security.events.on('confirmInstructionsSent', (e) => {
      sent.push(e);
    });
    const first = await resend(app.t.client(), PENDING.email);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['csrf_token']);
    const oldPath = app.linkPath(await app.mailTo(PENDING.email, 'Please confirm your email'));

    await resend(app.t.client(), 'Pending@EXAMPLE.com');
    await app.deliver();
    const mails = app.sink.messages.filter((m) => m.subject === 'Please confirm your email');
    expect(mails).toHaveLength(2);
    const newPath = app.linkPath(mails[1]!);
    expect(newPath).not.toBe(oldPath);
    expect(mails[1]?.text).toContain('expires in 2 days');
    expect(sent.map((e) => e.user.email)).toEqual([PENDING.email, PENDING.email]);

    const stale = await app.t.client().getJson(oldPath);
    expect(stale.body.errors).toEqual(['Invalid confirmation token.']);
    expect((await confirmThroughLink(app.t.client(), newPath, PENDING.password)).status).toBe(302);
    expect((await loginJson(app.t.client(), PENDING)).status).toBe(200);
  });

  it('refuses a confirmed or unknown email, and a malformed one, without mail', async () => {
    const app = await open();
    const cases: [string, string][] = [
      [JOE.email, 'Your email has already been confirmed.'],
      ['ghost@example.com', 'Specified user does not exist'],
      ['not-an-email', 'Invalid email address'],
    ];
    for (const [email, message] of cases) {
      const res = await resend(app.t.client(), email);
      expect(res.status).toBe(400);
      expect(res.body.field_errors).toEqual({ email: [message] });
    }
    expect(await app.t.datastore.listMail(10)).toEqual([]);
  });
});

describeEachDatabase('the /confirm form', {}, ({ it, open: openApp }) => {
  let app: MailApp;

  it('posts back to /confirm and shows the request was sent', async () => {
    app = await openApp({ config: { confirmable: true } });
    await app.t.createUser(PENDING.email, PENDING.password, { confirmed: false });
    const browser = app.t.client();
    const page = await browser.get('/confirm');
    expect(page.text).toContain('action="/confirm"');
    const csrf = /name="csrf_token" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
    const res = await browser.post('/confirm', { form: { email: PENDING.email, csrf_token: csrf } });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/confirm');
    expect((await browser.get('/confirm')).text).toContain(
      'Confirmation instructions have been sent to pending@example.com.',
    );
    await app.mailTo(PENDING.email, 'Please confirm your email');
  });
});
