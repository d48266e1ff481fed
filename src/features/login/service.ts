/** The domain step of a password login: check the credentials and say what the caller may learn. */
import { checkPassword, type PasswordCheckFailure } from '../../auth/password-check.js';
import type { SecurityCore } from '../../core.js';
import type { User } from '../../datastore/types.js';
import type { FieldError } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';

const FAILURE_MESSAGES: Record<PasswordCheckFailure, string> = {
  IDENTITY_NOT_PROVIDED: MESSAGES.EMAIL_NOT_PROVIDED,
  IDENTITY_TOO_LONG: MESSAGES.IDENTITY_TOO_LONG,
  INVALID_EMAIL_ADDRESS: MESSAGES.INVALID_EMAIL_ADDRESS,
  USER_DOES_NOT_EXIST: MESSAGES.USER_DOES_NOT_EXIST,
  PASSWORD_NOT_PROVIDED: MESSAGES.PASSWORD_NOT_PROVIDED,
  INVALID_PASSWORD: MESSAGES.INVALID_PASSWORD,
  CONFIRMATION_REQUIRED: MESSAGES.CONFIRMATION_REQUIRED,
  DISABLED_ACCOUNT: MESSAGES.DISABLED_ACCOUNT,
};

export type LoginAttempt =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly reason: PasswordCheckFailure; readonly error: FieldError };

/**
 * With returnGenericResponses every failure, including a disabled or unconfirmed account after a
 * correct password, is the same form-level error: stricter than Flask-Security 5.1.2, which
 * reveals those two states.
 */
export async function attemptPasswordLogin(
  core: SecurityCore,
  identity: string | undefined,
  password: string | undefined,
): Promise<LoginAttempt> {
  const result = await checkPassword(core, identity, password);
  if (result.ok) return result;
  if (core.config.returnGenericResponses) {
    return { ok: false, reason: result.reason, error: { field: '', message: MESSAGES.GENERIC_AUTHN_FAILED } };
  }
  return {
    ok: false,
    reason: result.reason,
    error: { field: result.field, message: FAILURE_MESSAGES[result.reason] },
  };
}
