/**
 * The default login, logout and verify pages driven by headless Chromium over real HTTP: real form
 * posts, cookies, redirects and CSRF hidden fields, as a user's browser sees them.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import type { TestSecurity } from '../../src/testing/create-test-security.js';
import { createDemoSecurity, JOE } from '../fixtures/demo-routes.js';
import { chromiumAvailable, launchChromium } from '../services/chromium.js';
import { type ServedFetch, serveFetch } from '../services/http-server.js';

const hasChromium = chromiumAvailable();
const SCREENSHOT_PATH = '/tmp/barbican-login.png';

describe.skipIf(!hasChromium)('default login and verify pages in Chromium', () => {
  let browser: Browser;
  let server: ServedFetch;
  let app: TestSecurity | undefined;
  let clockOffsetMs = 0;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // The server starts first: the Security's externalUrl must be the origin it was given.
    server = await serveFetch((request) => app!.fetch(request));
    app = await createDemoSecurity({
      clock: { nowMs: () => Date.now() + clockOffsetMs },
      config: { externalUrl: server.url },
    });
    browser = (await launchChromium())!;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.close();
  });

  beforeEach(async () => {
    clockOffsetMs = 0;
    context = await browser.newContext({ baseURL: server.url });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  const path = (): string => {
    const url = new URL(page.url());
    return `${url.pathname}${url.search}`;
  };

  /** The JSON a demo route answered, as Chromium renders it (inside a <pre>). */
  const shownJson = async (): Promise<unknown> =>
    JSON.parse((await page.locator('pre').first().textContent())!);

  /** Runs an action that makes the page navigate (form posts, redirects) and waits for the new page. */
  const navigating = async (action: () => Promise<unknown>): Promise<void> => {
    const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
    await action();
    await navigated;
    await page.waitForLoadState('load');
  };

  const errorMessages = (): Promise<string[]> => page.locator('li.fs-error-msg').allTextContents();

  const submitLogin = async (email: string, password: string): Promise<void> => {
    await page.fill('#email', email);
    await page.fill('#password', password);
    await navigating(() => page.click('#submit'));
  };

  const logIn = async (): Promise<void> => {
    await page.goto('/api/session-or-token');
    await submitLogin(JOE.email, JOE.password);
    expect(path()).toBe('/api/session-or-token');
  };

  it('sends an anonymous visitor to the login page and back to the page they wanted', async () => {
    await page.goto('/api/session-or-token');
    expect(path()).toBe(`/login?next=${encodeURIComponent('/api/session-or-token')}`);
    expect(await page.locator('input[name="csrf_token"]').getAttribute('value')).toMatch(/.{20}/);
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });

    await submitLogin(JOE.email, JOE.password);

    expect(path()).toBe('/api/session-or-token');
    expect(await shownJson()).toEqual({ ok: true, user: JOE.email });
  });

  it('re-renders the login page with the error for a wrong password and signs nobody in', async () => {
    await page.goto('/api/session-or-token');
    await submitLogin(JOE.email, 'not the password');

    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await errorMessages()).toEqual([MESSAGES.INVALID_PASSWORD]);
    expect(await page.inputValue('#email')).toBe(JOE.email);
    await page.goto('/api/session-or-token');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  const tamperHiddenNext = async (): Promise<void> => {
    await page.goto('/api/session-or-token');
    await page.evaluate(() => {
      document.querySelector<HTMLInputElement>('input[name="next"]')!.value = 'https://evil.example/steal';
    });
    await submitLogin(JOE.email, JOE.password);
  };

  it('keeps the browser on the app origin when the hidden next field is tampered to point off-site', async () => {
    await tamperHiddenNext();
    expect(new URL(page.url()).origin).toBe(server.url);
  });

  // The page posts to /login?next=… and carries a hidden next too: both are validated (resolveNext).
  it('refuses a login whose hidden next field was tampered to point off-site', async () => {
    await tamperHiddenNext();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await errorMessages()).toEqual([MESSAGES.INVALID_REDIRECT]);
  });

  it('refuses a login posting an off-site next and keeps the browser on the app origin', async () => {
    await page.goto('/login');
    await page.evaluate(() => {
      const next = document.createElement('input');
      next.type = 'hidden';
      next.name = 'next';
      next.value = 'https://evil.example/steal';
      document.forms.namedItem('login_user_form')!.append(next);
    });
    await submitLogin(JOE.email, JOE.password);

    expect(page.url()).toBe(`${server.url}/login`);
    expect(await errorMessages()).toEqual([MESSAGES.INVALID_REDIRECT]);
    await page.goto('/api/session-or-token');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('ends the session on a logout form post, so the old cookie no longer signs anyone in', async () => {
    await logIn();
    const cookiesBefore = await context.cookies();

    await navigating(() =>
      page.evaluate(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/logout';
        document.body.append(form);
        form.submit();
      }),
    );
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto('/api/session-or-token');
    expect(new URL(page.url()).pathname).toBe('/login');

    // A copy of the cookie taken before logout is dead too: the session was destroyed server-side.
    await context.clearCookies();
    await context.addCookies(cookiesBefore);
    await page.goto('/api/session-or-token');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('asks a signed-in user with a stale session to verify, then returns to the fresh-only page', async () => {
    await logIn();
    clockOffsetMs = 61_000;

    await page.goto('/api/fresh');
    expect(path()).toBe(`/verify?next=${encodeURIComponent('/api/fresh')}`);
    expect(await page.locator('body').textContent()).toContain(JOE.email);

    await page.fill('#password', JOE.password);
    const [landed] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/fresh'),
      page.click('#submit'),
    ]);

    expect(landed.status()).toBe(200);
    await page.waitForURL('**/api/fresh');
    await page.waitForLoadState('load');
    expect(await shownJson()).toEqual({ ok: true, user: JOE.email });
  });
});

describe.skipIf(!hasChromium)('links on the default login page in Chromium', () => {
  let browser: Browser;
  const running: Array<{ server: ServedFetch; app: TestSecurity }> = [];

  /** A Security on its own loopback server with these features on. */
  async function start(config: Record<string, unknown>): Promise<string> {
    let app: TestSecurity | undefined;
    const server = await serveFetch((request) => app!.fetch(request));
    app = await createDemoSecurity({ config: { externalUrl: server.url, ...config } });
    running.push({ server, app });
    return server.url;
  }

  beforeAll(async () => {
    browser = (await launchChromium())!;
  });

  afterAll(async () => {
    await browser?.close();
    for (const { server, app } of running) {
      await server.close();
      await app.close();
    }
  });

  it('shows register, forgot-password and confirm links when those features are on, and they lead there', async () => {
    const url = await start({ registerable: true, recoverable: true, confirmable: true });
    const context = await browser.newContext({ baseURL: url });
    try {
      const page = await context.newPage();
      await page.goto('/login?next=%2Fapi%2Fsession-only');
      const links = page.getByRole('navigation', { name: 'Account' }).getByRole('link');
      expect(await links.allTextContents()).toEqual(['Register', 'Forgot password', 'Confirm account']);
      expect(await links.first().getAttribute('href')).toBe('/register?next=%2Fapi%2Fsession-only');
      await page.getByRole('link', { name: 'Forgot password' }).click();
      await page.waitForURL('**/reset');
      expect(await page.locator('form[name="forgot_password_form"]').count()).toBe(1);
      await page.goBack();
      await page.getByRole('link', { name: 'Register' }).click();
      await page.waitForURL('**/register?next=%2Fapi%2Fsession-only');
      expect(await page.locator('form[name="register_user_form"]').count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('shows no links while those features are off', async () => {
    const url = await start({});
    const context = await browser.newContext({ baseURL: url });
    try {
      const page = await context.newPage();
      await page.goto('/login');
      expect(await page.locator('form[name="login_user_form"]').count()).toBe(1);
      expect(await page.getByRole('link').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
