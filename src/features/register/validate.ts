/**
 * The field rules of registration: email and username normalized and checked, the password through
 * PasswordUtil (with the identity as user inputs), and the retyped password. Every problem is
 * collected, so a form shows them all at once.
 */
import { normalizeEmail, normalizeUsername } from '../../auth/identity-input.js';
import type { RequestState } from '../../context.js';
import type { FieldError } from '../../http/responder.js';
import { MESSAGES } from '../../messages.js';
import { checkNewPassword } from '../form-helpers.js';
import type { RegisterInput } from './schema.js';

export interface CheckedRegistration {
  readonly errors: readonly FieldError[];
  /** Normalized values; null when missing or invalid (username: also when not given). */
  readonly email: string | null;
  readonly username: string | null;
  readonly password: string | null;
  /** True when the registrant chose no password (unifiedSignin, passwordRequired false). */
  readonly passwordless: boolean;
}

function checkUsername(
  state: RequestState,
  raw: string | undefined,
): { value: string | null; error?: string } {
  const { config } = state.core;
  if (!config.usernameEnable) return { value: null };
  if (!raw?.trim() && !config.usernameRequired) return { value: null };
  const username = normalizeUsername(raw, config);
  return username.ok ? { value: username.value } : { value: null, error: username.message };
}

export async function validateRegistration(
  state: RequestState,
  input: RegisterInput,
): Promise<CheckedRegistration> {
  const { core } = state;
  const errors: FieldError[] = [];
  const email = normalizeEmail(input.email);
  if (!email.ok) errors.push({ field: 'email', message: email.message });
  const username = checkUsername(state, input.username);
  if (username.error) errors.push({ field: 'username', message: username.error });

  const userInputs = [email.ok ? email.value : input.email, username.value ?? input.username].filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  // unifiedSignin with passwordRequired false: a registrant may leave the password out and sign in by code.
  const passwordOptional = core.config.unifiedSignin && !core.config.passwordRequired;
  const skipPassword = passwordOptional && !input.password?.trim() && !input.passwordConfirm?.trim();
  const password = skipPassword
    ? null
    : await checkNewPassword(state, input.password, { field: 'password', isRegister: true, userInputs });
  if (password && !password.ok) errors.push(...password.errors);

  const confirmRequired = input.formPost && core.config.passwordConfirmRequired && !skipPassword;
  if (input.passwordConfirm === undefined || input.passwordConfirm === '') {
    if (confirmRequired) errors.push({ field: 'password_confirm', message: MESSAGES.PASSWORD_NOT_PROVIDED });
  } else if (
    core.passwordUtil.normalize(input.passwordConfirm) !== core.passwordUtil.normalize(input.password ?? '')
  ) {
    errors.push({ field: 'password_confirm', message: MESSAGES.RETYPE_PASSWORD_MISMATCH });
  }

  return {
    errors,
    email: email.ok ? email.value : null,
    username: username.value,
    password: password?.ok ? password.normalized : null,
    passwordless: skipPassword,
  };
}
