/**
 * Breached-password check against the Have I Been Pwned range API (Flask-Security's
 * PASSWORD_CHECK_BREACHED), as NIST SP 800-63B §5.1.1.2 asks of verifiers.
 *
 * k-anonymity: only the first 5 hex characters of the SHA-1 leave the process; the service
 * answers with every suffix under that prefix and the match is made here.
 * https://haveibeenpwned.com/API/v3#SearchingPwnedPasswordsByRange
 */

import { createHash } from 'node:crypto';
import type { PasswordProblem } from './types.js';

export const DEFAULT_PASSWORD_BREACHED_URL = 'https://api.pwnedpasswords.com/range/';
export const DEFAULT_PASSWORD_BREACHED_TIMEOUT_MS = 5_000;

export type PasswordBreachedMode = 'strict' | 'best-effort';

export interface PasswordBreachedOptions {
  /** Range endpoint; the 5-character prefix is appended. Defaults to {@link DEFAULT_PASSWORD_BREACHED_URL}. */
  readonly baseUrl?: string;
  /** Refuse when the password was seen at least this many times (passwordBreachedCount). Defaults to 1. */
  readonly threshold?: number;
  /** When the service cannot be reached: 'strict' refuses the password, 'best-effort' lets it pass. */
  readonly mode: PasswordBreachedMode;
  readonly timeoutMs?: number;
  /** Injected for tests and proxies; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

const SITE_ERROR: PasswordProblem = Object.freeze({
  code: 'PASSWORD_BREACHED_SITE_ERROR',
  message: 'Failed to contact breached passwords site',
});
const BREACHED: PasswordProblem = Object.freeze({
  code: 'PASSWORD_BREACHED',
  message: 'Password on breached list',
});
const RANGE_LINE = /^([0-9A-F]{35}):(\d+)$/i;

/**
 * Times `suffix` appears in a range response, or null when the body is not a range response
 * (a captive portal's 200 page must not read as "not breached").
 */
function countInRange(body: string, suffix: string): number | null {
  let sawEntry = false;
  let count = 0;
  for (const line of body.split('\n')) {
    const match = RANGE_LINE.exec(line.trim());
    if (!match) {
      continue;
    }
    sawEntry = true;
    // Padding entries (Add-Padding: true) carry a count of 0 and never match a real breach.
    if (match[1]?.toUpperCase() === suffix) {
      count = Number(match[2]);
    }
  }
  return sawEntry ? count : null;
}

async function fetchRange(url: string, options: PasswordBreachedOptions): Promise<string | null> {
  const fetchFn = options.fetch ?? fetch;
  try {
    const response = await fetchFn(url, {
      // Padding hides the true size of the answer, which would otherwise hint at the prefix.
      headers: { 'Add-Padding': 'true', 'User-Agent': 'Barbican' },
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_PASSWORD_BREACHED_TIMEOUT_MS),
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return null;
    }
    return await response.text();
  } catch {
    // Network failure, DNS failure or timeout: all mean "could not check".
    return null;
  }
}

/**
 * Refuses passwords found in the breach corpus at least `threshold` times.
 *
 * @example await passwordBreachedValidator('password', { mode: 'strict' }) // [{ code: 'PASSWORD_BREACHED', … }]
 */
export async function passwordBreachedValidator(
  password: string,
  options: PasswordBreachedOptions,
): Promise<PasswordProblem[] | null> {
  const { mode, threshold = 1, baseUrl = DEFAULT_PASSWORD_BREACHED_URL } = options;
  if (mode !== 'strict' && mode !== 'best-effort') {
    throw new RangeError(`passwordCheckBreached must be 'strict' or 'best-effort', got ${String(mode)}`);
  }
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`passwordBreachedCount must be an integer >= 1, got ${threshold}`);
  }
  const digest = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
  const prefix = digest.slice(0, 5);
  const separator = baseUrl.endsWith('/') ? '' : '/';
  const body = await fetchRange(`${baseUrl}${separator}${prefix}`, options);
  const count = body === null ? null : countInRange(body, digest.slice(5));
  if (count === null) {
    return mode === 'strict' ? [SITE_ERROR] : null;
  }
  return count >= threshold ? [BREACHED] : null;
}
