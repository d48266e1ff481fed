/** Input of POST /change: password (the current one), new_password, new_password_confirm. */
import { type BodyFields, stringField } from '../../http/body.js';
import type { FieldError } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';

export interface ChangeInput {
  readonly password: string | undefined;
  readonly newPassword: string | undefined;
  readonly newPasswordConfirm: string | undefined;
}

export function parseChangeInput(body: BodyFields): ChangeInput {
  return {
    password: stringField(body, 'password'),
    newPassword: stringField(body, 'new_password'),
    newPasswordConfirm: stringField(body, 'new_password_confirm'),
  };
}

/** The field checks that run before the current password is looked at (upstream's order). */
export function newPasswordPairErrors(input: ChangeInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.newPassword) errors.push({ field: 'new_password', message: MESSAGES.PASSWORD_NOT_PROVIDED });
  if (!input.newPasswordConfirm) {
    errors.push({ field: 'new_password_confirm', message: MESSAGES.PASSWORD_NOT_PROVIDED });
  } else if (input.newPassword !== input.newPasswordConfirm) {
    errors.push({ field: 'new_password_confirm', message: MESSAGES.RETYPE_PASSWORD_MISMATCH });
  }
  return errors;
}
