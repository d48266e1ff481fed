/**
 * Sign-up as a person does it, in headless Chromium over real HTTP: the register page, the welcome
 * mail over real SMTP, the confirmation link opened in the browser, the login page, and a guarded
 * page that shows who is signed in.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { useBrowserMailApp } from '../fixtures/browser-mail-app.js';
import { chromiumAvailable } from '../services/chromium.js';
import { linksIn } from '../services/smtp-sink.js';

const hasChromium = chromiumAvailable();
const NEW = { email: 'newcomer@example.com', password: 'a fine new password 1' };

describe.skipIf(!hasChromium)('registration and confirmation in Chromium', () => {
  const chromium = useBrowserMailApp({ registerable: true, confirmable: true, postRegisterView: '/login' });

  const path = (): string => {
    const url = new URL(chromium.page.url());
    return `${url.pathname}${url.search}`;
  };
  const flashes = (): Promise<string[]> => chromium.page.locator('li.fs-flash-msg').allTextContents();

  const { navigating } = chromium;

  it('registers, confirms through the mailed link, signs in and reaches a guarded page', async () => {
    await chromium.page.goto('/register');
    await chromium.page.fill('#email', NEW.email);
    await chromium.page.fill('#password', NEW.password);
    await chromium.page.fill('#password_confirm', NEW.password);
    await navigating(() => chromium.page.click('#submit'));
    expect(path()).toBe('/login');
    expect(await flashes()).toEqual([`Thank you. Confirmation instructions have been sent to ${NEW.email}.`]);

    // Not confirmed yet: the login page refuses.
    await chromium.page.fill('#email', NEW.email);
    await chromium.page.fill('#password', NEW.password);
    await navigating(() => chromium.page.click('#submit'));
    expect(await chromium.page.locator('li.fs-error-msg').allTextContents()).toEqual([
      MESSAGES.CONFIRMATION_REQUIRED,
    ]);

    const mail = await chromium.app.mailTo(NEW.email, 'Welcome');
    const link = linksIn(mail)[0]!;
    expect(link.startsWith(`${chromium.url}/confirm/`)).toBe(true);
    // The first confirmation chooses the password (pre-registration hijack): the same one here.
    await chromium.page.goto(link);
    expect(await chromium.page.locator('form[name="confirm_password_form"]').count()).toBe(1);
    await chromium.page.fill('#password', NEW.password);
    await chromium.page.fill('#password_confirm', NEW.password);
    await navigating(() => chromium.page.click('#submit'));
    expect(path()).toBe('/login');
    expect(await flashes()).toEqual([MESSAGES.EMAIL_CONFIRMED]);

    await chromium.page.goto('/api/session-or-token');
    expect(path()).toBe(`/login?next=${encodeURIComponent('/api/session-or-token')}`);
    await chromium.page.fill('#email', NEW.email);
    await chromium.page.fill('#password', NEW.password);
    await navigating(() => chromium.page.click('#submit'));
    expect(path()).toBe('/api/session-or-token');
    expect(JSON.parse((await chromium.page.locator('pre').first().textContent())!)).toEqual({
      ok: true,
      user: NEW.email,
    });

    // The link works once: opening it again lands on /confirm with the reason.
    await chromium.page.goto(link);
    expect(path()).toBe('/confirm');
    expect(await flashes()).toEqual([MESSAGES.ALREADY_CONFIRMED]);
  });
});
