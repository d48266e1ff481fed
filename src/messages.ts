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
} as const;

export type MessageKey = keyof typeof MESSAGES;
