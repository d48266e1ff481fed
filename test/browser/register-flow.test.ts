/**
 * Sign-up as a person does it, in headless Chromium over real HTTP: the register page, the welcome
 * mail over real SMTP, the confirmation link opened in the browser, the login page, and a guarded
 * page that shows who is signed in.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { createMailApp, type MailApp } from '../fixtures/mail-app.js';
import { chromiumAvailable, launchChromium } from '../services/chromium.js';
import { type ServedFetch, serveFetch } from '../services/http-server.js';
import { linksIn } from '../services/smtp-sink.js';

const hasChromium = chromiumAvailable();
const NEW = { email: 'newcomer@example.com', password: 'a fine new password 1' };

describe.skipIf(!hasChromium)('registration and confirmation in Chromium', () => {
  let browser: Browser;
  let server: ServedFetch;
  let app: MailApp | undefined;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // The server starts first: the Security's externalUrl (and so the mailed link) is its origin.
    server = await serveFetch((request) => app!.t.fetch(request));
    app = await createMailApp('sqlite', {
      config: { externalUrl: server.url, registerable: true, confirmable: true, postRegisterView: '/login' },
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

  const path = (): string => {
    const url = new URL(page.url());
    return `${url.pathname}${url.search}`;
  };
  const flashes = (): Promise<string[]> => page.locator('li.fs-flash-msg').allTextContents();

  /** Runs an action that makes the page navigate and waits for the new page to load. */
  const navigating = async (action: () => Promise<unknown>): Promise<void> => {
    const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
    await action();
    await navigated;
    await page.waitForLoadState('load');
  };

  it('registers, confirms through the mailed link, signs in and reaches a guarded page', async () => {
    await page.goto('/register');
    await page.fill('#email', NEW.email);
    await page.fill('#password', NEW.password);
    await page.fill('#password_confirm', NEW.password);
    await navigating(() => page.click('#submit'));
    expect(path()).toBe('/login');
    expect(await flashes()).toEqual([`Thank you. Confirmation instructions have been sent to ${NEW.email}.`]);

    // Not confirmed yet: the login page refuses.
    await page.fill('#email', NEW.email);
    await page.fill('#password', NEW.password);
    await navigating(() => page.click('#submit'));
    expect(await page.locator('li.fs-error-msg').allTextContents()).toEqual([MESSAGES.CONFIRMATION_REQUIRED]);

    const mail = await app!.mailTo(NEW.email, 'Welcome');
    const link = linksIn(mail)[0]!;
    expect(link.startsWith(`${server.url}/confirm/`)).toBe(true);
    // The first confirmation chooses the password (pre-registration hijack): the same one here.
    await page.goto(link);
    expect(await page.locator('form[name="confirm_password_form"]').count()).toBe(1);
    await page.fill('#password', NEW.password);
    await page.fill('#password_confirm', NEW.password);
    await navigating(() => page.click('#submit'));
    expect(path()).toBe('/login');
    expect(await flashes()).toEqual([MESSAGES.EMAIL_CONFIRMED]);

    await page.goto('/api/session-or-token');
    expect(path()).toBe(`/login?next=${encodeURIComponent('/api/session-or-token')}`);
    await page.fill('#email', NEW.email);
    await page.fill('#password', NEW.password);
    await navigating(() => page.click('#submit'));
    expect(path()).toBe('/api/session-or-token');
    expect(JSON.parse((await page.locator('pre').first().textContent())!)).toEqual({
      ok: true,
      user: NEW.email,
    });

    // The link works once: opening it again lands on /confirm with the reason.
    await page.goto(link);
    expect(path()).toBe('/confirm');
    expect(await flashes()).toEqual([MESSAGES.ALREADY_CONFIRMED]);
  });
});
