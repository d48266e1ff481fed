/** Input of POST /confirm (the email to send new instructions to) and POST /confirm/<token>. */
import { normalizeEmail } from '../../auth/identity-input.js';
import { type BodyFields, stringField } from '../../http/body.js';

export type ConfirmRequestInput =
  | { readonly ok: true; readonly email: string }
  | { readonly ok: false; readonly email: string; readonly message: string };

export function parseConfirmRequest(body: BodyFields): ConfirmRequestInput {
  const raw = stringField(body, 'email') ?? '';
  const email = normalizeEmail(raw);
  return email.ok ? { ok: true, email: email.value } : { ok: false, email: raw, message: email.message };
}
