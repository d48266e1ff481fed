import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../../test/fixtures/thrown.js';
import { ConfigError } from '../config-error.js';
import { resolveConfig } from '../resolve-config.js';

const REQUIRED = {
  secretKey: 'unified-signin-Secret-0123456789abcdefgh',
  externalUrl: 'https://example.com',
};
const TOTP = { totpSecrets: { '1': 'totp-key-material-0123456789abcdef' }, totpIssuer: 'Barbican' };

function errorOf(input: Record<string, unknown>): ConfigError {
  return thrownBy(ConfigError, () => resolveConfig({ ...REQUIRED, ...input }, { warn: () => {} }));
}

describe('unified sign-in options', () => {
  it("are off by default, with upstream's methods, URLs, validity and subject", () => {
    const config = resolveConfig(REQUIRED);
    expect(config.unifiedSignin).toBe(false);
    expect(config.usEnabledMethods).toEqual(['password', 'email', 'authenticator', 'sms']);
    expect(config.usMfaRequired).toEqual(['password', 'email']);
    expect(config.usTokenValidity).toBe(120);
    expect(config.usSetupWithin).toBe(30 * 60);
    expect(config.usSigninReplacesLogin).toBe(false);
    expect(config.usEmailSubject).toBe('Verification Code');
    expect(config.passwordRequired).toBe(true);
    expect(config.usMagicLinkSameBrowser).toBe(false);
    expect(config.usPostSetupView).toBeNull();
    expect([
      config.usSigninUrl,
      config.usSigninSendCodeUrl,
      config.usVerifyUrl,
      config.usVerifySendCodeUrl,
      config.usVerifyLinkUrl,
      config.usSetupUrl,
    ]).toEqual([
      '/us-signin',
      '/us-signin/send-code',
      '/us-verify',
      '/us-verify/send-code',
      '/us-verify-link',
      '/us-setup',
    ]);
  });

  it('accept durations as strings, as upstream\'s "30 minutes"-style values', () => {
    const config = resolveConfig({ ...REQUIRED, usSetupWithin: '10m', usTokenValidity: '5m' });
    expect(config.usSetupWithin).toBe(600);
    expect(config.usTokenValidity).toBe(300);
  });

  it('refuse an unknown method, naming the option', () => {
    expect(errorOf({ usEnabledMethods: ['password', 'webauthn'] }).option).toBe('usEnabledMethods');
    expect(errorOf({ usMfaRequired: ['pigeon'] }).option).toBe('usMfaRequired');
  });

  it('refuse unified sign-in with no method, or an authenticator without keys or issuer', () => {
    expect(errorOf({ unifiedSignin: true, usEnabledMethods: [] }).option).toBe('usEnabledMethods');
    expect(errorOf({ unifiedSignin: true }).option).toBe('totpSecrets');
    expect(errorOf({ unifiedSignin: true, ...TOTP, totpIssuer: 'a:b' }).option).toBe('totpIssuer');
    const config = resolveConfig({
      ...REQUIRED,
      unifiedSignin: true,
      usEnabledMethods: ['password', 'email'],
    });
    expect(config.unifiedSignin).toBe(true);
  });

  it('refuse a zero validity or setup window', () => {
    expect(errorOf({ usTokenValidity: 0 }).option).toBe('usTokenValidity');
    expect(errorOf({ usSetupWithin: 0 }).option).toBe('usSetupWithin');
  });

  it('allow passwordRequired: false only where users have another way in', () => {
    expect(errorOf({ passwordRequired: false }).option).toBe('passwordRequired');
    const passwordOnly = { unifiedSignin: true, usEnabledMethods: ['password'], passwordRequired: false };
    expect(errorOf(passwordOnly).option).toBe('passwordRequired');
    const config = resolveConfig({ ...REQUIRED, ...TOTP, unifiedSignin: true, passwordRequired: false });
    expect(config.passwordRequired).toBe(false);
  });
});
