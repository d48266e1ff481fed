/**
 * Storage of WebAuthn: registered credentials, the user handle authenticators keep, and the
 * single-use ceremony states (`wan_state`) that hold a challenge between options and response.
 */
import type { User } from './types.js';

/** Upstream's two roles of a key: it signs in alone ('first') or only after a password ('secondary'). */
export type WebAuthnUsage = 'first' | 'secondary';

/** A registered authenticator credential (upstream's WebAuthn model). */
export interface WebAuthnCredential {
  readonly id: number;
  readonly userId: number;
  /** The credential id, base64url, as the browser library reports it (`id`). */
  readonly credentialId: string;
  /** COSE public key, base64url. */
  readonly publicKey: string;
  readonly signCount: number;
  /** What the browser reported at registration (`response.transports`), e.g. ['internal', 'hybrid']. */
  readonly transports: readonly string[];
  /** Authenticator data flag BE: the credential may be synced (a passkey). */
  readonly backupEligible: boolean;
  /** Authenticator data flag BS: the credential is synced now (updated on every use). */
  readonly backupState: boolean;
  /** 'singleDevice' or 'multiDevice', as @simplewebauthn reports it. */
  readonly deviceType: string;
  readonly aaguid: string;
  readonly name: string;
  readonly usage: WebAuthnUsage;
  /** credProps.rk from the browser: true for a passkey, null when the browser did not say. */
  readonly discoverable: boolean | null;
  /**
   * Set (epoch ms) the first time an assertion's sign count went backwards: a sign of a cloned
   * authenticator. Such a credential is refused until it is deleted and registered again.
   */
  readonly counterRegressedAt: number | null;
  readonly createdAt: number;
  readonly lastUsedAt: number;
}

export type WebAuthnDeletion = 'deleted' | 'missing' | 'last-way-in';

export type NewWebAuthnCredential = Omit<WebAuthnCredential, 'id' | 'counterRegressedAt' | 'lastUsedAt'>;

/**
 * A ceremony in progress: the options sent to the browser, waiting for its answer. Only the
 * SHA-256 of the random `wan_state` is stored; it is consumed by the one request that reads it.
 */
export interface WebAuthnStateRecord {
  readonly tokenHash: string;
  /** 'register', 'signin', 'verify', …: a state of one ceremony never completes another. */
  readonly purpose: string;
  /** The user the ceremony is for; null for a sign-in that has no identity yet (passkey). */
  readonly userId: number | null;
  /** SHA-256 of the browser's CSRF secret: another browser cannot complete the ceremony. */
  readonly bindingHash: string;
  /** The challenge and whatever the response needs to be checked against (JSON object). */
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface WebAuthnStore {
  /**
   * Throws DatastoreError WEBAUTHN_NAME_EXISTS when the user already has a credential of that
   * name, WEBAUTHN_CREDENTIAL_EXISTS when the credential id is registered (to anyone).
   */
  createWebAuthnCredential(input: NewWebAuthnCredential): Promise<WebAuthnCredential>;
  /** The user's credentials, oldest first. */
  listWebAuthnCredentials(userId: number): Promise<WebAuthnCredential[]>;
  findWebAuthnCredential(credentialId: string): Promise<WebAuthnCredential | null>;
  /**
   * Records a verified assertion: the new sign count, backup state and time of use, only when the
   * count moved forward (or both it and the stored one are 0, for authenticators that keep no
   * count). True for the one call that recorded it; false means the count did not advance.
   */
  recordWebAuthnUse(
    credentialId: string,
    use: { signCount: number; backupState: boolean; nowMs: number },
  ): Promise<boolean>;
  /** Marks the credential as refused for a sign count that went backwards (first time kept). */
  markWebAuthnCounterRegressed(credentialId: string, nowMs: number): Promise<void>;
  /**
   * Deletes the user's credential of that name: 'missing' when there is none. With
   * `keepOneFirstFactor` (a user with no password), the last credential of usage 'first' is kept
   * and 'last-way-in' answered; two racing deletes of a user's last two cannot both pass.
   */
  deleteWebAuthnCredential(
    userId: number,
    name: string,
    options?: { keepOneFirstFactor?: boolean },
  ): Promise<WebAuthnDeletion>;
  /**
   * The user's stable WebAuthn user handle (fs_webauthn_user_handle), created on first need as
   * 16 random bytes in hex, upstream's format (uuid4().hex); authenticators get its UTF-8 bytes,
   * well under the spec's 64-byte limit. Racing callers all get the same value.
   */
  ensureWebAuthnUserHandle(userId: number): Promise<string>;
  findUserByWebAuthnUserHandle(userHandle: string): Promise<User | null>;
  createWebAuthnState(record: WebAuthnStateRecord): Promise<void>;
  /**
   * Removes the state and returns it, expired or not (the caller tells "expired" from "unknown");
   * null when it is missing or another call took it first.
   */
  consumeWebAuthnState(tokenHash: string): Promise<WebAuthnStateRecord | null>;
  purgeExpiredWebAuthnStates(nowMs: number): Promise<number>;
}
