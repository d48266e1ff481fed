/** The storage contract features reach users, roles, sessions, mail and link tokens through. */
import type { OneTimeCodeStore } from '../one-time-code/one-time-code-store.js';
import type { SessionManagementStore, SessionMetadata } from './session-management.js';
import type { UnifiedSigninStore } from './unified-signin-types.js';
import type { WebAuthnStore } from './webauthn-types.js';

/** A user as the library sees it. Column names follow Flask-Security's model, camel-cased. */
export interface User {
  readonly id: number;
  readonly email: string;
  readonly username: string | null;
  /** PHC string (argon2id) or a legacy bcrypt hash; null for password-less accounts. */
  readonly password: string | null;
  readonly active: boolean;
  readonly fsUniquifier: string;
  readonly fsTokenUniquifier: string | null;
  readonly confirmedAt: Date | null;
  readonly lastLoginAt: Date | null;
  readonly currentLoginAt: Date | null;
  readonly lastLoginIp: string | null;
  readonly currentLoginIp: string | null;
  readonly loginCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** The second factor the user set up ('authenticator', 'email'), or null for none. */
  readonly tfPrimaryMethod: string | null;
  /** The authenticator secret, sealed under totpSecrets (never the plain secret). */
  readonly tfTotpSecret: string | null;
  /** The last TOTP step accepted, so a code works once (replay refusal). */
  readonly tfTotpLastStep: number | null;
  /** E.164, for the sms method. */
  readonly tfPhoneNumber: string | null;
}

export interface Role {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  /** Sorted, de-duplicated permission names. */
  readonly permissions: readonly string[];
}

export interface CreateUserInput {
  email: string;
  username?: string | null;
  /** Already hashed: the datastore never sees a plaintext password. */
  password?: string | null;
  active?: boolean;
  confirmedAt?: Date | null;
  /** Role names; each must exist. */
  roles?: readonly string[];
}

/** Columns a feature may change directly (tracking, password, confirmation, …). */
export interface UserPatch {
  email?: string;
  username?: string | null;
  password?: string | null;
  confirmedAt?: Date | null;
  lastLoginAt?: Date | null;
  currentLoginAt?: Date | null;
  lastLoginIp?: string | null;
  currentLoginIp?: string | null;
  loginCount?: number;
  tfPrimaryMethod?: string | null;
  tfTotpSecret?: string | null;
  tfTotpLastStep?: number | null;
  tfPhoneNumber?: string | null;
}

export interface CreateRoleInput {
  name: string;
  description?: string | null;
  permissions?: readonly string[];
}

/** Identity attributes a user can be looked up by (Flask-Security's USER_IDENTITY_ATTRIBUTES). */
export type IdentityAttribute = 'email' | 'username';

export interface UserDatastore {
  /** Email is matched case-insensitively; username exactly as normalized by the caller. */
  findUserByIdentity(attribute: IdentityAttribute, value: string): Promise<User | null>;
  findUserById(id: number): Promise<User | null>;
  findUserByUniquifier(fsUniquifier: string): Promise<User | null>;
  /**
   * Optional: what findUserByUniquifier would answer, when a never-stale cache can say it without
   * waiting (a session store kept elsewhere, such as Redis, finds a session's owner with it).
   */
  peekUserByUniquifier?(fsUniquifier: string): User | undefined;
  /** Looks up fs_token_uniquifier, falling back to fs_uniquifier for users without one. */
  findUserByTokenUniquifier(value: string): Promise<User | null>;
  /**
   * Optional: what findUserByTokenUniquifier would answer, when a never-stale cache can say it
   * without waiting; undefined when only findUserByTokenUniquifier can tell (see peekSessionWithUser).
   */
  peekUserByTokenUniquifier?(value: string): User | undefined;
  createUser(input: CreateUserInput): Promise<User>;
  updateUser(user: User, patch: UserPatch): Promise<User>;
  deleteUser(user: User): Promise<boolean>;
  /**
   * Returns true when the flag changed. Whatever deactivation ended stays ended: activation also
   * rotates fs_token_uniquifier, so not even a token that outlived the deactivation comes back.
   */
  activateUser(user: User): Promise<boolean>;
  /** Returns true when the flag changed; a real deactivation also does all of resetUserAccess. */
  deactivateUser(user: User): Promise<boolean>;
  /** A new random fs_uniquifier (or the given one): every session of the user dies. */
  setUniquifier(user: User, value?: string): Promise<User>;
  /** A new random fs_token_uniquifier (or the given one): every token of the user dies. */
  setTokenUniquifier(user: User, value?: string): Promise<User>;
  /**
   * The one "reset access" step (Flask-Security's reset_user_access, plus links): rotates both
   * uniquifiers and deletes every unused link token of the user, of every purpose, atomically, so
   * every session, auth token and mailed link (confirm, reset, change-email) dies. Password
   * changes, resets, deactivation and the CLI all end here.
   */
  resetUserAccess(user: User): Promise<User>;

  createRole(input: CreateRoleInput): Promise<Role>;
  findRole(name: string): Promise<Role | null>;
  listRoles(): Promise<Role[]>;
  deleteRole(name: string): Promise<boolean>;
  /** Returns true when the user gained the role; throws when the role does not exist. */
  addRoleToUser(user: User, roleName: string): Promise<boolean>;
  removeRoleFromUser(user: User, roleName: string): Promise<boolean>;
  getUserRoles(user: User): Promise<Role[]>;
  addPermissionsToRole(roleName: string, permissions: readonly string[]): Promise<Role>;
  removePermissionsFromRole(roleName: string, permissions: readonly string[]): Promise<Role>;

  /** Runs fn with a datastore bound to one transaction; a throw rolls everything back. */
  transaction<T>(fn: (store: TransactionStore) => Promise<T>): Promise<T>;
}

/** A server-side session. The cookie carries a random id; only its SHA-256 is stored. */
export interface SessionRecord extends SessionMetadata {
  /** Hex SHA-256 of the session id held by the client. */
  readonly idHash: string;
  readonly fsUniquifier: string;
  /** Primary-authentication time (Flask-Security's fs_paa), epoch milliseconds. */
  readonly authenticatedAt: number;
  /** Random per-session secret that CSRF tokens are derived from (base64url). */
  readonly csrfSecret: string;
  readonly remember: boolean;
  readonly createdAt: number;
  /** Epoch milliseconds after which the session is dead. */
  readonly expiresAt: number;
  /** Small JSON-serializable feature state (e.g. pending second factor later). */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface SessionStore extends SessionManagementStore {
  createSession(record: SessionRecord): Promise<void>;
  /**
   * One indexed lookup: the session joined with its user through fs_uniquifier. Null when the
   * session is missing, expired, or its user's uniquifier has changed since it was created.
   */
  findSessionWithUser(idHash: string, nowMs: number): Promise<{ session: SessionRecord; user: User } | null>;
  /**
   * Optional: what findSessionWithUser would answer, when a never-stale cache can say it without
   * waiting (no I/O, no promise); undefined when only findSessionWithUser can tell. Guards use it
   * to pass a signed-in request synchronously.
   */
  peekSessionWithUser?(idHash: string, nowMs: number): { session: SessionRecord; user: User } | undefined;
  updateSession(
    idHash: string,
    patch: { authenticatedAt?: number; expiresAt?: number; data?: Record<string, unknown> },
  ): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteUserSessions(fsUniquifier: string): Promise<number>;
  /** Removes expired sessions; returns how many. */
  purgeExpiredSessions(nowMs: number): Promise<number>;
}

/** A mail as features write it; the outbox stores it until a worker delivers it. */
export interface OutboxMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** What the mail is for (e.g. 'confirm', 'reset-instructions'), for logs and the dev outbox. */
  readonly kind: string;
}

export interface OutboxEntry extends OutboxMessage {
  readonly id: number;
  /** Failed delivery attempts so far (markMailFailed counts them; a successful send does not). */
  readonly attempts: number;
  readonly createdAt: number;
  /** Epoch ms when the next delivery attempt is due (also the lease end while claimed). */
  readonly nextAttemptAt: number;
  readonly sentAt: number | null;
  readonly lastError: string | null;
}

/**
 * A durable outbox: mail is enqueued in the same transaction as the change it reports, and
 * delivered off the request path with retries, so an SMTP outage loses nothing.
 */
export interface MailOutbox {
  enqueueMail(message: OutboxMessage, nowMs: number): Promise<number>;
  /**
   * Claims up to `limit` unsent messages due at `nowMs` by pushing their nextAttemptAt to
   * nowMs + leaseMs, atomically, so two workers (processes) never send the same message at once.
   */
  claimDueMail(nowMs: number, limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  /** Once sent, a message is never claimed again; a later sent or failed report is ignored. */
  markMailSent(id: number, nowMs: number): Promise<void>;
  /** Records a failed attempt (attempts + 1, error cut to 500 characters) and when to try again. */
  markMailFailed(id: number, error: string, nextAttemptAtMs: number): Promise<void>;
  /** Newest first, for the demo's outbox page and tests. */
  listMail(limit: number): Promise<OutboxEntry[]>;
  /** Deletes mail delivered before `sentBeforeMs` (unsent mail is never purged); returns how many. */
  purgeSentMail(sentBeforeMs: number): Promise<number>;
}

/** A single-use link token (confirm, reset, change-email); only the SHA-256 of the token is stored. */
export interface LinkTokenRecord {
  readonly tokenHash: string;
  readonly purpose: string;
  readonly userId: number;
  /**
   * The user's fs_uniquifier when the link was issued: once it rotates the link is dead, even one
   * written by a request that raced the rotation. Null for links stored before migration 0004.
   */
  readonly fsUniquifier: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

/** A link token as it is created: unused, and bound to a uniquifier unless left out (then null). */
export type NewLinkToken = Omit<LinkTokenRecord, 'usedAt' | 'fsUniquifier'> & {
  readonly fsUniquifier?: string | null;
};

export interface LinkTokenStore {
  /**
   * With `supersede`, every unused token of the same user and purpose is deleted first (used ones
   * stay, so a reused link reads as 'used', not 'invalid'). Throws DatastoreError
   * LINK_TOKEN_EXISTS for a hash already stored, USER_NOT_FOUND for a missing user.
   */
  createLinkToken(record: NewLinkToken, options: { supersede: boolean }): Promise<void>;
  findLinkToken(tokenHash: string): Promise<LinkTokenRecord | null>;
  /** Marks the token used if it is unused and unexpired; true only for the one call that did. */
  consumeLinkToken(tokenHash: string, nowMs: number): Promise<boolean>;
  /** Deletes the user's tokens, used or not (all, or those of one purpose); returns how many. */
  deleteUserLinkTokens(userId: number, purpose?: string): Promise<number>;
  /**
   * Deletes tokens expired at `nowMs`, used or not (a used token is kept until then, so a replay
   * reads "already used" rather than "invalid"); returns how many.
   */
  purgeExpiredLinkTokens(nowMs: number): Promise<number>;
}

/**
 * A password (or other first factor) accepted and waiting for its second factor. Not a session:
 * nothing may treat it as signed in. The browser holds a random id; only its SHA-256 is stored.
 */
export interface PendingLoginRecord {
  readonly idHash: string;
  readonly userId: number;
  /** The user's fs_uniquifier at creation: once it rotates the pending login is dead. */
  readonly fsUniquifier: string;
  /** The visitor's CSRF secret, carried into the session the second factor starts. */
  readonly csrfSecret: string;
  readonly remember: boolean;
  /** The second factor this sign-in waits for ('authenticator', 'email', …). */
  readonly method: string;
  /** Codes tried so far, counted before each comparison. */
  readonly attempts: number;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Storage of second factors: the TOTP replay guard and pending second-factor sign-ins. */
export interface TwoFactorStore {
  /**
   * Records `step` as the user's last accepted TOTP step only if it is newer than the stored one,
   * in one conditional write; true for the one request that advanced it (replay refusal).
   */
  recordTOTPStep(userId: number, step: number): Promise<boolean>;
  createPendingLogin(record: PendingLoginRecord): Promise<void>;
  /** The live pending login with its user; null when missing, expired, or the uniquifier rotated. */
  findPendingLogin(
    idHash: string,
    nowMs: number,
  ): Promise<{ pending: PendingLoginRecord; user: User } | null>;
  /** Adds one attempt atomically and returns the new count; null when the record is gone. */
  countPendingLoginAttempt(idHash: string): Promise<number | null>;
  /** True only for the call that removed it (two racing completions: one wins). */
  deletePendingLogin(idHash: string): Promise<boolean>;
  purgeExpiredPendingLogins(nowMs: number): Promise<number>;
  /** Pending one-time codes (mail, SMS) in this datastore, shared by every process. */
  oneTimeCodeStore(): OneTimeCodeStore;
  /** Replaces the user's recovery codes (keyed MACs) with a new set, atomically. */
  replaceRecoveryCodes(userId: number, codeMACs: readonly string[], nowMs: number): Promise<void>;
  countRecoveryCodes(userId: number): Promise<number>;
  /** Uses one code: true only for the request that deleted it. */
  consumeRecoveryCode(userId: number, codeMAC: string): Promise<boolean>;
}

/** Everything a feature may use inside one transaction. */
export type TransactionStore = UserDatastore &
  SessionStore &
  MailOutbox &
  LinkTokenStore &
  TwoFactorStore &
  UnifiedSigninStore &
  WebAuthnStore;

/** The datastore a Security instance is built with. */
export interface Datastore
  extends UserDatastore,
    SessionStore,
    MailOutbox,
    LinkTokenStore,
    TwoFactorStore,
    UnifiedSigninStore,
    WebAuthnStore {
  /** Applies the shipped migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
