import { afterEach, expect, it } from 'vitest';
import { confirmThroughLink } from '../../../test/fixtures/confirm-link.js';
import { createDemoSecurity, loginJson } from '../../../test/fixtures/demo-routes.js';
import { queuedMail } from '../../../test/fixtures/queued-mail.js';
import type { TestSecurity } from '../../testing/create-test-security.js';

const VICTIM = 'victim@example.com';
const ATTACKER_PASSWORD = 'attacker chose this 1';
const VICTIM_PASSWORD = 'victim chose this one 2';

let t: TestSecurity | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function open(config: Record<string, unknown> = {}): Promise<TestSecurity> {
  t = await createDemoSecurity({
    mailWorker: { autoStart: false },
    config: { registerable: true, confirmable: true, ...config },
  });
  return t;
}

/** The attacker registers the victim's address first; returns the link mailed to the victim. */
async function preRegister(app: TestSecurity): Promise<string> {
  const client = app.client();
  const page = await client.getJson('/register');
  const res = await client.post('/register', {
    json: { email: VICTIM, password: ATTACKER_PASSWORD, csrf_token: page.body.csrf_token },
  });
  expect(res.status).toBe(200);
  const [mail] = await queuedMail(app, 1);
  const path = /http:\/\/app\.test(\/confirm\/\S+)/.exec(mail?.text ?? '')?.[1];
  if (!path) throw new Error('no confirmation link queued');
  return path;
}

const login = (app: TestSecurity, password: string) => loginJson(app.client(), { email: VICTIM, password });

it("opening the link confirms nothing until the mailbox owner chooses the password; the registrant's stops working", async () => {
  const app = await open();
  const path = await preRegister(app);
  const shown = await app.client().get(path);
  expect(shown.status).toBe(200);
  expect(shown.text).toContain('name="confirm_password_form"');
  expect(shown.headers.get('referrer-policy')).toBe('same-origin');
  expect((await app.datastore.findUserByIdentity('email', VICTIM))?.confirmedAt).toBeNull();

  const res = await confirmThroughLink(app.client(), path, VICTIM_PASSWORD);
  expect(res.status).toBe(302);
  expect((await app.datastore.findUserByIdentity('email', VICTIM))?.confirmedAt).not.toBeNull();
  expect((await login(app, ATTACKER_PASSWORD)).status).toBe(400);
  expect((await login(app, VICTIM_PASSWORD)).status).toBe(200);
});

it('answers a JSON caller with password_required, then confirms on the JSON POST', async () => {
  const app = await open();
  const path = await preRegister(app);
  const client = app.client();
  const asked = await client.getJson(path);
  expect(asked.status).toBe(200);
  expect(asked.body).toEqual({ csrf_token: expect.any(String), password_required: true });
  const res = await client.post(path, {
    json: { password: VICTIM_PASSWORD, password_confirm: VICTIM_PASSWORD, csrf_token: asked.body.csrf_token },
  });
  expect(res.status).toBe(200);
  expect((await login(app, VICTIM_PASSWORD)).status).toBe(200);
});

it("ends the registrant's sessions and tokens (loginWithoutConfirmation let them sign in)", async () => {
  const app = await open({ loginWithoutConfirmation: true });
  const path = await preRegister(app);
  const attacker = app.client();
  const signedIn = await loginJson(
    attacker,
    { email: VICTIM, password: ATTACKER_PASSWORD },
    '?include_auth_token',
  );
  const token = (signedIn.body.user as { authentication_token: string }).authentication_token;
  expect((await attacker.getJson('/api/session-only')).status).toBe(200);

  await confirmThroughLink(app.client(), path, VICTIM_PASSWORD);
  expect((await attacker.getJson('/api/session-only')).status).toBe(401);
  expect((await app.client().getJson('/api/token', { 'Authentication-Token': token })).status).toBe(401);
});

it('refuses a bad password, a mismatch or a missing CSRF token with 400, confirming nothing', async () => {
  const app = await open();
  const path = await preRegister(app);
  const client = app.client();
  const csrf = (await client.getJson(path)).body.csrf_token;
  const post = (fields: Record<string, unknown>) => client.post(path, { json: fields });
  const short = await post({ password: 'short', password_confirm: 'short', csrf_token: csrf });
  expect(short.status).toBe(400);
  expect(Object.keys(short.body.field_errors as object)).toEqual(['password']);
  const mismatch = await post({ password: VICTIM_PASSWORD, password_confirm: 'other', csrf_token: csrf });
  expect(mismatch.body.field_errors).toEqual({ password_confirm: ['Passwords do not match'] });
  const noCsrf = await post({ password: VICTIM_PASSWORD, password_confirm: VICTIM_PASSWORD });
  expect(noCsrf.status).toBe(400);
  expect(noCsrf.body.field_errors).toEqual({ csrf_token: ['The CSRF token is missing.'] });
  const garbled = await client.post(`${path.slice(0, -2)}xx`, {
    json: { password: VICTIM_PASSWORD, password_confirm: VICTIM_PASSWORD, csrf_token: csrf },
  });
  expect(garbled.body.errors).toEqual(['Invalid confirmation token.']);
  expect((await app.datastore.findUserByIdentity('email', VICTIM))?.confirmedAt).toBeNull();
  expect((await login(app, ATTACKER_PASSWORD)).status).toBe(400);
});

it('confirms on GET when the browser is signed in as the account itself (it proved the password)', async () => {
  const app = await open({ loginWithoutConfirmation: true });
  const path = await preRegister(app);
  const owner = app.client();
  await loginJson(owner, { email: VICTIM, password: ATTACKER_PASSWORD });
  const res = await owner.getJson(path);
  expect(res.status).toBe(200);
  expect(res.body.password_required).toBeUndefined();
  expect((await app.datastore.findUserByIdentity('email', VICTIM))?.confirmedAt).not.toBeNull();
});

it('confirms a password-less account on GET: there is no password to take over', async () => {
  const app = await open();
  const user = await app.datastore.createUser({ email: VICTIM, password: null, confirmedAt: null });
  const client = app.client();
  const page = await client.getJson('/confirm');
  const resend = await client.post('/confirm', { json: { email: VICTIM, csrf_token: page.body.csrf_token } });
  expect(resend.status).toBe(200);
  const [mail] = await queuedMail(app, 1);
  const path = /http:\/\/app\.test(\/confirm\/\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
  const res = await app.client().getJson(path);
  expect(res.status).toBe(200);
  expect(res.body.password_required).toBeUndefined();
  expect((await app.datastore.findUserById(user.id))?.confirmedAt).not.toBeNull();
});
