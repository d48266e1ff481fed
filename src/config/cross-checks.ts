/** Checks that involve more than one option's kind: required values, URL shapes, ranges, implications. */
import { ConfigError, invalidValue } from './config-error.js';
import { envVariableName } from './option-names.js';
import type { OptionSpec } from './option-spec.js';
import { OPTION_SPECS, type OptionName, type SecurityConfig } from './options.js';

export type MutableConfig = { -readonly [K in OptionName]: SecurityConfig[K] };

const SECRET_KEY_MIN_LENGTH = 32;

/** Options whose default ("") means "not set" and that start-up refuses to run without. */
export const REQUIRED_OPTIONS: readonly OptionName[] = ['secretKey', 'externalUrl'];

/** Inclusive bounds of integer options; anything outside them cannot work. */
const INTEGER_BOUNDS = {
  passwordLengthMin: [1, Number.MAX_SAFE_INTEGER],
  passwordLengthMax: [1, Number.MAX_SAFE_INTEGER],
  zxcvbnMinimumScore: [0, 4],
  passwordBreachedCount: [1, Number.MAX_SAFE_INTEGER],
  passwordHashConcurrency: [1, Number.MAX_SAFE_INTEGER],
  passwordHashQueueLimit: [0, Number.MAX_SAFE_INTEGER],
  passwordComplexityQueueLimit: [0, Number.MAX_SAFE_INTEGER],
  maxBodyBytes: [1024, Number.MAX_SAFE_INTEGER],
  maxIdentityLength: [1, Number.MAX_SAFE_INTEGER],
  rateLimitIdentityIpAttempts: [1, Number.MAX_SAFE_INTEGER],
  rateLimitIpAttempts: [1, Number.MAX_SAFE_INTEGER],
  rateLimitIdentityFreeFailures: [0, Number.MAX_SAFE_INTEGER],
  rateLimitSendRecipient: [1, Number.MAX_SAFE_INTEGER],
  rateLimitSendIp: [1, Number.MAX_SAFE_INTEGER],
  rateLimitMemoryMaxKeys: [1, Number.MAX_SAFE_INTEGER],
} as const satisfies Partial<Record<OptionName, readonly [number, number]>>;

/** Durations that may be negative: a negative freshness disables the check, as upstream. */
const NEGATIVE_DURATION_ALLOWED: ReadonlySet<string> = new Set<OptionName>(['freshness']);

/** Absolute URLs; every other `…Url` option is a path below urlPrefix. */
const ABSOLUTE_URL_OPTIONS: ReadonlySet<string> = new Set<OptionName>(['externalUrl', 'passwordBreachedUrl']);

/** Applies the cross-field checks to the freshly built config (never the caller's object). */
export function applyCrossChecks(config: MutableConfig): void {
  const specs: Readonly<Record<string, OptionSpec>> = OPTION_SPECS;
  checkSecretKey(config.secretKey);
  config.externalUrl = normalizeExternalUrl(config.externalUrl);
  checkAbsoluteURL('passwordBreachedUrl', config.passwordBreachedUrl);
  config.urlPrefix = normalizeUrlPrefix(config.urlPrefix);

  for (const [option, value] of Object.entries(config)) {
    if (option === 'redisUrl') checkRedisUrl(value);
    else if (option.endsWith('Url') && !ABSOLUTE_URL_OPTIONS.has(option)) checkPath(option, value);
    if (option.endsWith('View') && value !== null) checkView(option, value);
    const negative = specs[option]?.kind === 'duration' && typeof value === 'number' && value < 0;
    if (negative && !NEGATIVE_DURATION_ALLOWED.has(option)) {
      throw invalidValue(option, 'a duration of 0 or more', value);
    }
  }
  for (const [option, [min, max]] of Object.entries(INTEGER_BOUNDS)) {
    const value = config[option as keyof typeof INTEGER_BOUNDS];
    if (value >= min && value <= max) continue;
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw invalidValue(option, `an integer ${range}`, value);
  }
  const narrowed = config.csrfProtectMechanisms.length < OPTION_SPECS.csrfProtectMechanisms.default.length;
  if (narrowed && config.csrfProtectAll && config.csrfCheckDefault) {
    // Upstream refuses this too: the early check would silently ignore the narrowed list.
    throw invalidValue(
      'csrfCheckDefault',
      'false when csrfProtectMechanisms is narrowed (guards decide)',
      true,
    );
  }
  if (config.passwordLengthMin > config.passwordLengthMax) {
    throw invalidValue(
      'passwordLengthMin',
      `an integer no greater than passwordLengthMax (${config.passwordLengthMax})`,
      config.passwordLengthMin,
    );
  }
  if (config.userIdentityAttributes.length === 0) {
    throw invalidValue('userIdentityAttributes', 'at least one attribute', config.userIdentityAttributes);
  }
  if (config.usernameEnable && !config.userIdentityAttributes.includes('username')) {
    config.userIdentityAttributes = Object.freeze([...config.userIdentityAttributes, 'username']);
  }
  // Browsers reject SameSite=None cookies that are not Secure (draft-west-cookie-incrementalism, "Incrementally Better Cookies").
  if (config.sessionCookieSamesite === 'None' && !config.sessionCookieSecure) {
    throw invalidValue(
      'sessionCookieSamesite',
      '"Lax" or "Strict" unless sessionCookieSecure is true',
      'None',
    );
  }
}

function checkSecretKey(secretKey: string): void {
  if (secretKey === '') {
    throw new ConfigError(
      'CONFIG_MISSING',
      'secretKey',
      `Barbican: option "secretKey" is required (or the ${envVariableName('secretKey')} environment variable); ` +
        `use at least ${SECRET_KEY_MIN_LENGTH} random characters.`,
    );
  }
  if (secretKey.length < SECRET_KEY_MIN_LENGTH) {
    throw invalidValue('secretKey', `a string of at least ${SECRET_KEY_MIN_LENGTH} characters`, secretKey);
  }
}

/** "https://example.com/app/" → "https://example.com/app": origin plus an optional path prefix. */
function normalizeExternalUrl(externalUrl: string): string {
  if (externalUrl === '') {
    throw new ConfigError(
      'CONFIG_MISSING',
      'externalUrl',
      'Barbican: option "externalUrl" is required: the absolute URL the app is served at, such as ' +
        '"https://example.com"; links in emails and redirects are built from it, never from the Host header.',
    );
  }
  const expected =
    'an absolute http(s) URL with no query, fragment or credentials, such as "https://example.com"';
  const url = checkAbsoluteURL('externalUrl', externalUrl, expected);
  if (externalUrl.includes('?') || externalUrl.includes('#') || url.username !== '' || url.password !== '') {
    throw invalidValue('externalUrl', expected, externalUrl);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function checkAbsoluteURL(option: string, value: string, expected = 'an absolute http(s) URL'): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidValue(option, expected, value);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidValue(option, expected, value);
  return url;
}

/** "" or "/auth"; a trailing "/" is dropped so prefix + "/login" never doubles it. */
function normalizeUrlPrefix(urlPrefix: string): string {
  if (urlPrefix === '') return '';
  checkPath('urlPrefix', urlPrefix);
  return urlPrefix.replace(/\/+$/, '');
}

/** A server address, not a path: null, or a redis:// / rediss:// URL. */
function checkRedisUrl(value: unknown): void {
  if (value === null || (typeof value === 'string' && /^rediss?:\/\/./.test(value))) return;
  throw invalidValue('redisUrl', 'null or a redis:// or rediss:// URL', value);
}

function checkPath(option: string, value: unknown): void {
  if (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')) return;
  throw invalidValue(option, 'a path starting with a single "/"', value);
}

/** Views are where browsers are sent: a local path, or an absolute URL (e.g. a separately served SPA). */
function checkView(option: string, value: unknown): void {
  if (typeof value === 'string' && /^https?:\/\//.test(value)) {
    checkAbsoluteURL(option, value);
    return;
  }
  if (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')) return;
  throw invalidValue(
    option,
    'a path starting with a single "/" or an absolute http(s) URL (Flask endpoint names do not apply)',
    value,
  );
}
