/** Reads configuration from environment variables, as a Flask app reads SECURITY_* keys. */

import { snakeToCamel } from './option-names.js';
import type { OptionSpec } from './option-spec.js';
import { OPTION_SPECS } from './options.js';

const PREFIX = 'SECURITY_';

/**
 * Collects every `SECURITY_*` variable (plus Flask's `SECRET_KEY`) under its camelCase option name,
 * ready for resolveConfig, which validates it and reports unknown names. Values are JSON when they
 * parse as JSON (`true`, `3600`, `["session","basic"]`, `null`) and strings otherwise, so durations
 * may be `3600` or `"15m"`. String options keep the raw text (only `null` is special, and only where
 * null is allowed) so a secret or a realm that happens to look like a number stays a string.
 *
 * @example
 * configFromEnv({ SECRET_KEY: '…', SECURITY_TOKEN_MAX_AGE: '15m', SECURITY_TRACKABLE: 'true' })
 * // { secretKey: '…', tokenMaxAge: '15m', trackable: true }
 */
export function configFromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || !name.startsWith(PREFIX) || name.length === PREFIX.length) continue;
    const option = snakeToCamel(name.slice(PREFIX.length));
    config[option] = parseEnvValue(option, raw);
  }
  // Flask's own name; SECURITY_SECRET_KEY, when also set, is the more specific and wins.
  const secretKey = env.SECRET_KEY;
  if (secretKey !== undefined && !Object.hasOwn(config, 'secretKey')) config.secretKey = secretKey;
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
