import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../../test/fixtures/thrown.js';
import { ConfigError } from '../config-error.js';
import { resolveConfig } from '../resolve-config.js';

const REQUIRED = { secretKey: 'two-factor-Secret-0123456789abcdefghij', externalUrl: 'https://example.com' };
const TOTP_KEY = 'totp-key-material-0123456789abcdef';

function errorOf(input: Record<string, unknown>): ConfigError {
  return thrownBy(ConfigError, () => resolveConfig({ ...REQUIRED, ...input }, { warn: () => {} }));
}

describe('two-factor options', () => {
  it('are off by default, with upstream URLs, subject and a 5-minute mail code', () => {
    const config = resolveConfig(REQUIRED);
    expect(config.twoFactor).toBe(false);
    expect(config.twoFactorEnabledMethods).toEqual(['authenticator', 'email']);
    expect(config.twoFactorSmsValidity).toBe(120);
    expect(config.phoneRegionDefault).toBe('US');
    expect(config.twoFactorSetupUrl).toBe('/tf-setup');
    expect(config.twoFactorTokenValidationUrl).toBe('/tf-validate');
    expect(config.emailSubjectTwoFactor).toBe('Two-factor Login');
    expect(config.twoFactorMailValidity).toBe(300);
    expect(config.twoFactorPendingLoginWithin).toBe(300);
    expect(config.twoFactorMaxAttempts).toBe(5);
    expect(config.twoFactorAlwaysValidate).toBe(true);
    expect(config.twoFactorLoginValidity).toBe(30 * 24 * 3600);
    expect(config.twoFactorValidityCookieName).toBe('tf_validity');
  });

  it('need totpSecrets and totpIssuer when the authenticator is enabled', () => {
    expect(errorOf({ twoFactor: true, totpIssuer: 'App' }).option).toBe('totpSecrets');
    expect(errorOf({ twoFactor: true, totpSecrets: { '1': TOTP_KEY } }).option).toBe('totpIssuer');
    expect(errorOf({ twoFactor: true, totpSecrets: { '1': TOTP_KEY }, totpIssuer: 'A:B' }).option).toBe(
      'totpIssuer',
    );
    const emailOnly = resolveConfig({ ...REQUIRED, twoFactor: true, twoFactorEnabledMethods: ['email'] });
    expect(emailOnly.twoFactorEnabledMethods).toEqual(['email']);
  });

  it('refuse an empty method list, an unknown method and short or misnamed keys without echoing them', () => {
    expect(errorOf({ twoFactor: true, twoFactorEnabledMethods: [] }).option).toBe('twoFactorEnabledMethods');
    expect(errorOf({ twoFactorEnabledMethods: ['webauthn'] }).option).toBe('twoFactorEnabledMethods');
    const short = errorOf({ totpSecrets: { '1': 'short-key' } });
    expect(short.option).toBe('totpSecrets');
    expect(short.message).not.toContain('short-key');
    expect(errorOf({ totpSecrets: { v1: TOTP_KEY } }).option).toBe('totpSecrets');
    expect(errorOf({ totpSecrets: {} }).option).toBe('totpSecrets');
    expect(errorOf({ twoFactorMaxAttempts: 0 }).option).toBe('twoFactorMaxAttempts');
    expect(errorOf({ twoFactorValidityCookieName: 'tf validity' }).option).toBe(
      'twoFactorValidityCookieName',
    );
  });
});
