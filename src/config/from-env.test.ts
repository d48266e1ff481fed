import { describe, expect, it } from 'vitest';
import { configFromEnv, uncheckedConfig } from './from-env.js';
import { resolveConfig } from './resolve-config.js';

const SECRET = 'env-secret-0123456789abcdefghijklmnop';

describe('configFromEnv', () => {
  it('camel-cases SECURITY_* names and ignores other variables', () => {
    const config = configFromEnv({
      SECURITY_TOKEN_MAX_AGE: '15m',
      SECURITY_CSRF_IGNORE_UNAUTH_ENDPOINTS: 'true',
      PATH: '/usr/bin',
      HOME: undefined,
    });
    expect(config).toEqual({ tokenMaxAge: '15m', csrfIgnoreUnauthEndpoints: true });
  });

  it('parses JSON values: booleans, numbers, arrays, null', () => {
    const config = configFromEnv({
      SECURITY_TRACKABLE: 'true',
      SECURITY_FRESHNESS: '3600',
      SECURITY_API_ENABLED_METHODS: '["session","basic"]',
      SECURITY_TOKEN_MAX_AGE: 'null',
    });
    expect(config).toEqual({
      trackable: true,
      freshness: 3600,
      apiEnabledMethods: ['session', 'basic'],
      tokenMaxAge: null,
    });
  });

  it('keeps text that is not JSON as a string', () => {
    expect(configFromEnv({ SECURITY_FRESHNESS: '1h30m' })).toEqual({ freshness: '1h30m' });
  });

  it('keeps string options as raw text even when they look like JSON', () => {
    const config = configFromEnv({
      SECURITY_DEFAULT_HTTP_AUTH_REALM: '2024',
      SECURITY_PASSWORD_SALT: '123456',
      SECRET_KEY: '12345678901234567890123456789012',
    });
    expect(config).toEqual({
      defaultHttpAuthRealm: '2024',
      passwordSalt: '123456',
      secretKey: '12345678901234567890123456789012',
    });
  });

  it('reads null for nullable string options only', () => {
    expect(configFromEnv({ SECURITY_UNAUTHORIZED_VIEW: 'null' })).toEqual({ unauthorizedView: null });
    expect(configFromEnv({ SECURITY_LOGIN_URL: 'null' })).toEqual({ loginUrl: 'null' });
  });

  it("maps Flask's SECRET_KEY, with SECURITY_SECRET_KEY taking precedence", () => {
    expect(configFromEnv({ SECRET_KEY: SECRET })).toEqual({ secretKey: SECRET });
    expect(configFromEnv({ SECRET_KEY: 'flask', SECURITY_SECRET_KEY: SECRET })).toEqual({
      secretKey: SECRET,
    });
  });

  it('passes unknown SECURITY_ names through so resolveConfig reports them', () => {
    const config = configFromEnv({ SECURITY_TOKEN_MAX_AGEE: '60' });
    expect(config).toEqual({ tokenMaxAgee: 60 });
    expect(() => resolveConfig({ ...config, secretKey: SECRET, externalUrl: 'https://example.com' })).toThrow(
      /Did you mean "tokenMaxAge"/,
    );
  });

  it('feeds resolveConfig end to end', () => {
    const config = resolveConfig(
      configFromEnv({
        SECRET_KEY: SECRET,
        SECURITY_EXTERNAL_URL: 'https://example.com/',
        SECURITY_TOKEN_MAX_AGE: '15m',
        SECURITY_LOGOUT_METHODS: '["GET","POST"]',
      }),
    );
    expect(config.tokenMaxAge).toBe(900);
    expect(config.externalUrl).toBe('https://example.com');
    expect(config.logoutMethods).toEqual(['GET', 'POST']);
  });

  it("takes the app's own options as defaults, with a set variable winning over them", () => {
    const config = resolveConfig(
      configFromEnv(
        { SECRET_KEY: SECRET, SECURITY_TRACKABLE: 'false' },
        { externalUrl: 'https://example.com', trackable: true, tokenMaxAge: '1h' },
      ),
    );
    expect(config.trackable).toBe(false);
    expect(config.tokenMaxAge).toBe(3600);
    expect(config.externalUrl).toBe('https://example.com');
  });
});

describe('uncheckedConfig', () => {
  it('is checked when resolved: a wrong type fails naming the option', () => {
    const input = uncheckedConfig({
      secretKey: SECRET,
      externalUrl: 'https://example.com',
      tokenMaxAge: true,
    });
    expect(() => resolveConfig(input)).toThrow(/tokenMaxAge/);
  });
});
