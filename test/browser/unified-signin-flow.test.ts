/**
 * Unified sign-in as a person uses it, in headless Chromium over real HTTP and real mail: ask for
 * a code from the sign-in form, type the mailed code, sign out, ask again and open the magic link
 * from the mail (issue 10).
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { useBrowserMailApp } from '../fixtures/browser-mail-app.js';
import { signedInAs as signedInAsOn, signOut as signOutOn } from '../fixtures/browser-session.js';
import { JOE } from '../fixtures/demo-routes.js';
import { codeIn } from '../fixtures/two-factor.js';
import { US_CONFIG, userNamed } from '../fixtures/unified-signin.js';
import { chromiumAvailable } from '../services/chromium.js';
import { linksIn, type ReceivedMail } from '../services/smtp-sink.js';

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)('unified sign-in in Chromium', () => {
  const chromium = useBrowserMailApp({ ...US_CONFIG, usSendCodeMinInterval: 0 });
  const { navigating } = chromium;

  const path = (): string => new URL(chromium.page.url()).pathname;
  const signedInAs = (): Promise<unknown> => signedInAsOn(chromium.page);
  const signOut = (): Promise<void> => signOutOn(chromium.page);
  /** Fills the identity, chooses email and presses "Send Code"; returns the mail that came. */
  const askForCode = async (): Promise<ReceivedMail> => {
    const { app } = chromium;
    const before = app.sink.messages.length;
    await chromium.page.goto('/us-signin');
    await chromium.page.fill('#identity', JOE.email);
    await chromium.page.check('input[name="chosen_method"][value="email"]');
    await navigating(() => chromium.page.click('#submit_send_code'));
    expect(await chromium.page.locator('#notice').textContent()).toBe(MESSAGES.CODE_HAS_BEEN_SENT);
    await app.deliver();
    return app.sink.waitFor((m) => m.to === JOE.email && app.sink.messages.indexOf(m) >= before, 5000);
  };

  it('signs in with a mailed code typed into the form, then with the magic link of a second mail', async () => {
    const { t } = chromium.app;
    await t.datastore.setUsMethod((await userNamed(t)).id, 'email', { totpSecret: null, nowMs: Date.now() });

    const first = await askForCode();
    expect(path()).toBe('/us-signin/send-code');
    // The form keeps the identity, so only the code is typed.
    expect(await chromium.page.inputValue('#identity')).toBe(JOE.email);
    await chromium.page.fill('#passcode', codeIn(first));
    await navigating(() => chromium.page.click('#submit'));
    expect(path()).toBe('/');
    expect(await signedInAs()).toBe(JOE.email);

    await signOut();
    const second = await askForCode();
    const link = linksIn(second).find((url) => url.includes('/us-verify-link/'));
    expect(link?.startsWith(`${chromium.url}/us-verify-link/`)).toBe(true);
    await chromium.page.goto(link ?? '');
    expect(path()).toBe('/');
    expect(await signedInAs()).toBe(JOE.email);
  });
});
