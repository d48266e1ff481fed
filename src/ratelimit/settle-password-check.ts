/** Tells an admitted attempt what a password check found; only a compared secret counts. */
import type { PasswordCheckFailure } from '../auth/password-check.js';
import type { AttemptOutcome } from './rate-limiter.js';

/** Failures where a secret was compared (or an unknown identity was tried, which must look the same). */
const GUESSES: ReadonlySet<PasswordCheckFailure> = new Set(['INVALID_PASSWORD', 'USER_DOES_NOT_EXIST']);

export function settlePasswordCheck(
  attempt: AttemptOutcome | null,
  result: { readonly ok: true } | { readonly ok: false; readonly reason: PasswordCheckFailure },
): Promise<void> {
  if (!attempt) return Promise.resolve();
  if (result.ok) return attempt.succeeded();
  return GUESSES.has(result.reason) ? attempt.failed() : attempt.cancelled();
}
