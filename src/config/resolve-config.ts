/** Turns what the app passes into the one frozen config every part of Barbican reads. */
import { ConfigError } from './config-error.js';
import { applyCrossChecks, type MutableConfig } from './cross-checks.js';
import type { UncheckedConfig } from './from-env.js';
import type { OptionSpec } from './option-spec.js';
import { checkTwoFactorOptions } from './options/two-factor.js';
import { checkUnifiedSigninOptions } from './options/unified-signin.js';
import { checkWebAuthnOptions } from './options/webauthn.js';
import { OPTION_SPECS, type SecurityConfig, type SecurityConfigInput } from './options.js';
import { handleUnknownOption } from './unknown-option.js';
import { validateOption } from './validate-option.js';

export interface ResolveConfigOptions {
  /** Receives one warning per ignored Flask-Security option per process; defaults to console.warn. */
  readonly warn?: (message: string) => void;
}

/**
 * Validates `input` against OPTION_SPECS and returns a new frozen config: defaults filled in,
 * durations in seconds, lists copied. The caller's object is never changed. Throws ConfigError
 * naming the option for anything it cannot accept; Flask-Security options Barbican does not
 * implement are ignored with a warning, so an existing configuration can be ported gradually.
 *
 * @example
 * const config = resolveConfig({ secretKey: process.env.SECRET_KEY, externalUrl: 'https://example.com',
 *   tokenMaxAge: '12h' });
 * config.tokenMaxAge // 43200
 */
export function resolveConfig(
  input: SecurityConfigInput | UncheckedConfig,
  options: ResolveConfigOptions = {},
): SecurityConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError(
      'CONFIG_INVALID_VALUE',
      'config',
      'Barbican: resolveConfig expects an object of options.',
    );
  }
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const specs: Readonly<Record<string, OptionSpec>> = OPTION_SPECS;
  // Typed input was checked by the compiler and env input not at all: both are checked here alike.
  const given = input as Readonly<Record<string, unknown>>;

  const config: Record<string, unknown> = {};
  for (const [option, spec] of Object.entries(specs)) {
    config[option] = Array.isArray(spec.default) ? Object.freeze([...spec.default]) : spec.default;
  }

  for (const option of Object.keys(given)) {
    const value = given[option];
    const spec = Object.hasOwn(specs, option) ? specs[option] : undefined;
    if (spec === undefined) {
      handleUnknownOption(option, warn);
      continue;
    }
    // An explicit undefined (e.g. `tokenMaxAge: process.env.X`) means "not set", as with spread defaults.
    if (value !== undefined) config[option] = validateOption(option, spec, value);
  }

  applyCrossChecks(config as MutableConfig);
  checkTwoFactorOptions(config as MutableConfig);
  checkUnifiedSigninOptions(config as MutableConfig);
  checkWebAuthnOptions(config as MutableConfig);
  return Object.freeze(config) as SecurityConfig;
}
