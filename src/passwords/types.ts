/** Contracts for password normalization, validation and hashing. */

/** One reason a password was refused; `code` is a stable Flask-Security message key. */
export interface PasswordProblem {
  readonly code: string;
  readonly message: string;
}

export interface PasswordValidationContext {
  /** True on registration, false on change/reset (Flask-Security's is_register). */
  readonly isRegister: boolean;
  /** Identity values of the user, so validators can refuse passwords built from them. */
  readonly userInputs?: readonly string[];
}

export interface PasswordValidationResult {
  /** Null when the password is acceptable. */
  readonly problems: readonly PasswordProblem[] | null;
  /** The normalized password: hash this, never the raw input. */
  readonly normalized: string;
}

/** Replaceable at construction, like Flask-Security's PasswordUtil. */
export interface PasswordUtil {
  normalize(password: string): string;
  validate(password: string, context: PasswordValidationContext): Promise<PasswordValidationResult>;
}

export interface PasswordVerifyResult {
  readonly valid: boolean;
  /** True when the stored hash uses a deprecated scheme or old parameters. */
  readonly needsRehash: boolean;
}

/** Hashing with bounded concurrency so password work never fills the libuv thread pool. */
export interface PasswordHasher {
  hash(normalizedPassword: string): Promise<string>;
  verify(normalizedPassword: string, storedHash: string): Promise<PasswordVerifyResult>;
  /** Spends the same time as a real verify; used for unknown users so timing does not leak. */
  verifyDummy(normalizedPassword: string): Promise<void>;
}
