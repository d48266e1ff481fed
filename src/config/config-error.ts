/** The one error bad configuration throws at start-up; it always names the option. */
import { BarbicanError } from '../errors.js';

export type ConfigErrorCode = 'CONFIG_UNKNOWN_OPTION' | 'CONFIG_INVALID_VALUE' | 'CONFIG_MISSING';

/**
 * Thrown by resolveConfig for an unknown option, a value of the wrong shape, or a missing required one.
 * Messages say what was expected; they never contain the value of a secret.
 *
 * @example
 * try { resolveConfig(input) } catch (e) { if (e instanceof ConfigError) console.error(e.option, e.code) }
 */
export class ConfigError extends BarbicanError {
  declare readonly code: ConfigErrorCode;
  readonly option: string;

  constructor(code: ConfigErrorCode, option: string, message: string) {
    super(code, message);
    this.name = 'ConfigError';
    this.option = option;
  }
}

/** Options whose values must never reach a message or a log line. */
const SECRET_OPTIONS = new Set(['secretKey', 'passwordSalt', 'secretKeyFallbacks']);

const SHOWN_VALUE_MAX_LENGTH = 40;

/** How an error message shows a rejected value: its type, plus the value itself unless it is a secret. */
export function describeValue(value: unknown, option: string): string {
  const type = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  if (SECRET_OPTIONS.has(option) || typeof value === 'function' || value === null) return type;
  let shown: string | undefined;
  try {
    shown = JSON.stringify(value);
  } catch {
    shown = undefined;
  }
  if (shown === undefined) return type;
  const clipped =
    shown.length > SHOWN_VALUE_MAX_LENGTH ? `${shown.slice(0, SHOWN_VALUE_MAX_LENGTH)}…` : shown;
  return `${type} (${clipped})`;
}

/** The CONFIG_INVALID_VALUE error every check throws: `option "x" expects …; got …`. */
export function invalidValue(option: string, expected: string, value: unknown): ConfigError {
  return new ConfigError(
    'CONFIG_INVALID_VALUE',
    option,
    `Barbican: option "${option}" expects ${expected}; got ${describeValue(value, option)}.`,
  );
}
