/**
 * WebAuthn as a person uses it, in headless Chromium with a virtual platform authenticator (CTAP2,
 * internal transport, resident keys, user verification) over real HTTP on localhost: register a
 * passkey from the page, sign out, sign in with the passkey and no identity, re-authenticate with
 * it at /wan-verify; then another user registers a secondary key and signs in with the password
 * and the key as second factor (issue 11 item 9).
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/messages.js';
import { useBrowserMailApp } from '../fixtures/browser-mail-app.js';
import { signedInAs as signedInAsOn, signOut as signOutOn } from '../fixtures/browser-session.js';
import { ADMIN, JOE } from '../fixtures/demo-routes.js';
import { chromiumAvailable } from '../services/chromium.js';
import { addVirtualAuthenticator } from './virtual-authenticator.js';

const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)('WebAuthn in Chromium', () => {
  const chromium = useBrowserMailApp({ webauthn: true }, { localhost: true });
  const { navigating } = chromium;
  const path = (): string => new URL(chromium.page.url()).pathname;

  const signedInAs = (): Promise<unknown> => signedInAsOn(chromium.page);
  const signOut = (): Promise<void> => signOutOn(chromium.page);
  const passwordSignIn = async (who: { email: string; password: string }): Promise<void> => {
    await chromium.page.goto('/login');
    await chromium.page.fill('#email', who.email);
    await chromium.page.fill('#password', who.password);
    await navigating(() => chromium.page.click('#submit'));
  };
  const register = async (name: string, usage: 'first' | 'secondary'): Promise<void> => {
    await chromium.page.goto('/wan-register');
    // Scoped: each delete form of the list carries a hidden input with id "name" too.
    await chromium.page.fill('form[name="wan_register_form"] input[name="name"]', name);
    await chromium.page.check(`input[name="usage"][value="${usage}"]`);
    await navigating(() => chromium.page.click('#wan_register'));
    // The ceremony page runs navigator.credentials.create() and submits the answer.
    await chromium.page.waitForSelector(`#wan-credentials td:text-is("${name}")`);
  };

  it('registers a passkey from the page, signs in with it alone, verifies with it; a key is a second factor', async () => {
    const phone = await addVirtualAuthenticator(chromium.context, chromium.page);
    await passwordSignIn(JOE);
    expect(await signedInAs()).toBe(JOE.email);
    await register('My passkey', 'first');
    const held = await phone.credentials();
    expect(held).toHaveLength(1);
    expect(held[0]?.isResidentCredential).toBe(true);

    await signOut();
    await chromium.page.goto('/wan-signin');
    // No identity typed: the passkey names its user.
    await navigating(() => chromium.page.click('#wan_signin'));
    await chromium.page.waitForURL((url) => url.pathname === '/');
    expect(await signedInAs()).toBe(JOE.email);

    // next: a Barbican page, which shows the flash the verification left.
    await chromium.page.goto('/wan-verify?next=/verify');
    await navigating(() => chromium.page.click('#wan_verify'));
    await chromium.page.waitForURL((url) => url.pathname === '/verify');
    expect(await chromium.page.locator('li.fs-flash-msg').allTextContents()).toEqual([
      MESSAGES.REAUTHENTICATION_SUCCESSFUL,
    ]);
    await signOut();
    await phone.remove();

    // Another person with a security key as second factor (one authenticator holds one key per account).
    const key = await addVirtualAuthenticator(chromium.context, chromium.page);
    await passwordSignIn(ADMIN);
    await register('Admin key', 'secondary');
    await signOut();
    await passwordSignIn(ADMIN);
    expect(path()).toBe('/wan-signin');
    expect(await signedInAs()).toBe(401);
    await navigating(() => chromium.page.click('#wan_signin'));
    await chromium.page.waitForURL((url) => url.pathname === '/');
    expect(await signedInAs()).toBe(ADMIN.email);
    await key.remove();
  }, 120_000);
});
