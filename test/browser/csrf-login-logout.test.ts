/**
 * Login CSRF and logout CSRF in a real browser: the attacker's page (localhost) auto-submits a form
 * to the bank's own /login with the attacker's credentials — so the victim would unknowingly work in
 * the attacker's account — or to /logout. Outcomes are read on the server (Barbican's events) and
 * by a same-origin JSON GET of a session-guarded route from the bank's own page.
 *
 * These are top-level form navigations, which Chromium's incognito contexts treat as first-party:
 * SameSite=None cookies go along, so a plain per-test context is enough here.
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

/** The attacker's own CSRF token, fetched server-side with the attacker's own anonymous cookie. */
async function attackersOwnToken(bank: BankApp): Promise<string> {
  const res = await fetch(`${bank.url}/login`, { headers: { accept: 'application/json' } });
  const body = (await res.json()) as { response: { csrf_token: string } };
  return body.response.csrf_token;
}

describe.skipIf(!hasChromium)('login and logout CSRF in Chromium', () => {
  const browsing = useAttackerPage();
  const { errorMessages } = browsing;

  /** The attacker's page posting `fields` to the bank's `path`, as the victim's browser loads it. */
  const attack = async (bank: BankApp, path: string, fields: Record<string, string>): Promise<void> => {
    await browsing.postFromAttacker(bank, path, fields);
    const [post] = bank.seenAt('POST', path);
    expect(post).toMatchObject({ secFetchSite: 'cross-site', origin: browsing.attacker.url });
  };

  describe.each([
    [
      'SameSite=Lax (default): the browser withholds the cookie, the origin check refuses',
      {},
      'CSRF_CROSS_ORIGIN',
    ],
    [
      "SameSite=None: the victim's anonymous cookie goes along and the origin check refuses",
      SAMESITE_NONE,
      'CSRF_CROSS_ORIGIN',
    ],
  ] as const)('login CSRF, %s', (_name, config, refusal) => {
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
      await browsing.page.goto(`${bank.url}/login`); // the victim has been here: an anonymous session cookie
      await attack(bank, '/login', { email: ADMIN.email, password: ADMIN.password });

      expect(await errorMessages()).toEqual([MESSAGES[refusal]]);
      expect(bank.events).toEqual([]);
      expect(await signedInAs(browsing.page, bank)).toBeNull();
    });

    it("a valid token of the attacker's own session does not get the attacker's login form through", async () => {
      await browsing.page.goto(`${bank.url}/login`);
      const token = await attackersOwnToken(bank);
      await attack(bank, '/login', { email: ADMIN.email, password: ADMIN.password, csrf_token: token });

      // Refused before the token matters, whether or not the cookie went along.
      expect(await errorMessages()).toEqual([MESSAGES[refusal]]);
      expect(bank.events).toEqual([]);
      expect(await signedInAs(browsing.page, bank)).toBeNull();
    });
  });

  describe.each([
    ['SameSite=Lax (default)', {}],
    ['SameSite=None', SAMESITE_NONE],
  ] as const)("a signed-in victim and the attacker's login form, %s", (_name, config) => {
    let bank: BankApp;

    beforeAll(async () => {
      bank = await startBank(config);
    });

    afterAll(async () => {
      await bank?.close();
    });

    beforeEach(async () => {
      await signInThroughLoginPage(browsing.page, bank, JOE);
      bank.reset();
    });

    it('the browser is not signed in as the attacker', async () => {
      await attack(bank, '/login', { email: ADMIN.email, password: ADMIN.password });

      expect(bank.events).toEqual([]);
      expect(await signedInAs(browsing.page, bank)).not.toBe(ADMIN.email);
    });

    const staysSignedIn = async (): Promise<void> => {
      await attack(bank, '/login', { email: ADMIN.email, password: ADMIN.password });

      expect(await signedInAs(browsing.page, bank)).toBe(JOE.email);
      expect(bank.seenAt('POST', '/login')[0]?.setsSessionCookie).toBe(false);
    };
    // A cookie-less cross-site answer sets no session cookie (mayWriteSessionCookie in
    // src/auth/session.ts): Chromium would store it and so replace the victim's withheld one.
    it('the victim stays signed in as themselves', staysSignedIn);
  });

  // With csrfIgnoreUnauthEndpoints the same attack used to succeed (no token asked, no cookie to
  // trigger the origin check); csrf-login-ignore-unauth.test.ts shows it refused now.

  describe.each([
    ['SameSite=Lax (default)', { logoutCsrf: true }, 'CSRF_CROSS_ORIGIN'],
    ['SameSite=None', { ...SAMESITE_NONE, logoutCsrf: true }, 'CSRF_CROSS_ORIGIN'],
  ] as const)('logout CSRF with logoutCsrf, %s', (_name, config, refusal) => {
    let bank: BankApp;

    beforeAll(async () => {
      bank = await startBank(config);
    });

    afterAll(async () => {
      await bank?.close();
    });

    it("the attacker's form post to /logout does not end the victim's session", async () => {
      await signInThroughLoginPage(browsing.page, bank, JOE);
      bank.reset();
      await attack(bank, '/logout', {});

      expect(bank.seenAt('POST', '/logout').map((s) => s.status)).toEqual([400]);
      expect(await browsing.page.textContent('body')).toContain(MESSAGES[refusal]);
      expect(bank.events).toEqual([]);
      expect(await signedInAs(browsing.page, bank)).toBe(JOE.email);
    });
  });

  describe('logout CSRF without logoutCsrf (the default), SameSite=Lax', () => {
    let bank: BankApp;

    beforeAll(async () => {
      bank = await startBank();
    });

    afterAll(async () => {
      await bank?.close();
    });

    beforeEach(async () => {
      await signInThroughLoginPage(browsing.page, bank, JOE);
      bank.reset();
      await attack(bank, '/logout', {});
    });

    it('the cookie-less cross-site post does not end the session on the server', () => {
      expect(bank.seenAt('POST', '/logout')[0]?.sessionCookie).toBe(false);
      expect(bank.events).toEqual([]);
    });

    // endSession clears the cookie only for a request that carried it: Chromium would apply a
    // deletion to the cookie it withheld.
    it('the victim stays signed in', async () => {
      expect(await signedInAs(browsing.page, bank)).toBe(JOE.email);
      expect(bank.seenAt('POST', '/logout')[0]?.setsSessionCookie).toBe(false);
    });
  });
});
