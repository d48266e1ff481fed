import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/fixtures/thrown.js';
import { ConfigError } from './config-error.js';
import { resolveConfig } from './resolve-config.js';

const SECRET = 'cross-Secret-0123456789abcdefghijklm';
const REQUIRED = { secretKey: SECRET, externalUrl: 'https://example.com' };

function errorOf(input: Record<string, unknown>): ConfigError {
  return thrownBy(ConfigError, () => resolveConfig(input, { warn: () => {} }));
}

describe('secretKey', () => {
  it('is required', () => {
    const error = errorOf({ externalUrl: 'https://example.com' });
    expect(error.code).toBe('CONFIG_MISSING');
    expect(error.option).toBe('secretKey');
  });

  it('must be at least 32 characters', () => {
    const error = errorOf({ ...REQUIRED, secretKey: 'short-secret-value' });
    expect(error.code).toBe('CONFIG_INVALID_VALUE');
    expect(error.option).toBe('secretKey');
  });

  it('never appears in an error message', () => {
    const short = 'Tiny-Secret-Value-9';
    const messages = [
      errorOf({ ...REQUIRED, secretKey: short }).message,
      errorOf({ ...REQUIRED, secretKey: 12_345_678 }).message,
      errorOf({ ...REQUIRED, tokenMaxAgee: 1 }).message,
      errorOf({ ...REQUIRED, externalUrl: 'ftp://example.com' }).message,
      errorOf({ ...REQUIRED, passwordLengthMin: 0 }).message,
      errorOf({ secretKey: SECRET }).message,
    ];
    for (const message of messages) {
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain(short);
      expect(message).not.toContain('12345678');
    }
  });
});

describe('externalUrl', () => {
  it('is required', () => {
    expect(errorOf({ secretKey: SECRET }).code).toBe('CONFIG_MISSING');
  });

  it('is normalized without a trailing slash, keeping a path prefix', () => {
    expect(resolveConfig({ ...REQUIRED, externalUrl: 'https://Example.com/' }).externalUrl).toBe(
      'https://example.com',
    );
    expect(resolveConfig({ ...REQUIRED, externalUrl: 'http://localhost:3000/app/' }).externalUrl).toBe(
      'http://localhost:3000/app',
    );
  });

  it.each([
    'example.com',
    '/app',
    'ftp://example.com',
    'https://example.com/?next=/',
    'https://example.com/#top',
    'https://user:pass@example.com',
  ])('refuses %s', (externalUrl) => {
    const error = errorOf({ ...REQUIRED, externalUrl });
    expect(error.code).toBe('CONFIG_INVALID_VALUE');
    expect(error.option).toBe('externalUrl');
  });
});

describe('paths and views', () => {
  it('requires URL options to be paths starting with "/"', () => {
    expect(errorOf({ ...REQUIRED, loginUrl: 'login' }).option).toBe('loginUrl');
    expect(errorOf({ ...REQUIRED, verifyUrl: '//evil.example/verify' }).option).toBe('verifyUrl');
  });

  it('normalizes urlPrefix and refuses one without a leading "/"', () => {
    expect(resolveConfig({ ...REQUIRED, urlPrefix: '/auth/' }).urlPrefix).toBe('/auth');
    expect(errorOf({ ...REQUIRED, urlPrefix: 'auth' }).option).toBe('urlPrefix');
  });

  it('accepts views as paths or absolute URLs, not Flask endpoint names', () => {
    expect(resolveConfig({ ...REQUIRED, postLoginView: 'https://spa.example.com/home' }).postLoginView).toBe(
      'https://spa.example.com/home',
    );
    expect(errorOf({ ...REQUIRED, postLogoutView: 'index' }).option).toBe('postLogoutView');
  });
});

describe('ranges and implications', () => {
  it('keeps passwordLengthMin between 1 and passwordLengthMax', () => {
    expect(errorOf({ ...REQUIRED, passwordLengthMin: 0 }).option).toBe('passwordLengthMin');
    expect(errorOf({ ...REQUIRED, passwordLengthMin: 20, passwordLengthMax: 10 }).option).toBe(
      'passwordLengthMin',
    );
    expect(
      resolveConfig({ ...REQUIRED, passwordLengthMin: 10, passwordLengthMax: 10 }).passwordLengthMin,
    ).toBe(10);
  });

  it('keeps zxcvbnMinimumScore within 0..4', () => {
    expect(errorOf({ ...REQUIRED, zxcvbnMinimumScore: 5 }).option).toBe('zxcvbnMinimumScore');
    expect(errorOf({ ...REQUIRED, zxcvbnMinimumScore: -1 }).option).toBe('zxcvbnMinimumScore');
    expect(resolveConfig({ ...REQUIRED, zxcvbnMinimumScore: 0 }).zxcvbnMinimumScore).toBe(0);
  });

  it('requires maxBodyBytes of at least 1024', () => {
    expect(errorOf({ ...REQUIRED, maxBodyBytes: 1023 }).option).toBe('maxBodyBytes');
    expect(resolveConfig({ ...REQUIRED, maxBodyBytes: 1024 }).maxBodyBytes).toBe(1024);
  });

  it('allows a negative duration only for freshness', () => {
    expect(resolveConfig({ ...REQUIRED, freshness: '-1m' }).freshness).toBe(-60);
    expect(errorOf({ ...REQUIRED, tokenMaxAge: -1 }).option).toBe('tokenMaxAge');
  });

  it('adds username to the identity attributes when usernameEnable is on', () => {
    expect(resolveConfig({ ...REQUIRED, usernameEnable: true }).userIdentityAttributes).toEqual([
      'email',
      'username',
    ]);
    expect(
      resolveConfig({ ...REQUIRED, usernameEnable: true, userIdentityAttributes: ['username', 'email'] })
        .userIdentityAttributes,
    ).toEqual(['username', 'email']);
  });

  it('refuses an empty identity attribute list', () => {
    expect(errorOf({ ...REQUIRED, userIdentityAttributes: [] }).option).toBe('userIdentityAttributes');
  });

  it('refuses SameSite=None without a Secure session cookie', () => {
    expect(errorOf({ ...REQUIRED, sessionCookieSamesite: 'None' }).option).toBe('sessionCookieSamesite');
    expect(
      resolveConfig({ ...REQUIRED, sessionCookieSamesite: 'None', sessionCookieSecure: true })
        .sessionCookieSamesite,
    ).toBe('None');
  });
});
