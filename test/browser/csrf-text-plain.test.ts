/**
 * csrfProtectAll and text/plain bodies in a real browser. A text/plain POST is what a cross-site
 * fetch() or navigator.sendBeacon() sends without a preflight, and what an app's own page may send
 * with the token in X-CSRF-Token. Flask-WTF reads the token from the form (empty for text/plain),
 * then from the headers.
 *
 * Barbican does the same: a body it cannot read has no token field (presentedCsrfToken), so the
 * headers decide.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
} from './csrf-browser-helpers.js';
import { ATTACKER_PAGE, type AttackerSite, type BankApp, startAttacker, startBank } from './csrf-sites.js';

const hasChromium = chromiumAvailable();

// The origin check is off so that the token check is what decides.
const MODES = {
  'csrfProtectAll, early check': { ...SAMESITE_NONE, csrfOriginCheck: false, csrfProtectAll: true },
  'csrfProtectAll, checked by the guard (csrfCheckDefault false)': {
    ...SAMESITE_NONE,
    csrfOriginCheck: false,
    csrfProtectAll: true,
    csrfCheckDefault: false,
  },
} as const;

describe.skipIf(!hasChromium)('text/plain mutating requests under csrfProtectAll in Chromium', () => {
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

  beforeEach(async () => {
    await profile.context.clearCookies();
    page = await profile.context.newPage();
  });

  afterEach(async () => {
    await page.close();
  });

  for (const [mode, config] of Object.entries(MODES)) {
    describe(mode, () => {
      let bank: BankApp;

      beforeAll(async () => {
        bank = await startBank(config);
      });

      afterAll(async () => {
        await bank?.close();
      });

      beforeEach(async () => {
        await signInThroughLoginPage(page, bank, JOE);
        bank.reset();
      });

      const attack = async (): Promise<void> => {
        await page.goto(`${attacker.url}/`);
        expect(await attackerFetch(page, `${bank.url}/api/transfer`, 'text/plain')).toBe('TypeError');
      };

      it("a cross-site text/plain fetch() carrying the victim's cookie moves no money", async () => {
        await attack();

        const [post] = bank.seenAt('POST', '/api/transfer');
        expect(post).toMatchObject({ secFetchSite: 'cross-site', sessionCookie: true });
        expect(post?.status).toBe(400);
        expect(bank.transfers).toEqual([]);
        expect(await signedInAs(page, bank)).toBe(JOE.email);
      });

      it('refuses that fetch() as a missing CSRF token (400), like a form body', async () => {
        await attack();

        expect(bank.seenAt('POST', '/api/transfer').map((s) => s.status)).toEqual([400]);
      });

      it("accepts the bank's own text/plain fetch() with a valid X-CSRF-Token header", async () => {
        await page.goto(`${bank.url}/spa`);
        const token = await ownPageToken(page);
        const status = await page.evaluate(async (csrf) => {
          const res = await fetch('/api/transfer', {
            method: 'POST',
            headers: { 'Content-Type': 'text/plain', 'X-CSRF-Token': csrf },
            body: 'amount=10',
          });
          return res.status;
        }, token);

        expect(status).toBe(200);
        expect(bank.transfers).toEqual([JOE.email]);
      });
    });
  }
});
