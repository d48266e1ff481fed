import { afterEach, describe, expect, it } from 'vitest';
import { confirmThroughLink } from '../../../test/fixtures/confirm-link.js';
import { createDemoSecurity, JOE, loginJson } from '../../../test/fixtures/demo-routes.js';
import { createFakeClock, type FakeClock } from '../../../test/fixtures/fake-clock.js';
import { queuedMail } from '../../../test/fixtures/queued-mail.js';
import type { SecurityEvents } from '../../events.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

const NEW = { email: 'new@example.com', password: 'a fine new password 1' };

let t: TestSecurity;
let clock: FakeClock;
afterEach(async () => {
  await t.close();
});

async function setup(config: Record<string, unknown> = {}): Promise<void> {
  clock = createFakeClock();
  t = await createDemoSecurity({
    clock,
    mailWorker: { autoStart: false },
    config: { registerable: true, confirmable: true, ...config },
  });
}

/** Registers NEW over JSON and returns the path of the confirmation link in the queued welcome. */
async function registerForLink(): Promise<string> {
  const client = t.client();
  const page = await client.getJson('/register');
  await client.post('/register', { json: { ...NEW, csrf_token: page.body.csrf_token } });
  const [mail] = await queuedMail(t, 1);
  const url = /http:\/\/app\.test(\/confirm\/\S+)/.exec(mail?.text ?? '')?.[1];
  if (!url) throw new Error('no confirmation link queued');
  return url;
}

describe('following a confirmation link in a browser', () => {
  it('confirms the user at the current time and redirects to login with a flash', async () => {
    await setup();
    const path = await registerForLink();
    const confirmed: SecurityEvents['userConfirmed'][] = [];
    t.security.events.on('userConfirmed', (e) => {
      confirmed.push(e);
    });
    const browser = t.client();
    const res = await confirmThroughLink(browser, path, NEW.password);
    expect(res.status).toBe(302);
    expect(res.location).toBe('/login');
    expect((await browser.get('/login')).text).toContain('Thank you. Your email has been confirmed.');
    const user = await t.datastore.findUserByIdentity('email', NEW.email);
    expect(user?.confirmedAt?.getTime()).toBe(clock.nowMs());
    expect(confirmed).toHaveLength(1);
    expect((await browser.getJson('/api/session-only')).status).toBe(401);
  });

  it('refuses a used link as already confirmed, redirecting to /confirm', async () => {
    await setup();
    const path = await registerForLink();
    await confirmThroughLink(t.client(), path, NEW.password);
    const browser = t.client();
    const again = await browser.get(path);
    expect(again.location).toBe('/confirm');
    expect((await browser.get('/confirm')).text).toContain('Your email has already been confirmed.');
  });

  it('refuses a garbled link, redirecting to confirmErrorView when set', async () => {
    await setup({ confirmErrorView: '/oops' });
    const path = await registerForLink();
    const browser = t.client();
    const res = await browser.get(`${path.slice(0, -2)}xx`);
    expect(res.location).toBe('/oops');
    expect((await browser.get('/confirm')).text).toContain('Invalid confirmation token.');
    expect((await browser.get('/confirm/not-a-token')).location).toBe('/oops');
    expect((await t.datastore.findUserByIdentity('email', NEW.email))?.confirmedAt).toBeNull();
  });

  it('signs the user in with autoLoginAfterConfirm and goes to postLoginView', async () => {
    await setup({ autoLoginAfterConfirm: true });
    const path = await registerForLink();
    const browser = t.client();
    const res = await confirmThroughLink(browser, path, NEW.password);
    expect(res.location).toBe('/');
    expect((await browser.getJson('/api/session-only')).json).toEqual({ ok: true, user: NEW.email });
  });

  it('goes to postConfirmView when set', async () => {
    await setup({ postConfirmView: '/thanks' });
    const path = await registerForLink();
    expect((await confirmThroughLink(t.client(), path, NEW.password)).location).toBe('/thanks');
  });

  it('signs out another user signed in on the same browser', async () => {
    await setup();
    const path = await registerForLink();
    const browser = t.client();
    await loginJson(browser, JOE);
    await confirmThroughLink(browser, path, NEW.password);
    expect((await browser.getJson('/api/session-only')).status).toBe(401);
  });

  it('does not confirm a user whose email changed after the link was sent', async () => {
    await setup();
    const path = await registerForLink();
    const user = await t.datastore.findUserByIdentity('email', NEW.email);
    if (!user) throw new Error('not registered');
    await t.datastore.updateUser(user, { email: 'moved@example.com' });
    const res = await t.client().getJson(path);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(['Invalid confirmation token.']);
    expect((await t.datastore.findUserByIdentity('email', 'moved@example.com'))?.confirmedAt).toBeNull();
  });
});

describe('following a confirmation link as a JSON caller', () => {
  it('answers 200 instead of redirecting, then 400 already confirmed', async () => {
    await setup();
    const path = await registerForLink();
    const res = await confirmThroughLink(t.client(), path, NEW.password, { json: true });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ meta: { code: 200 }, response: {} });
    const again = await t.client().getJson(path);
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual(['Your email has already been confirmed.']);
  });

  it('returns the user payload and a token with autoLoginAfterConfirm and ?include_auth_token', async () => {
    await setup({ autoLoginAfterConfirm: true });
    const path = await registerForLink();
    const res = await confirmThroughLink(t.client(), `${path}?include_auth_token`, NEW.password, {
      json: true,
    });
    expect(res.body.csrf_token).toEqual(expect.any(String));
    const token = (res.body.user as { authentication_token: string }).authentication_token;
    const api = await t.client().getJson('/api/token', { 'Authentication-Token': token });
    expect(api.json).toEqual({ ok: true, user: NEW.email });
  });

  it('answers a garbled token with 400 invalid', async () => {
    await setup();
    const res = await t.client().getJson('/confirm/garbage');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(['Invalid confirmation token.']);
  });
});
