/**
 * CSRF in a real browser: the victim signs in to the bank (127.0.0.1) through its login page, then
 * visits the attacker's site (localhost), whose page auto-submits a hidden form and calls fetch()
 * against the bank's state-changing POST /api/transfer. The bank counts transfers server-side, so
 * "nothing changed" is observed, not inferred from a status the attacker could not read anyway.
 *
 * What Chromium 156 sends on those attacks: `Sec-Fetch-Site: cross-site` and
 * `Origin: http://localhost:<port>`. Each scenario names the layer that stops the attack; the last
 * turns both of Barbican's layers off and the attack succeeds, proving these tests can fail.
 *
 * The victim's browser is a regular Chromium profile that allows third-party cookies: in Playwright's
 * incognito contexts a cross-site fetch() never carries even a SameSite=None cookie, and Barbican's
 * own checks would go untested (see launchRegularProfile).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { JOE } from '../fixtures/demo-routes.js';
import { chromiumAvailable } from '../services/chromium.js';
import {
  attackerFetch,
  launchRegularProfile,
  ownPageToken,
  type RegularProfile,
  SAMESITE_NONE,
  signedInAs,
  signInThroughLoginPage,
  submitForm,
  visitAutoSubmittingPage,
} from './csrf-browser-helpers.js';
import {
  ATTACKER_PAGE,
  type AttackerSite,
  autoSubmitForm,
  type BankApp,
  startAttacker,
  startBank,
} from './csrf-sites.js';

const hasChromium = chromiumAvailable();

interface Scenario {
  readonly name: string;
  readonly config: Record<string, unknown>;
  /** Whether the browser attaches the victim's session cookie to the attacker's requests. */
  readonly cookieReachesBank: boolean;
  /** The bank's answer to each attack request. */
  readonly attackStatus: number;
  /** Text the victim's tab shows after the form attack: the bank's refusal, or what it served. */
  readonly shows: string;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'SameSite=Lax (default): the browser itself withholds the session cookie, the bank sees an anonymous caller',
    config: {},
    cookieReachesBank: false,
    attackStatus: 302, // to the login page, as for any anonymous visitor
    // The redirect to /login is a top-level navigation that carries the Lax cookie, and /login sends
    // the still signed-in victim on to the bank's home page.
    shows: 'bank',
  },
  {
    name: "SameSite=None: the cookie reaches the bank and Barbican's origin check refuses",
    config: SAMESITE_NONE,
    cookieReachesBank: true,
    attackStatus: 400,
    shows: MESSAGES.CSRF_CROSS_ORIGIN,
  },
  {
    name: 'SameSite=None, csrfOriginCheck off, csrfProtectAll: the CSRF token check alone refuses',
    config: { ...SAMESITE_NONE, csrfOriginCheck: false, csrfProtectAll: true },
    cookieReachesBank: true,
    attackStatus: 400,
    shows: MESSAGES.CSRF_MISSING,
  },
];

const CONTROL: Scenario = {
  name: 'control — SameSite=None with csrfOriginCheck off and no csrfProtectAll: the attack succeeds',
  config: { ...SAMESITE_NONE, csrfOriginCheck: false },
  cookieReachesBank: true,
  attackStatus: 200,
  shows: '"ok":true',
};

describe.skipIf(!hasChromium)('cross-site attacks on a signed-in victim in Chromium', () => {
  let profile: RegularProfile;
  let attacker: AttackerSite;
  let page: Page;

  beforeAll(async () => {
    profile = (await launchRegularProfile())!;
    attacker = await startAttacker();
    attacker.page('/', ATTACKER_PAGE);
  });

  afterAll(async () => {
    await profile?.close();
    await attacker?.close();
  });

  // One profile per file (third-party cookies need a persistent one): each test starts cookie-less.
  beforeEach(async () => {
    await profile.context.clearCookies();
    page = await profile.context.newPage();
  });

  afterEach(async () => {
    await page.close();
  });

  for (const scenario of [...SCENARIOS, CONTROL]) {
    const succeeds = scenario === CONTROL;

    describe(scenario.name, () => {
      let bank: BankApp;

      beforeAll(async () => {
        bank = await startBank(scenario.config);
        attacker.page(
          `/form-${bank.url.split(':').pop()}`,
          autoSubmitForm(`${bank.url}/api/transfer`, { amount: '1000', to: 'attacker' }),
        );
      });

      afterAll(async () => {
        await bank?.close();
      });

      beforeEach(async () => {
        await signInThroughLoginPage(page, bank, JOE);
        const cookies = await profile.context.cookies(bank.url);
        expect(cookies.find((c) => c.name === 'session')).toMatchObject({
          sameSite: scenario.config.sessionCookieSamesite ?? 'Lax',
          secure: scenario.config.sessionCookieSecure ?? false,
        });
        bank.reset();
      });

      const expectAttacksSeen = (count: number): void => {
        const posts = bank.seenAt('POST', '/api/transfer');
        expect(posts).toHaveLength(count);
        for (const post of posts) {
          expect(post).toMatchObject({
            secFetchSite: 'cross-site',
            origin: attacker.url,
            sessionCookie: scenario.cookieReachesBank,
            status: scenario.attackStatus,
          });
        }
      };

      it(
        succeeds
          ? "an auto-submitted form from the attacker's page moves the victim's money"
          : "an auto-submitted form from the attacker's page is refused and moves no money",
        async () => {
          const formUrl = `${attacker.url}/form-${bank.url.split(':').pop()}`;
          await visitAutoSubmittingPage(page, formUrl, '/api/transfer');

          expectAttacksSeen(1);
          expect(bank.transfers).toEqual(succeeds ? [JOE.email] : []);
          expect(await page.textContent('body')).toContain(scenario.shows);
          expect(await signedInAs(page, bank)).toBe(JOE.email);
        },
      );

      it(
        succeeds
          ? "fetch() from the attacker's page (urlencoded, multipart) moves the money, unread"
          : "fetch() from the attacker's page (urlencoded, multipart) is refused and moves no money",
        async () => {
          await page.goto(`${attacker.url}/`);
          const target = `${bank.url}/api/transfer`;
          const results = [
            await attackerFetch(page, target, 'urlencoded'),
            await attackerFetch(page, target, 'multipart'),
          ];

          expect(results).toEqual(['TypeError', 'TypeError']);
          expectAttacksSeen(2);
          expect(bank.transfers).toEqual(succeeds ? [JOE.email, JOE.email] : []);
          expect(await signedInAs(page, bank)).toBe(JOE.email);
        },
      );

      it("the same form post and fetch() from the bank's own page, with the token, are accepted", async () => {
        await page.goto(`${bank.url}/spa`);
        const token = await ownPageToken(page);
        const fetched = await page.evaluate(async (csrf) => {
          const res = await fetch('/api/transfer', {
            method: 'POST',
            headers: { 'X-CSRF-Token': csrf },
            body: new URLSearchParams({ amount: '10' }),
          });
          return res.status;
        }, token);
        expect(fetched).toBe(200);
        expect(await submitForm(page, '/api/transfer', { amount: '10', csrf_token: token })).toBe(200);

        expect(bank.transfers).toEqual([JOE.email, JOE.email]);
        for (const post of bank.seenAt('POST', '/api/transfer')) {
          expect(post).toMatchObject({ secFetchSite: 'same-origin', origin: bank.url, sessionCookie: true });
        }
      });
    });
  }
});
