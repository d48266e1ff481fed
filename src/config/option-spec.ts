/** The shape of one configuration option's description; the single table drives validation, env and docs. */

export type OptionKind =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'number'
  | 'duration'
  | 'string-list'
  | 'function'
  | 'object';

export interface OptionSpec<T = unknown> {
  readonly kind: OptionKind;
  readonly default: T;
  /** Null is an accepted value (Flask-Security's None). */
  readonly nullable?: boolean;
  /** Allowed values for string options and string-list items. */
  readonly choices?: readonly string[];
  /** One sentence for docs/configuration.md. */
  readonly doc: string;
  /** Where the option comes from: Flask-Security itself, Flask/Flask-Login/Flask-WTF, or Barbican. */
  readonly origin: 'flask-security' | 'flask' | 'barbican';
}

export const MINUTE = 60;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Declares one option with its value type (identity at run time; the type is what matters). */
export function opt<T>(spec: OptionSpec<T>): OptionSpec<T> {
  return spec;
}
