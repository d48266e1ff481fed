/**
 * Issue 8 item 11: the CLI normalises identities with the web's normaliser, so an account it
 * creates signs in on the web and a web account is the one the CLI finds — IDN domains, Unicode
 * compatibility characters (U+FB01 "ﬁ") and usernames under usernameNormalizeForm alike.
 */
import { afterEach, expect, it } from 'vitest';
import { loginJson } from '../../test/fixtures/demo-routes.js';
import type { MailApp } from '../../test/fixtures/mail-app.js';
import type { TestSecurityOverrides } from '../testing/create-test-security.js';
import { describeEachBackend, openAppOn } from './cli-harness.contract.js';

const PASSWORD = 'a long passphrase 1234';

describeEachBackend('barbican users and the web agree on identities', (backend) => {
  let app: MailApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  async function open(overrides: TestSecurityOverrides = {}): Promise<MailApp> {
    app = await openAppOn(backend, overrides);
    return app;
  }
  async function signIn(opened: MailApp, identity: string): Promise<number> {
    return (await loginJson(opened.t.client(), { email: identity, password: PASSWORD })).status;
  }

  it('a user created with an IDN address signs in on the web, typed in Unicode or ASCII', async () => {
    const created = await backend.run(['users', 'create', 'idn@Bücher.example', '--password', PASSWORD]);
    expect(created).toEqual({ code: 0, stdout: 'User idn@xn--bcher-kva.example created.\n', stderr: '' });

    const opened = await open();
    expect(await signIn(opened, 'idn@bücher.example')).toBe(200);
    expect(await signIn(opened, 'idn@xn--bcher-kva.example')).toBe(200);
    expect((await backend.run(['users', 'deactivate', 'IDN@BÜCHER.EXAMPLE'])).code).toBe(0);
  });

  it('keeps U+FB01 as the web does: the CLI and web registration name one account', async () => {
    const opened = await open({ config: { registerable: true } });
    const client = opened.t.client();
    const page = await client.getJson('/register');
    const registered = await client.post('/register', {
      json: { email: 'ﬁle@example.com', password: PASSWORD, csrf_token: page.body.csrf_token },
    });
    expect(registered.status).toBe(200);

    const again = await backend.run(['users', 'create', 'ﬁle@example.com', '--password', PASSWORD]);
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: 'barbican: A user with this email or username already exists.\n',
    });
    const plain = await backend.run(['users', 'create', 'file@example.com', '--password', PASSWORD]);
    expect(plain.code).toBe(0);
    expect(await signIn(opened, 'ﬁle@example.com')).toBe(200);
    const ligature = await opened.t.datastore.findUserByIdentity('email', 'ﬁle@example.com');
    const ascii = await opened.t.datastore.findUserByIdentity('email', 'file@example.com');
    expect(ligature?.email).toBe('ﬁle@example.com');
    expect(ascii?.id).not.toBe(ligature?.id);
  });

  it('a username the CLI creates signs in on the web under usernameNormalizeForm (NFKD)', async () => {
    const created = await backend.run([
      'users',
      'create',
      'zoe@example.com',
      '--password',
      PASSWORD,
      '--username',
      'Zo\u00eb1',
    ]);
    expect(created.code).toBe(0);

    const opened = await open({ config: { usernameEnable: true } });
    expect(await signIn(opened, 'Zo\u00eb1')).toBe(200);
    expect(await signIn(opened, 'zoe\u03081')).toBe(200);
    expect((await backend.run(['users', 'deactivate', 'Zo\u00eb1'])).code).toBe(0);
  });
});
