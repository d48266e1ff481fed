/** Password length policy, counted in Unicode code points of the normalized password. */

import type { PasswordProblem } from './types.js';

/**
 * The longest password accepted by default. Argon2 has no 72-byte limit, so this only bounds
 * the work one request can cause (normalization, zxcvbn, hashing); 128 matches Flask-Security's
 * fixed cap and leaves room for long passphrases (NIST SP 800-63B asks for at least 64).
 */
export const DEFAULT_PASSWORD_LENGTH_MAX = 128;

export interface PasswordLengthOptions {
  readonly min: number;
  /** Defaults to {@link DEFAULT_PASSWORD_LENGTH_MAX}. */
  readonly max?: number;
}

/**
 * Refuses passwords shorter than `min` or longer than `max` code points.
 *
 * Code points, not UTF-16 units, so an emoji counts as one character as the user sees it.
 *
 * @example passwordLengthValidator('short', { min: 8 }) // [{ code: 'PASSWORD_INVALID_LENGTH', … }]
 */
export function passwordLengthValidator(
  password: string,
  options: PasswordLengthOptions,
): PasswordProblem[] | null {
  const { min, max = DEFAULT_PASSWORD_LENGTH_MAX } = options;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
    throw new RangeError(`password length bounds must be integers with 0 <= min <= max, got ${min}..${max}`);
  }
  let length = 0;
  for (const _ of password) {
    length += 1;
    // Stop early: a megabyte-long input should cost no more than max + 1 steps.
    if (length > max) {
      break;
    }
  }
  if (length < min) {
    return [{ code: 'PASSWORD_INVALID_LENGTH', message: `Password must be at least ${min} characters` }];
  }
  if (length > max) {
    return [{ code: 'PASSWORD_TOO_LONG', message: `Password must be at most ${max} characters` }];
  }
  return null;
}
