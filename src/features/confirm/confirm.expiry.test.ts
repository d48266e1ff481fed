import { describe, expect, test } from 'vitest';
import { describeEachDatabase } from '../../../test/fixtures/each-database.js';
import { createFakeClock, type FakeClock } from '../../../test/fixtures/fake-clock.js';
import type { MailApp } from '../../../test/fixtures/mail-app.js';
import { humanDuration } from '../../human-duration.js';

const NEW = { email: 'new@example.com', password: 'a fine new password 1' };

describeEachDatabase('confirmation link expiry', {}, ({ it, open: openApp }) => {
  let app: MailApp;
  let clock: FakeClock;

  async function registerForLink(config: Record<string, unknown> = {}): Promise<string> {
    clock = createFakeClock(Date.now());
    app = await openApp({ clock, config: { registerable: true, confirmable: true, ...config } });
    const client = app.t.client();
    const page = await client.getJson('/register');
    await client.post('/register', { json: { ...NEW, csrf_token: page.body.csrf_token } });
    return app.linkPath(await app.mailTo(NEW.email, 'Welcome'));
  }

  it('refuses a link after confirmEmailWithin, naming the time, and mails nothing new', async () => {
    const path = await registerForLink();
    clock.advanceSeconds(2 * 24 * 3600);
    const browser = app.t.client();
    const res = await browser.get(path);
    expect(res.location).toBe('/confirm');
    expect((await browser.get('/confirm')).text).toContain('You did not confirm your email within 2 days.');
    const json = await app.t.client().getJson(path);
    expect(json.status).toBe(400);
    expect(json.body.errors).toEqual(['You did not confirm your email within 2 days.']);
    expect((await app.t.datastore.findUserByIdentity('email', NEW.email))?.confirmedAt).toBeNull();
    expect(await app.t.datastore.listMail(10)).toHaveLength(1);
  });

  it('still works just before it expires', async () => {
    const path = await registerForLink({ confirmEmailWithin: '90m' });
    clock.advanceSeconds(90 * 60 - 1);
    expect((await app.t.client().getJson(path)).status).toBe(200);
  });

  it('names a custom lifetime in the refusal', async () => {
    const path = await registerForLink({ confirmEmailWithin: '90m' });
    clock.advanceSeconds(90 * 60);
    const res = await app.t.client().getJson(path);
    expect(res.body.errors).toEqual(['You did not confirm your email within 1 hour and 30 minutes.']);
  });
});

describe('humanDuration', () => {
  test.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [59, '59 seconds'],
    [3600, '1 hour'],
    [5400, '1 hour and 30 minutes'],
    [172_800, '2 days'],
    [90_061, '1 day and 1 hour'],
  ])('%i seconds reads "%s"', (seconds, text) => {
    expect(humanDuration(seconds)).toBe(text);
  });
});
