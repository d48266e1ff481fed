/** Reads configuration from environment variables, as a Flask app reads SECURITY_* keys. */

import { snakeToCamel } from './option-names.js';
import type { OptionSpec } from './option-spec.js';
import { OPTION_SPECS, type SecurityConfigInput } from './options.js';

declare const uncheckedConfigBrand: unique symbol;

/**
 * Options whose names and types only resolveConfig can check, at start-up: what configFromEnv reads,
 * or a parsed JSON/YAML file passed through uncheckedConfig. Opaque on purpose, so it never widens
 * SecurityConfigInput, whose keys and value types the compiler checks (`secretKy` is a type error).
 */
export interface UncheckedConfig {
  readonly [uncheckedConfigBrand]: 'UncheckedConfig';
}

/**
 * Marks options from outside the program (a parsed file, a secrets service) as checked at start-up
 * only; unknown names and wrong types then fail in createSecurity with a ConfigError naming the option.
 *
 * @example createSecurity({ datastore, config: uncheckedConfig(JSON.parse(readFileSync('security.json', 'utf8'))) })
 */
export function uncheckedConfig(options: Readonly<Record<string, unknown>>): UncheckedConfig {
  return { ...options } as unknown as UncheckedConfig;
}

const PREFIX = 'SECURITY_';

/**
 * Collects every `SECURITY_*` variable (plus Flask's `SECRET_KEY`) under its camelCase option name,
 * ready for resolveConfig, which validates it and reports unknown names. Values are JSON when they
 * parse as JSON (`true`, `3600`, `["session","basic"]`, `null`) and strings otherwise, so durations
 * may be `3600` or `"15m"`. String options keep the raw text (only `null` is special, and only where
 * null is allowed) so a secret or a realm that happens to look like a number stays a string.
 * `defaults` are the app's own settings; a variable that is set wins over them.
 *
 * @example
 * const config = configFromEnv(process.env, { externalUrl: 'https://example.com', trackable: true });
 * createSecurity({ datastore, config });
 */
export function configFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  defaults: SecurityConfigInput = {},
): UncheckedConfig {
  return uncheckedConfig({ ...defaults, ...readEnvOptions(env) });
}

/**
 * The variables configFromEnv reads, by option name, not yet validated (internal: the CLI checks a
 * few of them itself).
 *
 * @example readEnvOptions({ SECURITY_TRACKABLE: 'true' }) // { trackable: true }
 */
export function readEnvOptions(env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || !name.startsWith(PREFIX) || name.length === PREFIX.length) continue;
    const option = snakeToCamel(name.slice(PREFIX.length));
    config[option] = parseEnvValue(option, raw);
  }
  // Flask's own name; SECURITY_SECRET_KEY, when also set, is the more specific and wins.
  const secretKey = env.SECRET_KEY;
  if (secretKey !== undefined && !Object.hasOwn(config, 'secretKey')) config.secretKey = secretKey;
  // The usual name of a Redis URL (as the demo reads it); SECURITY_REDIS_URL wins when both are set.
  const redisUrl = env.REDIS_URL;
  if (redisUrl !== undefined && redisUrl !== '' && !Object.hasOwn(config, 'redisUrl'))
    config.redisUrl = redisUrl;
  return config;
}

function parseEnvValue(option: string, raw: string): unknown {
  const specs: Readonly<Record<string, OptionSpec>> = OPTION_SPECS;
  const spec = Object.hasOwn(specs, option) ? specs[option] : undefined;
  if (spec?.kind === 'string') return spec.nullable === true && raw === 'null' ? null : raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
