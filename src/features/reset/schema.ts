/** Input of POST /reset (email) and POST /reset/<token> (password, password_confirm). */
import { type BodyFields, stringField } from '../../http/body.js';
import type { FieldError } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';

export interface ForgotInput {
  readonly email: string | undefined;
}

export function parseForgotInput(body: BodyFields): ForgotInput {
  return { email: stringField(body, 'email') };
}

export interface ResetInput {
  readonly password: string | undefined;
  readonly passwordConfirm: string | undefined;
}

export function parseResetInput(body: BodyFields): ResetInput {
  return {
    password: stringField(body, 'password'),
    passwordConfirm: stringField(body, 'password_confirm'),
  };
}

/** The checks before the password policy: both fields present and equal (upstream's form order). */
export function passwordPairErrors(input: ResetInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.password) errors.push({ field: 'password', message: MESSAGES.PASSWORD_NOT_PROVIDED });
  if (!input.passwordConfirm) {
    errors.push({ field: 'password_confirm', message: MESSAGES.PASSWORD_NOT_PROVIDED });
  } else if (input.password !== input.passwordConfirm) {
    errors.push({ field: 'password_confirm', message: MESSAGES.RETYPE_PASSWORD_MISMATCH });
  }
  return errors;
}
