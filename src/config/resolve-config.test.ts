import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/fixtures/thrown.js';
import { ConfigError } from './config-error.js';
import { OPTION_SPECS } from './options.js';
import { resolveConfig } from './resolve-config.js';

const REQUIRED = { secretKey: 'resolve-secret-0123456789abcdefghijkl', externalUrl: 'https://example.com' };

function errorOf(input: Record<string, unknown>): ConfigError {
  return thrownBy(ConfigError, () => resolveConfig(input));
}

describe('resolveConfig defaults', () => {
  it('fills every option missing from the input with its OPTION_SPECS default', () => {
    const config = resolveConfig(REQUIRED);
    for (const [option, spec] of Object.entries(OPTION_SPECS)) {
      if (option in REQUIRED) continue;
      expect(config[option as keyof typeof config], option).toEqual(spec.default);
    }
  });

  it('treats an explicit undefined as not set', () => {
    expect(resolveConfig({ ...REQUIRED, tokenMaxAge: undefined }).tokenMaxAge).toBe(
      OPTION_SPECS.tokenMaxAge.default,
    );
  });

  it('converts durations to seconds', () => {
    const config = resolveConfig({
      ...REQUIRED,
      tokenMaxAge: '15m',
      freshness: '-1',
      freshnessGracePeriod: 30,
    });
    expect(config.tokenMaxAge).toBe(900);
    expect(config.freshness).toBe(-1);
    expect(config.freshnessGracePeriod).toBe(30);
  });

  it('removes duplicates from string lists', () => {
    expect(resolveConfig({ ...REQUIRED, logoutMethods: ['POST', 'GET', 'POST'] }).logoutMethods).toEqual([
      'POST',
      'GET',
    ]);
  });
});

describe('resolveConfig result', () => {
  it('is frozen, lists included', () => {
    const config = resolveConfig({ ...REQUIRED, apiEnabledMethods: ['session'] });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.apiEnabledMethods)).toBe(true);
    expect(Object.isFrozen(config.logoutMethods)).toBe(true);
    expect(() => {
      (config as { trackable: boolean }).trackable = true;
    }).toThrow(TypeError);
  });

  it("never changes or freezes the caller's object or its lists", () => {
    const methods: ('session' | 'token' | 'basic')[] = ['session', 'token', 'session'];
    const input = {
      ...REQUIRED,
      apiEnabledMethods: methods,
      externalUrl: 'https://example.com/',
      usernameEnable: true,
    };
    const snapshot = structuredClone(input);
    const config = resolveConfig(input);
    expect(input).toEqual(snapshot);
    expect(Object.isFrozen(input)).toBe(false);
    expect(Object.isFrozen(methods)).toBe(false);
    expect(config.apiEnabledMethods).not.toBe(methods);
    methods.push('basic');
    expect(config.apiEnabledMethods).toEqual(['session', 'token']);
  });

  it('does not share default lists with OPTION_SPECS', () => {
    expect(resolveConfig(REQUIRED).logoutMethods).not.toBe(OPTION_SPECS.logoutMethods.default);
  });
});

describe('resolveConfig value checks', () => {
  it.each([
    ['string', 'sessionCookieName', 42],
    ['string with choices', 'passwordHash', 'bcrypt'],
    ['boolean', 'trackable', 'yes'],
    ['integer', 'passwordLengthMin', 8.5],
    ['integer', 'maxBodyBytes', '1048576'],
    ['duration', 'tokenMaxAge', '10 minutes'],
    ['duration', 'freshness', false],
    ['non-nullable', 'freshness', null],
    ['non-nullable string', 'loginUrl', null],
    ['string-list', 'logoutMethods', 'POST'],
    ['string-list item type', 'logoutMethods', ['POST', 1]],
    ['string-list choices', 'logoutMethods', ['POST', 'DELETE']],
    ['function', 'tokenExpireTimestamp', 3600],
  ])('rejects a wrong %s value for %s naming the option', (_kind, option, value) => {
    const error = errorOf({ ...REQUIRED, [option]: value });
    expect(error.code).toBe('CONFIG_INVALID_VALUE');
    expect(error.option).toBe(option);
    expect(error.message).toContain(`"${option}"`);
  });

  it('accepts null where the spec is nullable', () => {
    const config = resolveConfig({
      ...REQUIRED,
      tokenMaxAge: null,
      unauthorizedView: null,
      passwordNormalizeForm: null,
    });
    expect(config.tokenMaxAge).toBeNull();
    expect(config.unauthorizedView).toBeNull();
    expect(config.passwordNormalizeForm).toBeNull();
  });

  it('keeps functions as given', () => {
    const expiry = (): number => 0;
    expect(resolveConfig({ ...REQUIRED, tokenExpireTimestamp: expiry }).tokenExpireTimestamp).toBe(expiry);
  });

  it('rejects input that is not an object', () => {
    expect(() => resolveConfig(null as unknown as Record<string, unknown>)).toThrow(ConfigError);
    expect(() => resolveConfig([] as unknown as Record<string, unknown>)).toThrow(ConfigError);
  });
});
