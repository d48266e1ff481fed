/** Input of POST /change-username: the new username through the username rules. */
import { type Checked, normalizeUsername } from '../../auth/identity-input.js';
import type { SecurityConfig } from '../../config/options.js';
import { type BodyFields, stringField } from '../../http/body.js';

export function parseChangeUsernameInput(
  body: BodyFields,
  config: SecurityConfig,
): Checked & { readonly typed: string } {
  const typed = stringField(body, 'username') ?? '';
  return { ...normalizeUsername(typed, config), typed };
}
