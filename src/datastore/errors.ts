/** Typed failures of a datastore call: callers branch on `code`, never on message text. */

export type DatastoreErrorCode =
  | 'USER_EXISTS'
  | 'USER_NOT_FOUND'
  | 'ROLE_EXISTS'
  | 'ROLE_NOT_FOUND'
  | 'SESSION_EXISTS'
  | 'LINK_TOKEN_EXISTS'
  /** The user already has a WebAuthn credential of that name. */
  | 'WEBAUTHN_NAME_EXISTS'
  /** The WebAuthn credential id is registered already (to this user or another). */
  | 'WEBAUTHN_CREDENTIAL_EXISTS'
  /** A unified-sign-in phone number (an identity) another user already holds. */
  | 'PHONE_EXISTS'
  /** Opened with `migrate: false` on a database behind the shipped schema: run `barbican db migrate`. */
  | 'SCHEMA_OUTDATED';

/**
 * Thrown when a datastore call cannot do what was asked (a unique value taken, a role missing).
 *
 * @example
 * try { await store.createUser({ email }); }
 * catch (error) { if (error instanceof DatastoreError && error.code === 'USER_EXISTS') { ... } }
 */
export class DatastoreError extends Error {
  readonly code: DatastoreErrorCode;

  constructor(code: DatastoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatastoreError';
    this.code = code;
  }
}
