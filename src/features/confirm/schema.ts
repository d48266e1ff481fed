/** Input of POST /confirm (the email to send new instructions to) and POST /confirm/<token>. */
import { normalizeEmail } from '../../auth/identity-input.js';
import { type BodyFields, stringField } from '../../http/body.js';
import type { FieldError } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';

export type ConfirmRequestInput =
  | { readonly ok: true; readonly email: string }
  | { readonly ok: false; readonly email: string; readonly message: string };

export function parseConfirmRequest(body: BodyFields): ConfirmRequestInput {
  const raw = stringField(body, 'email') ?? '';
  const email = normalizeEmail(raw);
  return email.ok ? { ok: true, email: email.value } : { ok: false, email: raw, message: email.message };
}

/** Input of POST /confirm/<token>: the password the first confirmation sets, typed twice. */
export interface ConfirmPasswordInput {
  readonly password: string | undefined;
  readonly passwordConfirm: string | undefined;
}

export function parseConfirmPassword(body: BodyFields): ConfirmPasswordInput {
  return { password: stringField(body, 'password'), passwordConfirm: stringField(body, 'password_confirm') };
}

/** Both fields present and equal, before the password policy (as the reset form). */
export function passwordPairErrors(input: ConfirmPasswordInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.password) errors.push({ field: 'password', message: MESSAGES.PASSWORD_NOT_PROVIDED });
  if (!input.passwordConfirm) {
    errors.push({ field: 'password_confirm', message: MESSAGES.PASSWORD_NOT_PROVIDED });
  } else if (input.password !== input.passwordConfirm) {
    errors.push({ field: 'password_confirm', message: MESSAGES.RETYPE_PASSWORD_MISMATCH });
  }
  return errors;
}
