/** Steps the browser CSRF tests share: a victim's browser, signing in, attacking, who is signed in. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../services/chromium.js';
import { type AttackerSite, autoSubmitForm, type BankApp, startAttacker } from './csrf-sites.js';

/**
 * A session cookie the browser sends on cross-site requests too. Chromium treats http://127.0.0.1
 * as potentially trustworthy, so it stores and sends this Secure cookie over plain HTTP.
 */
export const SAMESITE_NONE = { sessionCookieSamesite: 'None', sessionCookieSecure: true } as const;

export interface RegularProfile {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Chromium with an ordinary (non-incognito) profile that allows third-party cookies, as a desktop
 * browser with default settings does. Playwright's `browser.newContext()` is incognito, where
 * Chromium withholds every third-party cookie (blockedReasons "UserPreferences"), so a cross-site
 * fetch() would never carry a SameSite=None session cookie and Barbican's own checks would go
 * untested. `cookie_controls_mode: 0` is Chromium's "allow third-party cookies" preference.
 */
export async function launchRegularProfile(): Promise<RegularProfile | null> {
  if (!chromiumAvailable()) return null;
  const dir = mkdtempSync(join(tmpdir(), 'barbican-csrf-profile-'));
  mkdirSync(join(dir, 'Default'));
  writeFileSync(
    join(dir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  );
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the bank's real HTML login page, as a person would. */
export async function signInThroughLoginPage(
  page: Page,
  bank: BankApp,
  who: { email: string; password: string },
): Promise<void> {
  await page.goto(`${bank.url}/login`);
  await page.fill('#email', who.email);
  await page.fill('#password', who.password);
  const posted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login',
  );
  await page.click('#submit');
  expect((await posted).status()).toBe(302);
  await page.waitForLoadState('load');
}

/** Who the browser is signed in as, asked from the bank's own page by a same-origin JSON GET. */
export async function signedInAs(page: Page, bank: BankApp): Promise<string | null> {
  await page.goto(`${bank.url}/spa`);
  return page.evaluate(async () => {
    const res = await fetch('/api/me', { headers: { Accept: 'application/json' } });
    if (res.status !== 200) return null;
    const body = (await res.json()) as { user: string | null };
    return body.user;
  });
}

/**
 * Loads `url` (an attacker page that auto-submits a form) and waits until the bank answered the
 * form's POST to `path` and the page the victim lands on (the answer, or where it redirects) loaded.
 */
export async function visitAutoSubmittingPage(page: Page, url: string, path: string): Promise<void> {
  const posted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path,
  );
  // The form posts while the page is still loading: wait for the commit, not for its load.
  await page.goto(url, { waitUntil: 'commit' });
  const target = new URL((await posted).url()).origin;
  await page.waitForURL((landed) => landed.origin === target);
}

/** Builds a form on the current page, submits it, and waits until the page it leads to loaded. */
export async function submitForm(
  page: Page,
  action: string,
  fields: Record<string, string>,
): Promise<number> {
  const posted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === action,
  );
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await page.evaluate(
    ([target, entries]) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = target;
      for (const [name, value] of entries) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    },
    [action, Object.entries(fields)] as const,
  );
  const status = (await posted).status();
  // Closing a page while its navigation commits hangs Chromium: let the navigation finish first.
  await navigated;
  await page.waitForLoadState('load');
  return status;
}

export type SafelistedBody = 'urlencoded' | 'multipart' | 'text/plain';

/**
 * fetch() from the current (attacker's) page with a CORS-safelisted body, so no preflight stops it.
 * Answers what the page could learn: the bank sends no Access-Control-Allow-Origin, so never the
 * response — only a TypeError.
 */
export async function attackerFetch(page: Page, url: string, kind: SafelistedBody): Promise<string> {
  return page.evaluate(
    async ([target, bodyKind]) => {
      const fields = { amount: '1000', to: 'attacker' };
      let body: BodyInit = new URLSearchParams(fields);
      if (bodyKind === 'multipart') {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.append(name, value);
        body = form;
      } else if (bodyKind === 'text/plain') {
        body = new URLSearchParams(fields).toString(); // a string body is sent as text/plain
      }
      try {
        const res = await fetch(target, { method: 'POST', credentials: 'include', body });
        return `read ${res.status}`;
      } catch (error) {
        return (error as Error).name;
      }
    },
    [url, kind] as const,
  );
}

/** The token from the bank's own page, the seed's way: a JSON GET of /login. */
export async function ownPageToken(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const res = await fetch('/login', { headers: { Accept: 'application/json' } });
    const body = (await res.json()) as { response: { csrf_token: string } };
    return body.response.csrf_token;
  });
}

export interface AttackerPage {
  readonly attacker: AttackerSite;
  /** A fresh page (and context) per test, so no cookie carries over between tests. */
  readonly page: Page;
  /** The error messages on the page the victim's tab shows. */
  errorMessages(): Promise<string[]>;
  /** The attacker's page auto-submits `fields` to the bank's `path` as the victim's browser loads it. */
  postFromAttacker(bank: BankApp, path: string, fields: Record<string, string>): Promise<void>;
}

/** Registers, in the calling describe, one Chromium and one attacker site, and a fresh page per test. */
export function useAttackerPage(): AttackerPage {
  let browser: Browser | undefined;
  let attacker: AttackerSite | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    browser = (await launchChromium()) ?? undefined;
    if (!browser) throw new Error('Chromium did not start');
    attacker = await startAttacker();
  });
  afterAll(async () => {
    await browser?.close();
    await attacker?.close();
  });
  beforeEach(async () => {
    context = await browser!.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useAttackerPage: used outside a test');
    return value;
  };
  return {
    get attacker() {
      return started(attacker);
    },
    get page() {
      return started(page);
    },
    errorMessages: () => started(page).locator('li.fs-error-msg').allTextContents(),
    async postFromAttacker(bank, path, fields) {
      const site = started(attacker);
      const name = `/attack-${bank.url.split(':').pop()}${path}`;
      site.page(name, autoSubmitForm(`${bank.url}${path}`, fields));
      await visitAutoSubmittingPage(started(page), `${site.url}${name}`, path);
    },
  };
}
