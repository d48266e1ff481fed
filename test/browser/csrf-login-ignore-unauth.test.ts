/**
 * Login CSRF with `csrfIgnoreUnauthEndpoints: true` — the configuration docs/csrf.md calls the usual
 * choice for an app with a browser UI and a token API — in a real browser. No CSRF token is asked of
 * anonymous callers, and a SameSite=Lax cookie never reaches the bank from the attacker's page, so
 * the bank sees a cookie-less, token-less login: only the origin check (Sec-Fetch-Site / Origin,
 * applied whatever the cookie state) stands between the attacker's form and the victim's browser.
 *
 * Controls: the same login from the bank's own page, a same-origin fetch() from its SPA page, and a
 * non-browser client (Node's fetch: no Origin, no Sec-Fetch-Site) all sign in without a token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { ADMIN, JOE } from '../fixtures/demo-routes.js';
import { chromiumAvailable } from '../services/chromium.js';
import {
  SAMESITE_NONE,
  signedInAs,
  signInThroughLoginPage,
  useAttackerPage,
} from './csrf-browser-helpers.js';
import { type BankApp, startBank } from './csrf-sites.js';

const hasChromium = chromiumAvailable();
const IGNORE_UNAUTH = { csrfIgnoreUnauthEndpoints: true } as const;

describe.skipIf(!hasChromium)('login CSRF with csrfIgnoreUnauthEndpoints: true, in Chromium', () => {
  const browsing = useAttackerPage();
  const { errorMessages } = browsing;

  const attackLogin = (bank: BankApp): Promise<void> =>
    browsing.postFromAttacker(bank, '/login', { email: ADMIN.email, password: ADMIN.password });

  describe.each([
    ['SameSite=Lax (default): no cookie reaches the bank', IGNORE_UNAUTH, false],
    ["SameSite=None: the victim's anonymous cookie goes along", { ...IGNORE_UNAUTH, ...SAMESITE_NONE }, true],
  ] as const)('%s', (_name, config, cookieReachesBank) => {
    let bank: BankApp;

    beforeAll(async () => {
      bank = await startBank(config);
    });

    afterAll(async () => {
      await bank?.close();
    });

    beforeEach(() => {
      bank.reset();
    });

    it("the attacker's login form does not sign the victim's browser in as the attacker", async () => {
      await browsing.page.goto(`${bank.url}/login`); // the victim has been here: an anonymous cookie
      bank.reset();
      await attackLogin(bank);

      const [post] = bank.seenAt('POST', '/login');
      expect(post).toMatchObject({
        secFetchSite: 'cross-site',
        origin: browsing.attacker.url,
        sessionCookie: cookieReachesBank,
        status: 200, // the login browsing.page again, with the refusal
        setsSessionCookie: false,
      });
      expect(await errorMessages()).toEqual([MESSAGES.CSRF_CROSS_ORIGIN]);
      expect(bank.events).toEqual([]);
      expect(await signedInAs(browsing.page, bank)).toBeNull();
    });

    it('a browser that never visited the bank is not signed in either', async () => {
      await attackLogin(bank);

      expect(bank.seenAt('POST', '/login')[0]).toMatchObject({
        sessionCookie: false,
        setsSessionCookie: false,
      });
      expect(await errorMessages()).toEqual([MESSAGES.CSRF_CROSS_ORIGIN]);
      expect(bank.events).toEqual([]);
      expect(await signedInAs(browsing.page, bank)).toBeNull();
    });

    it('a signed-in victim stays signed in as themselves', async () => {
      await signInThroughLoginPage(browsing.page, bank, JOE);
      bank.reset();
      await attackLogin(bank);

      expect(bank.events).toEqual([]);
      expect(bank.seenAt('POST', '/login')[0]?.setsSessionCookie).toBe(false);
      expect(await signedInAs(browsing.page, bank)).toBe(JOE.email);
    });

    it("control: the bank's own login browsing.page signs in without a token", async () => {
      await signInThroughLoginPage(browsing.page, bank, JOE);

      expect(bank.seenAt('POST', '/login')[0]).toMatchObject({ secFetchSite: 'same-origin', status: 302 });
      expect(bank.events).toEqual([`userAuthenticated ${JOE.email}`]);
      expect(await signedInAs(browsing.page, bank)).toBe(JOE.email);
    });

    it("control: a same-origin fetch() from the bank's SPA signs in without a token", async () => {
      await browsing.page.goto(`${bank.url}/spa`);
      const status = await browsing.page.evaluate(async (who) => {
        const res = await fetch('/login', {
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
          body: JSON.stringify(who),
        });
        return res.status;
      }, JOE);

      expect(status).toBe(200);
      expect(bank.events).toEqual([`userAuthenticated ${JOE.email}`]);
      expect(await signedInAs(browsing.page, bank)).toBe(JOE.email);
    });

    it('control: a non-browser client (no Origin, no Sec-Fetch-Site) signs in without a token', async () => {
      const res = await fetch(`${bank.url}/login`, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify(JOE),
      });

      expect(bank.seenAt('POST', '/login')[0]).toMatchObject({ secFetchSite: null, origin: null });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(true);
      expect(bank.events).toEqual([`userAuthenticated ${JOE.email}`]);
    });
  });
});
