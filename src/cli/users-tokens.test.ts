/**
 * Issue 8 item 7: the CLI's change-password, deactivate and reset-access end the user's auth
 * tokens even once the user has an fs_token_uniquifier, and activation brings none back.
 */
import { afterEach, expect, it } from 'vitest';
import { statusOnceChanged } from '../../test/fixtures/after-change.js';
import { JOE, loginJson } from '../../test/fixtures/demo-routes.js';
import type { MailApp } from '../../test/fixtures/mail-app.js';
import type { TestClient } from '../testing/test-client.js';
import { describeEachBackend, openAppOn } from './cli-harness.contract.js';

const WEB_PASSWORD = 'changed on the web 1234';
const CLI_PASSWORD = 'changed by the admin 5678';

async function tokenStatus(app: MailApp, token: string): Promise<number> {
  return (await app.t.client().getJson('/api/token', { 'Authentication-Token': token })).status;
}

describeEachBackend('barbican users and auth tokens', (backend) => {
  let app: MailApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** Joe changes his password on the web (which gives him an fs_token_uniquifier), then gets a token. */
  async function joeWithToken(): Promise<{ app: MailApp; token: string }> {
    const opened = await openAppOn(backend, { config: { changeable: true } });
    app = opened;
    const browser: TestClient = opened.t.client();
    await loginJson(browser, JOE);
    const page = await browser.getJson('/change');
    const changed = await browser.post('/change', {
      json: {
        password: JOE.password,
        new_password: WEB_PASSWORD,
        new_password_confirm: WEB_PASSWORD,
        csrf_token: page.body.csrf_token,
      },
    });
    expect(changed.status).toBe(200);
    expect((await opened.t.datastore.findUserByIdentity('email', JOE.email))?.fsTokenUniquifier).toMatch(
      /^[0-9a-f]{64}$/,
    );
    const login = await loginJson(
      opened.t.client(),
      { ...JOE, password: WEB_PASSWORD },
      '?include_auth_token',
    );
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    expect(await tokenStatus(opened, token)).toBe(200);
    return { app: opened, token };
  }

  it.each([
    [['users', 'change-password', JOE.email, '--password', CLI_PASSWORD]],
    [['users', 'deactivate', JOE.email]],
    [['users', 'reset-access', JOE.email]],
  ])('%j refuses a token issued before it, also after activation', async (argv) => {
    const { app: opened, token } = await joeWithToken();

    expect((await backend.run(argv)).code).toBe(0);
    // The app caches the token's user: the CLI's change reaches it at once on SQLite, and with the
    // cache's change notification on PostgreSQL (test/fixtures/after-change.ts).
    expect(await statusOnceChanged(() => tokenStatus(opened, token))).toBe(401);
    expect((await backend.run(['users', 'activate', JOE.email])).code).toBe(0);
    expect(await tokenStatus(opened, token)).toBe(401);
  });

  it('a token issued after activation works (the user is really back)', async () => {
    const { app: opened } = await joeWithToken();
    await backend.run(['users', 'deactivate', JOE.email]);
    await backend.run(['users', 'activate', JOE.email]);

    const login = await loginJson(
      opened.t.client(),
      { ...JOE, password: WEB_PASSWORD },
      '?include_auth_token',
    );
    const token = (login.body.user as { authentication_token: string }).authentication_token;
    expect(await tokenStatus(opened, token)).toBe(200);
  });
});
