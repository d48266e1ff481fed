/**
 * The seed's single-page-app flows, run by a page of the bank's own origin in Chromium: a JSON GET
 * of /login for `response.csrf_token` then X-CSRF-Token on every mutating request; and the cookie
 * mode, where the page reads XSRF-TOKEN from document.cookie and echoes it in X-XSRF-Token.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { JOE } from '../fixtures/demo-routes.js';
import { chromiumAvailable, launchChromium } from '../services/chromium.js';
import { type BankApp, startBank } from './csrf-sites.js';

const hasChromium = chromiumAvailable();

interface Answer {
  readonly status: number;
  readonly body: {
    readonly ok?: boolean;
    readonly user?: string;
    readonly response?: { readonly csrf_token?: string; readonly field_errors?: Record<string, string[]> };
  };
}

describe.skipIf(!hasChromium)("the seed's SPA CSRF flows from the bank's own page in Chromium", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = (await launchChromium())!;
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  /** A fetch() run by the page itself; JSON answers are parsed, the rest reported by status only. */
  const call = (
    path: string,
    init: { method?: string; headers?: Record<string, string>; json?: unknown } = {},
  ) =>
    page.evaluate(
      async ([target, options]): Promise<Answer> => {
        const res = await fetch(target, {
          method: options.method ?? 'GET',
          headers: options.headers ?? {},
          ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
        });
        const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
        return { status: res.status, body: isJson ? await res.json() : {} };
      },
      [path, init] as const,
    );

  const JSON_TYPE = { 'Content-Type': 'application/json' };

  describe('explicit fetch of the token (csrfProtectAll)', () => {
    let bank: BankApp;

    beforeAll(async () => {
      bank = await startBank({ csrfProtectAll: true });
    });

    afterAll(async () => {
      await bank?.close();
    });

    beforeEach(async () => {
      bank.reset();
      await page.goto(`${bank.url}/spa`);
    });

    /** The seed's way: a JSON GET on /login, even before signing in. */
    const fetchToken = async (): Promise<string> => {
      const res = await call('/login', { headers: JSON_TYPE });
      expect(res.status).toBe(200);
      return res.body.response?.csrf_token ?? '';
    };

    const signIn = async (): Promise<void> => {
      const token = await fetchToken();
      const res = await call('/login', {
        method: 'POST',
        headers: { ...JSON_TYPE, 'X-CSRF-Token': token },
        json: JOE,
      });
      expect(res.status).toBe(200);
    };

    it('a JSON GET of /login answers the token, with Content-Type: application/json or Accept', async () => {
      expect(await fetchToken()).toMatch(/^\d+\.[\w-]{43}$/);
      const accept = await call('/login', { headers: { Accept: 'application/json' } });
      expect(accept.body.response?.csrf_token).toMatch(/^\d+\.[\w-]{43}$/);
    });

    it('signs in with X-CSRF-Token, then a mutating request with the header is accepted, one without refused', async () => {
      await signIn();
      const token = await fetchToken();

      const accepted = await call('/api/transfer', {
        method: 'POST',
        headers: { ...JSON_TYPE, 'X-CSRF-Token': token },
        json: { amount: 10 },
      });
      const refused = await call('/api/transfer', {
        method: 'POST',
        headers: JSON_TYPE,
        json: { amount: 10 },
      });

      expect(accepted).toMatchObject({ status: 200, body: { ok: true, user: JOE.email } });
      expect(refused).toMatchObject({
        status: 400,
        body: { response: { field_errors: { csrf_token: [MESSAGES.CSRF_MISSING] } } },
      });
      expect(bank.transfers).toEqual([JOE.email]);
    });

    it('the token fetched once before sign-in keeps working after it (the seed fetches it once)', async () => {
      const once = await fetchToken();
      await call('/login', {
        method: 'POST',
        headers: { ...JSON_TYPE, 'X-CSRF-Token': once },
        json: JOE,
      });

      const ok = await call('/api/transfer', {
        method: 'POST',
        headers: { ...JSON_TYPE, 'X-CSRF-Token': once },
        json: {},
      });
      expect(ok.status).toBe(200);
      const fresh = await fetchToken();
      const again = await call('/api/transfer', {
        method: 'POST',
        headers: { ...JSON_TYPE, 'X-CSRF-Token': fresh },
        json: {},
      });
      expect(again.status).toBe(200);
      expect(bank.transfers).toEqual([JOE.email, JOE.email]);
    });

    it('a JSON POST /login without the token is refused: login CSRF protection applies to SPAs too', async () => {
      await fetchToken(); // the page holds an anonymous session, just not the token
      const res = await call('/login', { method: 'POST', headers: JSON_TYPE, json: JOE });

      expect(res).toMatchObject({
        status: 400,
        body: { response: { field_errors: { csrf_token: [MESSAGES.CSRF_MISSING] } } },
      });
      expect(bank.events).toEqual([]);
    });
  });

  describe('cookie mode (csrfCookieName XSRF-TOKEN, checked by the guards for session callers)', () => {
    let bank: BankApp;

    beforeAll(async () => {
      bank = await startBank({
        csrfProtectAll: true,
        csrfCheckDefault: false,
        csrfProtectMechanisms: ['session', 'basic'],
        csrfIgnoreUnauthEndpoints: true,
        csrfCookieName: 'XSRF-TOKEN',
      });
    });

    afterAll(async () => {
      await bank?.close();
    });

    beforeEach(async () => {
      bank.reset();
      await page.goto(`${bank.url}/spa`);
    });

    /** What the page's JavaScript sees: XSRF-TOKEN (and whether the HttpOnly session is hidden). */
    const readCookies = () =>
      page.evaluate(() => {
        const pairs = document.cookie.split('; ').map((pair) => pair.split('='));
        const value = pairs.find(([name]) => name === 'XSRF-TOKEN')?.[1];
        return {
          xsrf: value === undefined ? null : decodeURIComponent(value),
          sessionVisible: pairs.some(([name]) => name === 'session'),
        };
      });

    it('the page echoes the XSRF-TOKEN cookie in X-XSRF-Token: accepted; without it refused', async () => {
      await call('/login', { headers: { Accept: 'application/json' } });
      const before = await readCookies();
      expect(before.xsrf).toMatch(/^\d+\.[\w-]{43}$/);
      expect(before.sessionVisible).toBe(false);

      const login = await call('/login', {
        method: 'POST',
        headers: { ...JSON_TYPE, 'X-XSRF-Token': before.xsrf ?? '' },
        json: JOE,
      });
      expect(login.status).toBe(200);
      const after = await readCookies();
      expect(after.xsrf).toMatch(/^\d+\.[\w-]{43}$/);
      expect(after.xsrf).toEqual(expect.any(String)); // renewed at login (same secret: it carries over)

      const accepted = await call('/api/transfer', {
        method: 'POST',
        headers: { ...JSON_TYPE, 'X-XSRF-Token': after.xsrf ?? '' },
        json: {},
      });
      const refused = await call('/api/transfer', { method: 'POST', headers: JSON_TYPE, json: {} });

      expect(accepted).toMatchObject({ status: 200, body: { ok: true, user: JOE.email } });
      expect(refused).toMatchObject({
        status: 400,
        body: { response: { field_errors: { csrf_token: [MESSAGES.CSRF_MISSING] } } },
      });
      expect(bank.transfers).toEqual([JOE.email]);
    });
  });
});
