import { describe, expect, it } from 'vitest';
import { createTestSecurity } from '../../testing/create-test-security.js';
import { ConfigError } from '../config-error.js';
import { configFromEnv } from '../from-env.js';
import { resolveConfig } from '../resolve-config.js';

const REQUIRED = { secretKey: 'rate-limit-secret-0123456789abcdefghij', externalUrl: 'https://example.com' };

describe('rate-limit and Redis options', () => {
  it('read REDIS_URL, with SECURITY_REDIS_URL winning, and SECURITY_RATE_LIMIT_* like any option', () => {
    const env = { ...REQUIRED, SECRET_KEY: REQUIRED.secretKey, REDIS_URL: 'redis://plain:6379' };
    expect(resolveConfig(configFromEnv(env, { externalUrl: REQUIRED.externalUrl })).redisUrl).toBe(
      'redis://plain:6379',
    );
    const both = { ...env, SECURITY_REDIS_URL: 'rediss://specific:6380' };
    expect(resolveConfig(configFromEnv(both, { externalUrl: REQUIRED.externalUrl })).redisUrl).toBe(
      'rediss://specific:6380',
    );
    const off = configFromEnv(
      {
        SECRET_KEY: REQUIRED.secretKey,
        SECURITY_RATE_LIMIT_ENABLED: 'false',
        SECURITY_RATE_LIMIT_IP_WINDOW: '"5m"',
      },
      { externalUrl: REQUIRED.externalUrl },
    );
    const config = resolveConfig(off);
    expect(config.rateLimitEnabled).toBe(false);
    expect(config.rateLimitIpWindow).toBe(300);
  });

  it('refuse a redisUrl that is not a redis:// URL, naming the option', () => {
    let error: unknown;
    try {
      resolveConfig({ ...REQUIRED, redisUrl: 'http://cache:6379' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe('redisUrl');
  });

  it.each([
    ['rateLimitIdentityIpAttempts', 0],
    ['rateLimitIpAttempts', -1],
    ['rateLimitIdentityFreeFailures', -1],
    ['rateLimitSendRecipient', 0],
    ['rateLimitSendIp', -5],
    ['rateLimitMemoryMaxKeys', 0],
    ['rateLimitIdentityIpWindow', -60],
  ])('refuse %s = %d at start-up, naming the option', (option, value) => {
    let error: unknown;
    try {
      resolveConfig({ ...REQUIRED, [option]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe(option);
  });

  it('accept the smallest meaningful limits', () => {
    const config = resolveConfig({
      ...REQUIRED,
      rateLimitIdentityIpAttempts: 1,
      rateLimitIdentityFreeFailures: 0,
    });
    expect([config.rateLimitIdentityIpAttempts, config.rateLimitIdentityFreeFailures]).toEqual([1, 0]);
  });

  it('refuse rateLimitStore "redis" without a redisUrl at start-up', async () => {
    await expect(createTestSecurity({ config: { rateLimitStore: 'redis' } })).rejects.toMatchObject({
      code: 'CONFIG_INVALID_VALUE',
      option: 'rateLimitStore',
    });
  });
});
