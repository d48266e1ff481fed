/**
 * A new password typed twice (reset, first confirmation): both fields present and equal in
 * upstream's form order, then the password policy with the account's identities as user inputs.
 */
import type { RequestState } from '../context.js';
import type { User } from '../datastore/types.js';
import { type BodyFields, stringField } from '../http/body.js';
import type { FieldError } from '../http/responder.js';
import { MESSAGES } from '../messages.js';
import { checkNewPassword } from './form-helpers.js';

export interface NewPasswordPair {
  readonly password: string | undefined;
  readonly passwordConfirm: string | undefined;
}

export function parseNewPasswordPair(body: BodyFields): NewPasswordPair {
  return { password: stringField(body, 'password'), passwordConfirm: stringField(body, 'password_confirm') };
}

export function passwordPairErrors(input: NewPasswordPair): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.password) errors.push({ field: 'password', message: MESSAGES.PASSWORD_NOT_PROVIDED });
  if (!input.passwordConfirm) {
    errors.push({ field: 'password_confirm', message: MESSAGES.PASSWORD_NOT_PROVIDED });
  } else if (input.password !== input.passwordConfirm) {
    errors.push({ field: 'password_confirm', message: MESSAGES.RETYPE_PASSWORD_MISMATCH });
  }
  return errors;
}

/** The pair's errors, else the policy's, else the normalized password for the user. */
export async function checkNewPasswordPair(
  state: RequestState,
  input: NewPasswordPair,
  user: User,
): Promise<{ ok: true; normalized: string } | { ok: false; errors: FieldError[] }> {
  const pairErrors = passwordPairErrors(input);
  if (pairErrors.length > 0) return { ok: false, errors: pairErrors };
  const userInputs = [user.email, ...(user.username ? [user.username] : [])];
  return checkNewPassword(state, input.password, { field: 'password', isRegister: false, userInputs });
}
