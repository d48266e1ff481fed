import { describe, expect, it, vi } from 'vitest';
import { thrownBy } from '../../test/fixtures/thrown.js';
import { ConfigError } from './config-error.js';
import { uncheckedConfig } from './from-env.js';
import { resolveConfig } from './resolve-config.js';

const REQUIRED = { secretKey: 'unknown-secret-0123456789abcdefghijkl', externalUrl: 'https://example.com' };

function errorOf(input: Record<string, unknown>): ConfigError {
  return thrownBy(ConfigError, () => resolveConfig(input, { warn: () => {} }));
}

// The warn-once memory lasts for the process, so each test below uses options no other test uses.
describe('resolveConfig with Flask-Security options Barbican does not implement', () => {
  it('ignores a planned option with one warning naming its feature, and does not throw', () => {
    const warn = vi.fn();
    const config = resolveConfig(uncheckedConfig({ ...REQUIRED, twoFactorSetupWithin: 90 }), {
      warn,
    });
    expect(config).not.toHaveProperty('twoFactorSetupWithin');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      'Barbican: option "twoFactorSetupWithin" (Flask-Security SECURITY_TWO_FACTOR_SETUP_WITHIN) is not implemented yet (planned: two-factor); ignored.',
    );
  });

  it('warns once per option per process, however often config is resolved', () => {
    const warn = vi.fn();
    resolveConfig(uncheckedConfig({ ...REQUIRED, cacheControl: 60 }), { warn });
    resolveConfig(uncheckedConfig({ ...REQUIRED, cacheControl: 120 }), { warn });
    expect(warn).toHaveBeenCalledTimes(1);
    resolveConfig(uncheckedConfig({ ...REQUIRED, redirectBehavior: 'spa' }), { warn });
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('explains not-applicable options', () => {
    const warn = vi.fn();
    resolveConfig(uncheckedConfig({ ...REQUIRED, passwordHashPasslibOptions: {} }), { warn });
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS\) does not apply to Barbican/,
    );
  });

  it('treats any msg… key as a planned message override', () => {
    const warn = vi.fn();
    resolveConfig(uncheckedConfig({ ...REQUIRED, msgInvalidPassword: ['Nope', 'error'] }), { warn });
    expect(warn.mock.calls[0]?.[0]).toContain('(Flask-Security SECURITY_MSG_INVALID_PASSWORD)');
    expect(warn.mock.calls[0]?.[0]).toContain('planned: messages');
  });

  it('defaults to console.warn', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    resolveConfig(uncheckedConfig({ ...REQUIRED, secretKeyFallbacks: [] }));
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});

describe('resolveConfig with names no one knows', () => {
  it('throws CONFIG_UNKNOWN_OPTION naming the key, with a suggestion when close', () => {
    const error = errorOf({ ...REQUIRED, tokenMaxAg: 60 });
    expect(error.code).toBe('CONFIG_UNKNOWN_OPTION');
    expect(error.option).toBe('tokenMaxAg');
    expect(error.message).toContain('"tokenMaxAg"');
    expect(error.message).toContain('Did you mean "tokenMaxAge"?');
  });

  it("suggests the camelCase name for a Flask-Security key spelled upstream's way", () => {
    expect(errorOf({ ...REQUIRED, SECURITY_TOKEN_MAX_AGE: 60 }).message).toContain(
      'Did you mean "tokenMaxAge"?',
    );
  });

  it('gives no suggestion when nothing is close', () => {
    const error = errorOf({ ...REQUIRED, completelyUnrelatedSetting: 1 });
    expect(error.code).toBe('CONFIG_UNKNOWN_OPTION');
    expect(error.message).not.toContain('Did you mean');
  });

  it('does not mistake Object.prototype members for options', () => {
    expect(errorOf({ ...REQUIRED, toString: 'x' }).code).toBe('CONFIG_UNKNOWN_OPTION');
  });
});
