/**
 * A forgotten password as a person recovers it, in headless Chromium over real HTTP: the forgot
 * page, the mail over real SMTP, the link's page, and its form posted by the browser itself — which
 * sends `Origin: null` from a page served with `Referrer-Policy: no-referrer`.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { JOE } from '../fixtures/demo-routes.js';
import { createMailApp, type MailApp } from '../fixtures/mail-app.js';
import { chromiumAvailable, launchChromium } from '../services/chromium.js';
import { type ServedFetch, serveFetch } from '../services/http-server.js';
import { linksIn } from '../services/smtp-sink.js';

const hasChromium = chromiumAvailable();
const NEW_PASSWORD = 'a brand new password 7';

describe.skipIf(!hasChromium)('password reset in Chromium', () => {
  let browser: Browser;
  let server: ServedFetch;
  let app: MailApp | undefined;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await serveFetch((request) => app!.t.fetch(request));
    app = await createMailApp('sqlite', { config: { externalUrl: server.url, recoverable: true } });
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

  it("sets a new password through the mailed link's form", async () => {
    await page.goto('/reset');
    await page.fill('#email', JOE.email);
    await navigating(() => page.click('#submit'));
    const mail = await app!.mailTo(JOE.email, 'Password reset instructions');
    const link = linksIn(mail)[0]!;
    await page.goto(link);
    await page.fill('#password', NEW_PASSWORD);
    await page.fill('#password_confirm', NEW_PASSWORD);
    await navigating(() => page.click('#submit'));
    expect(await page.locator('li.fs-error-msg').allTextContents()).toEqual([]);
    expect(path()).toBe('/login');
    expect(await page.locator('li.fs-flash-msg').allTextContents()).toEqual([
      MESSAGES.PASSWORD_RESET_NO_LOGIN,
    ]);
  });
});
