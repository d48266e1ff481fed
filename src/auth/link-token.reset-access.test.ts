/**
 * Issue 8 item 1, through the front door: a change-email link asked for from a hijacked session
 * must die with every reset of access — the owner's password change or reset, and the CLI's
 * reset-access, change-password and deactivate — on SQLite and PostgreSQL.
 */
import { afterEach, expect, it } from 'vitest';
import { JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import type { MailApp } from '../../test/fixtures/mail-app.js';
import { describeEachBackend, openAppOn } from '../cli/cli-harness.contract.js';
import { sha256Hex } from '../crypto/random.js';
import type { TestClient } from '../testing/test-client.js';

const ATTACKER_EMAIL = 'attacker@evil.example';
const NEW_PASSWORD = 'the owner took it back 99';
const INVALID = 'Invalid change email token.';

async function csrfPost(client: TestClient, path: string, body: Record<string, unknown>) {
  const page = await client.getJson(path);
  expect(page.status).toBe(200);
  return client.post(path, { json: { ...body, csrf_token: page.body.csrf_token } });
}

describeEachBackend('a pending change-email link when access is reset', (backend) => {
  let app: MailApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** The attack's first half: from a session of Joe's, move the account to the attacker's mailbox. */
  async function hijack(): Promise<{ app: MailApp; attacker: TestClient; link: string }> {
    const opened = await openAppOn(backend, {
      config: { changeEmail: true, changeable: true, recoverable: true },
    });
    app = opened;
    const attacker = opened.t.client();
    expect((await loginJson(attacker, JOE)).status).toBe(200);
    expect((await csrfPost(attacker, '/change-email', { email: ATTACKER_EMAIL })).status).toBe(200);
    const link = opened.linkPath(await opened.mailTo(ATTACKER_EMAIL, 'Confirm your new email address'));
    return { app: opened, attacker, link };
  }

  async function expectDead(opened: MailApp, link: string): Promise<void> {
    const used = await opened.t.client().getJson(link);
    expect(used.status).toBe(400);
    expect(used.body).toEqual({ errors: [INVALID] });
    expect(await opened.t.datastore.findUserByIdentity('email', ATTACKER_EMAIL)).toBeNull();
    expect((await opened.t.datastore.findUserByIdentity('email', JOE.email))?.email).toBe(JOE.email);
  }

  it('works when nothing was reset (the control: the link the other tests kill is live)', async () => {
    const { app: opened, link } = await hijack();
    expect((await opened.t.client().getJson(link)).status).toBe(200);
    expect((await opened.t.datastore.findUserByIdentity('email', ATTACKER_EMAIL))?.email).toBe(
      ATTACKER_EMAIL,
    );
  });

  it('dies when the owner does what the notice says and changes the password', async () => {
    const { app: opened, attacker, link } = await hijack();
    const notice = await opened.mailTo(JOE.email, 'A change of your email address was requested');
    expect(notice.text).toContain('change your password now');
    expect(notice.text).toContain('cancels this change');

    const owner = opened.t.client();
    await loginJson(owner, JOE);
    const changed = await csrfPost(owner, '/change', {
      password: JOE.password,
      new_password: NEW_PASSWORD,
      new_password_confirm: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);

    expect((await attacker.getJson('/change-email')).status).toBe(401);
    await expectDead(opened, link);
  });

  it('dies when the owner resets the password by mail', async () => {
    const { app: opened, link } = await hijack();
    const owner = opened.t.client();
    expect((await csrfPost(owner, '/reset', { email: JOE.email })).status).toBe(200);
    const resetPath = opened.linkPath(await opened.mailTo(JOE.email, 'Password reset instructions'));
    const reset = await csrfPost(owner, resetPath, {
      password: NEW_PASSWORD,
      password_confirm: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);

    await expectDead(opened, link);
  });

  it.each([
    [['users', 'reset-access', JOE.email]],
    [['users', 'change-password', JOE.email, '--password', NEW_PASSWORD]],
    [['users', 'deactivate', JOE.email]],
  ])('dies when an admin runs %j, and stays dead after activation', async (argv) => {
    const { app: opened, link } = await hijack();
    expect((await backend.run(argv)).code).toBe(0);
    await backend.run(['users', 'activate', JOE.email]);

    await expectDead(opened, link);
  });

  it('dies when fs_uniquifier rotates any other way: the link is bound to it, not only deleted', async () => {
    const { app: opened, link } = await hijack();
    const joe = await opened.t.datastore.findUserByIdentity('email', JOE.email);
    if (joe === null) throw new Error('seed user missing');
    await opened.t.datastore.setUniquifier(joe);
    const tokenHash = sha256Hex(link.slice(link.lastIndexOf('/') + 1));
    expect(await opened.t.datastore.findLinkToken(tokenHash)).not.toBeNull();

    await expectDead(opened, link);
  });
});
