/**
 * Message keys and default texts. Keys are Flask-Security's SECURITY_MSG_* names so wire errors map
 * 1:1; the texts are the ones SPA clients of Flask-Security already match on.
 */
export const MESSAGES = {
  UNAUTHENTICATED: 'You are not authenticated. Please supply the correct credentials.',
  UNAUTHORIZED: 'You do not have permission to view this resource.',
  REAUTHENTICATION_REQUIRED: 'You must re-authenticate to access this endpoint',
  LOGIN: 'Please log in to access this page.',
  INVALID_PASSWORD: 'Invalid password',
  PASSWORD_NOT_PROVIDED: 'Password not provided',
  USER_DOES_NOT_EXIST: 'Specified user does not exist',
  EMAIL_NOT_PROVIDED: 'Email not provided',
  IDENTITY_NOT_PROVIDED: 'Identity not provided',
  INVALID_EMAIL_ADDRESS: 'Invalid email address',
  IDENTITY_TOO_LONG: 'Identity is too long',
  DISABLED_ACCOUNT: 'Account is disabled.',
  CONFIRMATION_REQUIRED: 'Email requires confirmation.',
  GENERIC_AUTHN_FAILED: 'Authentication failed - identity or password/passcode invalid',
  ANONYMOUS_USER_REQUIRED: 'You can only access this endpoint when not logged in.',
  INVALID_REDIRECT: 'Redirections outside the domain are forbidden',
  REAUTHENTICATION_SUCCESSFUL: 'Reauthentication successful',
  CSRF_MISSING: 'The CSRF token is missing.',
  CSRF_INVALID: 'The CSRF token is invalid.',
  CSRF_MISMATCH: 'The CSRF tokens do not match.',
  CSRF_EXPIRED: 'The CSRF token has expired.',
  CSRF_CROSS_ORIGIN: 'Cross-site request refused.',
  BAD_REQUEST_JSON: 'The request body is not valid JSON.',
  BAD_REQUEST_NOT_OBJECT: 'The request body must be a JSON object.',
  BAD_REQUEST_ENCODING: 'The request body is not valid UTF-8.',
  BAD_REQUEST_CONTENT_TYPE: 'Unsupported content type.',
  BAD_REQUEST_NULL_BYTE: 'The request contains a null character.',
  BAD_REQUEST_FIELD_TYPE: 'Not a valid value.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  METHOD_NOT_ALLOWED: 'Method not allowed.',
  // Account lifecycle ({name} placeholders are filled by formatMessage)
  CONFIRM_REGISTRATION: 'Thank you. Confirmation instructions have been sent to {email}.',
  REGISTRATION_COMPLETE: 'Thank you for registering.',
  EMAIL_ALREADY_ASSOCIATED: '{email} is already associated with an account.',
  USERNAME_ALREADY_ASSOCIATED: '{username} is already associated with an account.',
  EMAIL_CONFIRMED: 'Thank you. Your email has been confirmed.',
  ALREADY_CONFIRMED: 'Your email has already been confirmed.',
  INVALID_CONFIRMATION_TOKEN: 'Invalid confirmation token.',
  CONFIRMATION_REQUEST: 'Confirmation instructions have been sent to {email}.',
  CONFIRMATION_EXPIRED: 'You did not confirm your email within {within}.',
  PASSWORD_RESET_REQUEST: 'Instructions to reset your password have been sent to {email}.',
  PASSWORD_RESET_EXPIRED: 'You did not reset your password within {within}.',
  INVALID_RESET_PASSWORD_TOKEN: 'Invalid reset password token.',
  PASSWORD_RESET: 'You successfully reset your password.',
  PASSWORD_RESET_NO_LOGIN:
    'You successfully reset your password. Please authenticate using your new password.',
  PASSWORD_CHANGE: 'You successfully changed your password.',
  PASSWORD_IS_THE_SAME: 'Your new password must be different than your previous password.',
  RETYPE_PASSWORD_MISMATCH: 'Passwords do not match',
  PASSWORD_INVALID_LENGTH: 'Password must be at least {length} characters',
  USERNAME_CHANGE: 'You successfully changed your username',
  USERNAME_INVALID_LENGTH: 'Username must be at least {min} characters and less than {max} characters',
  USERNAME_ILLEGAL_CHARACTERS: 'Username contains illegal characters',
  USERNAME_DISALLOWED_CHARACTERS: 'Username can contain only letters and numbers',
  USERNAME_NOT_PROVIDED: 'Username not provided',
  USERNAME_RECOVERY_REQUEST: 'If registered, your username will be sent to your email.',
  CHANGE_EMAIL_SENT: 'Instructions to confirm your new email address have been sent to {email}.',
  CHANGE_EMAIL_CONFIRMED: 'Change of email address confirmed',
  CHANGE_EMAIL_EXPIRED: 'Confirmation must be completed within {within}. Please start over.',
  INVALID_CHANGE_EMAIL_TOKEN: 'Invalid change email token.',
  // Two-factor
  TWO_FACTOR_INVALID_TOKEN: 'Invalid code',
  TWO_FACTOR_CODE_REQUIRED: 'This field is required.',
  TWO_FACTOR_LOGIN_SUCCESSFUL: 'Your code has been confirmed',
  TWO_FACTOR_CHANGE_METHOD_SUCCESSFUL: 'You successfully changed your two-factor method.',
  TWO_FACTOR_PERMISSION_DENIED: 'You currently do not have permissions to access this page',
  TWO_FACTOR_METHOD_NOT_AVAILABLE: 'Marked method is not valid',
  TWO_FACTOR_DISABLED: 'You successfully disabled two factor authorization.',
  /** Barbican's: upstream allows unlimited guesses. */
  TWO_FACTOR_TOO_MANY_ATTEMPTS: 'Too many codes were tried. Please sign in again.',
  /** Barbican's: upstream allows unlimited guesses at a setup code too. */
  TWO_FACTOR_SETUP_TOO_MANY_ATTEMPTS: 'Too many codes were tried. Please choose the method again.',
  TWO_FACTOR_RESCUE_CHOICE_INVALID: 'Not a valid choice.',
  INVALID_RECOVERY_CODE: 'Recovery code invalid',
  PHONE_INVALID: 'Phone number not valid',
  SMS_UNAVAILABLE: 'The code could not be sent by SMS. Try again shortly.',
  // WebAuthn
  API_ERROR: 'Input not appropriate for requested API',
  WEBAUTHN_EXPIRED: 'WebAuthn operation must be completed within {within}. Please start over.',
  WEBAUTHN_NAME_REQUIRED: 'Nickname for new credential is required.',
  WEBAUTHN_NAME_INUSE: '{name} is already associated with a credential.',
  WEBAUTHN_NAME_NOT_FOUND: '{name} not registered with current user.',
  /** Barbican's: upstream sets no limit. */
  WEBAUTHN_NAME_TOO_LONG: 'Nickname must be at most {max} characters.',
  /** Barbican's: upstream sets no limit. */
  WEBAUTHN_NAME_INVALID: 'Nickname contains characters that are not allowed.',
  WEBAUTHN_CREDENTIAL_DELETED: 'Successfully deleted WebAuthn credential with name: {name}',
  WEBAUTHN_REGISTER_SUCCESSFUL: 'Successfully added WebAuthn credential with name: {name}',
  WEBAUTHN_CREDENTIAL_ID_INUSE: 'WebAuthn credential id already registered.',
  WEBAUTHN_UNKNOWN_CREDENTIAL_ID: 'Unregistered WebAuthn credential id.',
  WEBAUTHN_ORPHAN_CREDENTIAL_ID: "WebAuthn credential doesn't belong to any user.",
  WEBAUTHN_NO_VERIFY: 'Could not verify WebAuthn credential: {cause}.',
  WEBAUTHN_CREDENTIAL_WRONG_USAGE: 'Credential not registered for this use (first or secondary)',
  WEBAUTHN_MISMATCH_USER_HANDLE: "Credential user handle didn't match",
  /** Barbican's: a sign count that went backwards (a cloned authenticator?) refuses the key. */
  WEBAUTHN_COUNTER_REGRESSED:
    'This credential reported a use count that went backwards and is refused. Delete it and register it again.',
  /** Barbican's: upstream lets a user delete the only way into the account. */
  WEBAUTHN_LAST_WAY_IN:
    'This is the only way into your account: set a password or add another credential first.',
  // Unified sign-in
  US_SPECIFY_IDENTITY: 'You must specify a valid identity to sign in',
  INVALID_PASSWORD_CODE: 'Password or code submitted is not valid',
  US_METHOD_NOT_AVAILABLE: 'Requested method is not valid',
  US_CHOICE_INVALID: 'Not a valid choice.',
  US_SETUP_EXPIRED: 'Setup must be completed within the time allowed. Please start over.',
  US_SETUP_SUCCESSFUL: 'Unified sign in setup successful',
  /** Barbican's: upstream lets a user without a password remove the last way in. */
  US_LAST_METHOD: 'This is the only way into your account: set a password or another sign-in method first.',
  /** Barbican's: a setup waits in the server-side session, which a token-only request has not. */
  US_SETUP_SESSION_REQUIRED: 'Setting up a sign-in method needs a signed-in browser session.',
  /** Barbican's: a setup allows twoFactorMaxAttempts codes, then must be started again. */
  US_SETUP_TOO_MANY_ATTEMPTS: 'Too many codes were tried. Please start the setup again.',
  US_PHONE_ALREADY_ASSOCIATED: 'This phone number is already associated with an account.',
  CODE_HAS_BEEN_SENT: 'Code has been sent.',
  GENERIC_US_SIGNIN: 'If that identity is in our system, you were sent a code.',
  INVALID_CODE: 'Invalid code',
  PASSWORDLESS_LOGIN_SUCCESSFUL: 'You have successfully logged in.',
  /** Barbican's: until the rate limiter guards send-code, one code per usSendCodeMinInterval. */
  /** Barbican's: with usMagicLinkSameBrowser, a link opened elsewhere is refused. */
  US_LINK_OTHER_BROWSER: 'This sign-in link works only in the browser that asked for it.',
  US_SEND_CODE_TOO_SOON:
    'A code was sent moments ago. Please wait {seconds} seconds before asking for another.',
} as const;

export type MessageKey = keyof typeof MESSAGES;

/** Fills `{name}` placeholders; values are inserted as given (the responder escapes HTML). */
export function formatMessage(
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return MESSAGES[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
