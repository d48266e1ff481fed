/**
 * Two-factor as a person uses it, in headless Chromium over real HTTP: sign in, set up the
 * authenticator by reading the key from the setup page, sign out, then sign in with password and
 * code, generate recovery codes from their page, sign out, and sign in with password and a
 * recovery code chosen from the validate page's rescue form (issue 9 item 9).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { JOE } from '../fixtures/demo-routes.js';
import { createMailApp, type MailApp } from '../fixtures/mail-app.js';
import { TWO_FACTOR_CONFIG, totpCode } from '../fixtures/two-factor.js';
import { chromiumAvailable, launchChromium } from '../services/chromium.js';
import { type ServedFetch, serveFetch } from '../services/http-server.js';

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)('two-factor in Chromium', () => {
  let browser: Browser;
  let server: ServedFetch;
  let app: MailApp | undefined;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await serveFetch((request) => app!.t.fetch(request));
    app = await createMailApp('sqlite', {
      config: { externalUrl: server.url, ...TWO_FACTOR_CONFIG, multiFactorRecoveryCodes: true },
    });
    browser = (await launchChromium())!;
    context = await browser.newContext({ baseURL: server.url });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await app?.close();
  });

  const path = (): string => new URL(page.url()).pathname;
  const navigating = async (action: () => Promise<unknown>): Promise<void> => {
    const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
    await action();
    await navigated;
    await page.waitForLoadState('load');
  };
  const signIn = async (): Promise<void> => {
    await page.goto('/login');
    await page.fill('#email', JOE.email);
    await page.fill('#password', JOE.password);
    await navigating(() => page.click('#submit'));
  };
  const signedInAs = async (): Promise<unknown> => {
    const response = await page.request.get('/api/session-only', { headers: { accept: 'application/json' } });
    return response.status() === 200 ? ((await response.json()) as { user: string }).user : response.status();
  };

  const signOut = async (): Promise<void> => {
    const csrf = await page.request.get('/login', { headers: { accept: 'application/json' } });
    const { csrf_token } = ((await csrf.json()) as { response: { csrf_token: string } }).response;
    expect((await page.request.post('/logout', { data: { csrf_token } })).status()).toBe(200);
    expect(await signedInAs()).toBe(401);
  };

  it('sets up the authenticator from the page, then signs in with password and code, then with a recovery code', async () => {
    await signIn();
    expect(await signedInAs()).toBe(JOE.email);

    await page.goto('/tf-setup');
    await page.check('input[name="setup"][value="authenticator"]');
    await navigating(() => page.click('#submit'));
    expect(await page.locator('#qrcode svg').count()).toBe(1);
    const secret = ((await page.locator('#authr-key').textContent()) ?? '').replace(/-/g, '');
    await page.fill('#code', totpCode(secret, Date.now()));
    await navigating(() => page.click('#submit-code'));
    expect(path()).toBe('/tf-setup');
    expect(await page.locator('li.fs-flash-msg').allTextContents()).toEqual([
      MESSAGES.TWO_FACTOR_CHANGE_METHOD_SUCCESSFUL,
    ]);

    await signOut();
    await signIn();
    expect(path()).toBe('/tf-validate');
    expect(await signedInAs()).toBe(401);
    // The setup's code was used: the next step's code (inside the ±1 window) signs in.
    await page.fill('#code', totpCode(secret, Date.now(), 1));
    await navigating(() => page.click('#submit-code'));
    expect(await page.locator('li.fs-error-msg').allTextContents()).toEqual([]);
    expect(await signedInAs()).toBe(JOE.email);

    // Recovery codes, generated on their page (a fresh session) and read off it.
    await page.goto('/mf-recovery-codes');
    await navigating(() => page.click('#submit'));
    const codes = await page.locator('#recovery-codes code').allTextContents();
    expect(codes).toHaveLength(5);
    await signOut();
    await signIn();
    expect(path()).toBe('/tf-validate');
    await page.check('input[name="help_setup"][value="recovery_code"]');
    await navigating(() => page.click('#rescue-submit'));
    expect(path()).toBe('/mf-recovery');
    expect(await signedInAs()).toBe(401);
    await page.fill('#code', codes[0]!);
    await navigating(() => page.click('#submit'));
    expect(await page.locator('li.fs-error-msg').allTextContents()).toEqual([]);
    expect(await signedInAs()).toBe(JOE.email);
    expect((await app!.mailTo(JOE.email, 'A recovery code was used')).text).toContain('Codes left: 4');
  });
});
