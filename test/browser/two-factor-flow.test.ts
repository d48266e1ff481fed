/**
 * Two-factor as a person uses it, in headless Chromium over real HTTP: sign in, set up the
 * authenticator by reading the key from the setup page, sign out, then sign in with password and
 * code, generate recovery codes from their page, sign out, and sign in with password and a
 * recovery code chosen from the validate page's rescue form (issue 9 item 9).
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { useBrowserMailApp } from '../fixtures/browser-mail-app.js';
import { signedInAs as signedInAsOn, signOut as signOutOn } from '../fixtures/browser-session.js';
import { JOE } from '../fixtures/demo-routes.js';
import { TWO_FACTOR_CONFIG, totpCode } from '../fixtures/two-factor.js';
import { chromiumAvailable } from '../services/chromium.js';

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)('two-factor in Chromium', () => {
  const chromium = useBrowserMailApp({ ...TWO_FACTOR_CONFIG, multiFactorRecoveryCodes: true });

  const path = (): string => new URL(chromium.page.url()).pathname;
  const { navigating } = chromium;
  const signIn = async (): Promise<void> => {
    await chromium.page.goto('/login');
    await chromium.page.fill('#email', JOE.email);
    await chromium.page.fill('#password', JOE.password);
    await navigating(() => chromium.page.click('#submit'));
  };
  const signedInAs = (): Promise<unknown> => signedInAsOn(chromium.page);
  const signOut = (): Promise<void> => signOutOn(chromium.page);

  it('sets up the authenticator from the page, then signs in with password and code, then with a recovery code', async () => {
    await signIn();
    expect(await signedInAs()).toBe(JOE.email);

    await chromium.page.goto('/tf-setup');
    await chromium.page.check('input[name="setup"][value="authenticator"]');
    await navigating(() => chromium.page.click('#submit'));
    expect(await chromium.page.locator('#qrcode svg').count()).toBe(1);
    const secret = ((await chromium.page.locator('#authr-key').textContent()) ?? '').replace(/-/g, '');
    await chromium.page.fill('#code', totpCode(secret, Date.now()));
    await navigating(() => chromium.page.click('#submit-code'));
    expect(path()).toBe('/tf-setup');
    expect(await chromium.page.locator('li.fs-flash-msg').allTextContents()).toEqual([
      MESSAGES.TWO_FACTOR_CHANGE_METHOD_SUCCESSFUL,
    ]);

    await signOut();
    await signIn();
    expect(path()).toBe('/tf-validate');
    expect(await signedInAs()).toBe(401);
    // The setup's code was used: the next step's code (inside the ±1 window) signs in.
    await chromium.page.fill('#code', totpCode(secret, Date.now(), 1));
    await navigating(() => chromium.page.click('#submit-code'));
    expect(await chromium.page.locator('li.fs-error-msg').allTextContents()).toEqual([]);
    expect(await signedInAs()).toBe(JOE.email);

    // Recovery codes, generated on their page (a fresh session) and read off it.
    await chromium.page.goto('/mf-recovery-codes');
    await navigating(() => chromium.page.click('#submit'));
    const codes = await chromium.page.locator('#recovery-codes code').allTextContents();
    expect(codes).toHaveLength(5);
    await signOut();
    await signIn();
    expect(path()).toBe('/tf-validate');
    await chromium.page.check('input[name="help_setup"][value="recovery_code"]');
    await navigating(() => chromium.page.click('#rescue-submit'));
    expect(path()).toBe('/mf-recovery');
    expect(await signedInAs()).toBe(401);
    await chromium.page.fill('#code', codes[0]!);
    await navigating(() => chromium.page.click('#submit'));
    expect(await chromium.page.locator('li.fs-error-msg').allTextContents()).toEqual([]);
    expect(await signedInAs()).toBe(JOE.email);
    expect((await chromium.app.mailTo(JOE.email, 'A recovery code was used')).text).toContain(
      'Codes left: 4',
    );
  });
});
