/** Input of POST /recover-username: the account's email address. */
import { type Checked, normalizeEmail } from '../../auth/identity-input.js';
import { type BodyFields, stringField } from '../../http/body.js';

export function parseRecoverUsernameInput(body: BodyFields): Checked & { readonly typed: string } {
  const typed = stringField(body, 'email') ?? '';
  return { ...normalizeEmail(typed), typed };
}
