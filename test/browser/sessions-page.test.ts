/**
 * The sessions page in headless Chromium over real HTTP: two browser contexts (two devices) signed
 * in as one user; the first lists both and ends the other, which is signed out on its next request.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSecurity } from '../../src/testing/create-test-security.js';
import { createDemoSecurity, JOE } from '../fixtures/demo-routes.js';
import { chromiumAvailable, launchChromium } from '../services/chromium.js';
import { type ServedFetch, serveFetch } from '../services/http-server.js';

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)('the sessions page in Chromium', () => {
  let browser: Browser;
  let server: ServedFetch;
  let app: TestSecurity | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await serveFetch((request) => app!.fetch(request));
    app = await createDemoSecurity({ config: { externalUrl: server.url, sessionManagement: true } });
    browser = (await launchChromium())!;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
    await app?.close();
  });

  /** A new device: its own context (cookie jar) and User-Agent, signed in through the login form. */
  const device = async (userAgent: string): Promise<Page> => {
    const context = await browser.newContext({ baseURL: server.url, userAgent });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/login');
    await page.fill('#email', JOE.email);
    await page.fill('#password', JOE.password);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.click('#submit')]);
    return page;
  };

  /** What a demo route answers this device: signed in (200) or not. */
  const guardedStatus = async (page: Page): Promise<number> =>
    (await page.request.get('/api/session-only', { headers: { accept: 'application/json' } })).status();

  it('lists both devices and ends the other one, which is signed out at once', async () => {
    const laptop = await device('Barbican-Laptop/1.0');
    const phone = await device('Barbican-Phone/2.0');
    expect(await guardedStatus(phone)).toBe(200);

    await laptop.goto('/sessions');
    const rows = laptop.locator('#sessions tbody tr');
    expect(await rows.count()).toBe(2);
    const laptopRow = rows.filter({ hasText: 'Barbican-Laptop/1.0' });
    const phoneRow = rows.filter({ hasText: 'Barbican-Phone/2.0' });
    expect(await laptopRow.textContent()).toContain('This browser');
    expect(await phoneRow.locator('button', { hasText: 'End' }).count()).toBe(1);

    // The post redirects back to /sessions: wait for that navigation, not for a URL it already has.
    const navigated = laptop.waitForEvent('framenavigated', { predicate: (f) => f === laptop.mainFrame() });
    await phoneRow.locator('button').click();
    await navigated;
    await laptop.waitForLoadState('load');
    expect(new URL(laptop.url()).pathname).toBe('/sessions');
    expect(await laptop.locator('li.fs-flash-msg').allTextContents()).toEqual(['The session has ended.']);
    expect(await laptop.locator('#sessions tbody tr').count()).toBe(1);

    expect(await guardedStatus(phone)).toBe(401);
    await phone.goto('/api/session-only');
    expect(new URL(phone.url()).pathname).toBe('/login');
    expect(await guardedStatus(laptop)).toBe(200);
  });
});
