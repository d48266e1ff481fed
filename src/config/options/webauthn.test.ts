import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../../test/fixtures/thrown.js';
import { ConfigError } from '../config-error.js';
import { resolveConfig } from '../resolve-config.js';
import { webauthnNamePattern } from './webauthn.js';

const REQUIRED = { secretKey: 'webauthn-Secret-0123456789abcdefghijkl', externalUrl: 'https://example.com' };

function errorOf(input: Record<string, unknown>): ConfigError {
  return thrownBy(ConfigError, () => resolveConfig({ ...REQUIRED, ...input }, { warn: () => {} }));
}

describe('webauthn options', () => {
  it("are off by default, with upstream's URLs, windows and roles", () => {
    const config = resolveConfig(REQUIRED);
    expect(config.webauthn).toBe(false);
    expect(config.wanRegisterUrl).toBe('/wan-register');
    expect(config.wanSigninUrl).toBe('/wan-signin');
    expect(config.wanVerifyUrl).toBe('/wan-verify');
    expect(config.wanDeleteUrl).toBe('/wan-delete');
    expect(config.wanRegisterWithin).toBe(30 * 60);
    expect(config.wanSigninWithin).toBe(60);
    expect(config.wanRegisterTimeout).toBe(60_000);
    expect(config.wanAllowAsFirstFactor).toBe(true);
    expect(config.wanAllowAsMultiFactor).toBe(true);
    expect(config.wanAllowUserHints).toBe(true);
    expect(config.wanAllowAsVerify).toEqual(['first', 'secondary']);
  });

  it('refuse at start-up what cannot work, naming the option', () => {
    expect(errorOf({ wanNameAllowedChars: 'a-' + ']' + '(' }).option).toBe('wanNameAllowedChars');
    expect(errorOf({ wanNameMaxLength: 0 }).option).toBe('wanNameMaxLength');
    expect(errorOf({ wanSigninTimeout: 5 }).option).toBe('wanSigninTimeout');
    expect(errorOf({ wanAllowAsVerify: ['third'] }).option).toBe('wanAllowAsVerify');
  });

  it('allow any name but control characters by default, or only the listed characters', () => {
    expect(webauthnNamePattern(null).test('Clé USB 🔑')).toBe(true);
    expect(webauthnNamePattern(null).test('bad\u0000name')).toBe(false);
    expect(webauthnNamePattern(null).test('rtl\u202Ename')).toBe(false);
    expect(webauthnNamePattern('\\w .-').test('My key-2')).toBe(true);
    expect(webauthnNamePattern('\\w .-').test('My key!')).toBe(false);
  });
});
