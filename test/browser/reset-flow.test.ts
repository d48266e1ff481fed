/**
 * A forgotten password as a person recovers it, in headless Chromium over real HTTP: the forgot
 * page, the mail over real SMTP, the link's page, and its form posted by the browser itself — which
 * sends `Origin: null` from a page served with `Referrer-Policy: no-referrer`.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { useBrowserMailApp } from '../fixtures/browser-mail-app.js';
import { JOE } from '../fixtures/demo-routes.js';
import { chromiumAvailable } from '../services/chromium.js';
import { linksIn } from '../services/smtp-sink.js';

const hasChromium = chromiumAvailable();
const NEW_PASSWORD = 'a brand new password 7';

describe.skipIf(!hasChromium)('password reset in Chromium', () => {
  const chromium = useBrowserMailApp({ recoverable: true });

  const path = (): string => new URL(chromium.page.url()).pathname;
  const { navigating } = chromium;

  it("sets a new password through the mailed link's form", async () => {
    await chromium.page.goto('/reset');
    await chromium.page.fill('#email', JOE.email);
    await navigating(() => chromium.page.click('#submit'));
    const mail = await chromium.app.mailTo(JOE.email, 'Password reset instructions');
    const link = linksIn(mail)[0]!;
    await chromium.page.goto(link);
    await chromium.page.fill('#password', NEW_PASSWORD);
    await chromium.page.fill('#password_confirm', NEW_PASSWORD);
    await navigating(() => chromium.page.click('#submit'));
    expect(await chromium.page.locator('li.fs-error-msg').allTextContents()).toEqual([]);
    expect(path()).toBe('/login');
    expect(await chromium.page.locator('li.fs-flash-msg').allTextContents()).toEqual([
      MESSAGES.PASSWORD_RESET_NO_LOGIN,
    ]);
  });
});
