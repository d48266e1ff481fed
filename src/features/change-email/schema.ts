/** Input of POST /change-email: the new address, normalized and checked for shape. */
import { type Checked, normalizeEmail } from '../../auth/identity-input.js';
import { type BodyFields, stringField } from '../../http/body.js';

export function parseChangeEmailInput(body: BodyFields): Checked & { readonly typed: string } {
  const typed = stringField(body, 'email') ?? '';
  return { ...normalizeEmail(typed), typed };
}
